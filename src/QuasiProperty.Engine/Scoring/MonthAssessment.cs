using QuasiProperty.Feedback;
using QuasiProperty.Time;

namespace QuasiProperty.Scoring;

/// <summary>
/// One contract's month: each component with the inputs behind it, and the month score.
/// Scores are unrounded; rounding happens only where the spec says (display, quarter score).
/// </summary>
public sealed record MonthAssessment(
    Month Month,
    SatisfactionComponent Satisfaction,
    CommitteeComponent? Committee,
    GridComponent? Grid,
    decimal? Score,
    CommunityAssessment? Community = null)
{
    public bool IsAssessed => Score is not null;
}

/// <summary>Resident satisfaction (居民满意度): available when at least <see cref="MinResponses"/> valid responses.</summary>
/// <param name="SurveyFileExists">Whether the month has a survey file at all.</param>
/// <param name="ValidResponses">Responses with at least one answered item (0 when none).</param>
/// <param name="EmptyResponses">Responses that answered nothing; not counted.</param>
/// <param name="MinResponses">Valid responses the rules require for a score.</param>
/// <param name="Mean">Mean response score, even when too few responses for a score (for the report).</param>
/// <param name="StandardDeviation">Sample standard deviation of the response scores, for intervals only.</param>
/// <param name="Score">The component, or null when not available.</param>
public sealed record SatisfactionComponent(
    bool SurveyFileExists,
    int ValidResponses,
    int EmptyResponses,
    int MinResponses,
    decimal? Mean,
    double? StandardDeviation,
    decimal? Score);

/// <summary>Committee feedback (自管会): max(0, rating − penalty × (unresolved − issues taken out by upheld disputes)).</summary>
/// <param name="IssuesDisputed">Unresolved issues that upheld disputes took out; the penalty counts the rest.</param>
public sealed record CommitteeComponent(decimal Rating, int IssuesRaised, int IssuesUnresolved, decimal Penalty, decimal Score, int IssuesDisputed = 0)
{
    /// <summary>The unresolved issues the penalty counts.</summary>
    public int IssuesCounted => IssuesUnresolved - IssuesDisputed;
}

/// <summary>Urban grid incidents (网格件): weighted rate per 1,000 households mapped linearly onto 0..100.</summary>
/// <remarks><see cref="Incidents"/>, <see cref="Overdue"/> and <see cref="Open"/> count the incidents scored; <see cref="Uncounted"/> those of
/// categories the rules do not list, and <see cref="Disputed"/> those taken out by upheld disputes.</remarks>
public sealed record GridComponent(
    int Incidents,
    int Overdue,
    int Open,
    int Uncounted,
    int Households,
    decimal Weighted,
    decimal Rate,
    decimal Score,
    int Disputed = 0);
