using QuasiProperty.Feedback;
using QuasiProperty.Model;
using QuasiProperty.Time;

namespace QuasiProperty.Scoring;

/// <summary>
/// Everything scoring needs from one month, for every community of a data set. The readers fill it
/// in the community order of the reference data it is built with; scoring asks it for one
/// community's month (<see cref="For"/>) and never sees that order.
/// </summary>
public sealed class MonthInputs
{
    private readonly IReadOnlyDictionary<string, int>? communityIndex;
    private readonly SurveyTally?[]? surveys;
    private readonly CommitteeReport?[]? committee;
    private readonly GridMonth? grid;

    /// <param name="communityIndex">Each community's position in the arrays (<see cref="ReferenceData.CommunityIndex"/>).</param>
    /// <param name="surveys">The month's survey tallies by community, or null when the month has no survey file.</param>
    /// <param name="committee">The month's committee reports by community, or null when the month has no committee file.</param>
    /// <param name="grid">The month's grid counts, or null when the month has no grid file.</param>
    public MonthInputs(
        Month month, IReadOnlyDictionary<string, int> communityIndex, SurveyTally?[]? surveys, CommitteeReport?[]? committee, GridMonth? grid)
    {
        Month = month;
        this.communityIndex = communityIndex;
        this.surveys = surveys;
        this.committee = committee;
        this.grid = grid;
    }

    public MonthInputs(Month month, ReferenceData reference, SurveyTally?[]? surveys, CommitteeReport?[]? committee, GridMonth? grid)
        : this(month, reference.CommunityIndex, surveys, committee, grid)
    {
    }

    private MonthInputs(Month month) => Month = month;

    public Month Month { get; }

    /// <summary>The month's v1.1 inputs (feedback.md); none unless the readers found some.</summary>
    public MonthFeedback Feedback { get; init; } = MonthFeedback.None;

    /// <summary>A month with no file of any source.</summary>
    public static MonthInputs Empty(Month month) => new(month);

    /// <summary>One community's inputs of the month.</summary>
    public CommunityMonth For(Community community) =>
        communityIndex is null ? new CommunityMonth(this, -1) : new CommunityMonth(this, communityIndex[community.Id]);

    /// <summary>The month of <paramref name="month"/> among <paramref name="months"/>, or an empty one when it is not there.</summary>
    public static MonthInputs Find(IReadOnlyList<MonthInputs> months, Month month)
    {
        for (var i = 0; i < months.Count; i++)
        {
            if (months[i].Month == month) return months[i];
        }
        return Empty(month);
    }

    internal bool HasSurveys => surveys is not null;

    internal bool HasCommittee => committee is not null;

    internal bool HasGrid => grid is not null;

    internal SurveyTally? Survey(int community) => surveys?[community];

    internal CommitteeReport? Committee(int community) => committee?[community];

    internal GridMonth? Grid => grid;

    internal CommunityAssessment? CommunityAssessment(int community) => community < 0 ? null : Feedback.Assessments?[community];
}
