namespace QuasiProperty.Feedback;

/// <summary>
/// A grid incident that a dispute names, as the month's grid file has it: the grid is otherwise kept only as counts,
/// so these are picked out while it is read, to be taken out of the counts when the dispute is upheld.
/// </summary>
/// <param name="Overdue">Overdue at the as-of time (<see cref="Scoring.Incident.IsOverdue"/>).</param>
/// <param name="Open">Still open at the as-of time.</param>
public sealed record ContestedIncident(string IncidentId, string CommunityId, string Category, bool Overdue, bool Open);
