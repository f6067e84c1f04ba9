namespace QuasiProperty.Feedback;

/// <summary>
/// The v1.1 inputs of one month (feedback.md): the community assessments, the grid incidents that disputes name,
/// and the residents' clues. A null part means the month has no such file.
/// </summary>
/// <param name="Assessments">By community, in the reference data's order; null without a <c>community/</c> file.</param>
/// <param name="ContestedIncidents">The month's grid incidents that some dispute names, by incident id.</param>
/// <param name="Clues">The month's clues and suggestions, in file order; null without a <c>clues/</c> file.</param>
public sealed record MonthFeedback(
    CommunityAssessment?[]? Assessments,
    IReadOnlyDictionary<string, ContestedIncident> ContestedIncidents,
    IReadOnlyList<Clue>? Clues)
{
    public static readonly MonthFeedback None = new(null, new Dictionary<string, ContestedIncident>(StringComparer.Ordinal), null);

    /// <summary>The month has a v1.1 file (a <c>community/</c> or <c>clues/</c> file), which makes its quarter's run a v1.1 run.</summary>
    public bool HasFiles => Assessments is not null || Clues is not null;
}
