using QuasiProperty.Time;

namespace QuasiProperty.Scoring;

/// <summary>
/// Everything scoring needs from one month, for every community, indexed by community. A null
/// source means its file does not exist for the month; a null entry means the community has none.
/// </summary>
public sealed record MonthInputs(
    Month Month,
    SurveyTally?[]? Surveys,
    CommitteeReport?[]? Committee,
    GridMonth? Grid)
{
    public static MonthInputs Empty(Month month) => new(month, null, null, null);
}
