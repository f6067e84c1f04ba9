using QuasiProperty.Feedback;
using QuasiProperty.Time;

namespace QuasiProperty.Scoring;

/// <summary>
/// One community's inputs of one month, as scoring reads them: which sources have a file for the
/// month, the survey tally, the committee's report and the grid incidents.
/// </summary>
public readonly struct CommunityMonth
{
    private readonly MonthInputs inputs;
    private readonly int community;

    internal CommunityMonth(MonthInputs inputs, int community)
    {
        this.inputs = inputs;
        this.community = community;
    }

    public Month Month => inputs.Month;

    /// <summary>The month has a survey file (the community may still have no response in it).</summary>
    public bool HasSurveyFile => inputs.HasSurveys;

    public bool HasCommitteeFile => inputs.HasCommittee;

    public bool HasGridFile => inputs.HasGrid;

    /// <summary>The community's survey responses of the month; null when it has none.</summary>
    public SurveyTally? Survey => inputs.Survey(community);

    /// <summary>The committee's report on the community's month; null when there is none.</summary>
    public CommitteeReport? Committee => inputs.Committee(community);

    /// <summary>The community office's assessment of the month (feedback.md §1); null when it has none.</summary>
    public CommunityAssessment? CommunityAssessment => inputs.CommunityAssessment(community);

    /// <summary>A grid incident of the month that a dispute names, as the grid file has it; null when the file has no such incident.</summary>
    public ContestedIncident? Contested(string incidentId) =>
        inputs.Feedback.ContestedIncidents.TryGetValue(incidentId, out var incident) ? incident : null;

    /// <summary>The community's grid incidents, split by whether <paramref name="counted"/> says the category counts; null without a grid file.</summary>
    public GridCounts? GridCounts(Func<string, bool> counted) => inputs.Grid?.CountsFor(community, counted);

    /// <summary>Writes exactly what scoring reads of the month, for the digest of a contract's inputs.</summary>
    internal void WriteTo(BinaryWriter writer)
    {
        writer.Write(Month.ToString());
        writer.Write(HasSurveyFile);
        if (Survey is { } tally) tally.WriteTo(writer);
        writer.Write(HasCommitteeFile);
        if (Committee is { } report)
        {
            writer.Write(Assessor.Canonical(report.Rating));
            writer.Write(report.IssuesRaised);
            writer.Write(report.IssuesUnresolved);
        }
        writer.Write(HasGridFile);
        inputs.Grid?.WriteTo(writer, community);
    }

    /// <summary>Writes the month's v1.1 inputs that scoring reads: the community assessment and the incidents disputes name.</summary>
    internal void WriteFeedbackTo(BinaryWriter writer)
    {
        writer.Write(CommunityAssessment is { } assessed);
        if (CommunityAssessment is { } a)
        {
            writer.Write(Assessor.Canonical(a.Score));
            writer.Write(a.AssessedBy);
            writer.Write(a.Note ?? "");
        }
        foreach (var incident in inputs.Feedback.ContestedIncidents.Values.OrderBy(i => i.IncidentId, StringComparer.Ordinal))
        {
            writer.Write(incident.IncidentId);
            writer.Write(incident.CommunityId);
            writer.Write(incident.Category);
            writer.Write(incident.Overdue);
            writer.Write(incident.Open);
        }
    }
}
