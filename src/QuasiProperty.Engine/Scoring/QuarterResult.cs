using QuasiProperty.Feedback;
using QuasiProperty.Model;
using QuasiProperty.Time;

namespace QuasiProperty.Scoring;

/// <summary>
/// A quarter assessed for all its contracts, with the totals finance pays from. A v1.1 run (<see cref="IsFeedbackRun"/>,
/// feedback.md §0) also has its contracts' disputes and withheld money, and the residents' rewards.
/// </summary>
public sealed record QuarterResult(
    Quarter Quarter,
    DateTimeOffset AsOf,
    ReferenceData Reference,
    IReadOnlyList<QuarterAssessment> Assessments,
    IReadOnlyList<InputProblem> Warnings,
    bool IsFeedbackRun = false,
    IReadOnlyList<Reward>? Rewards = null)
{
    /// <summary>A v1.1 run's rewards (feedback.md §3); none in a v1 run.</summary>
    public IReadOnlyList<Reward> Rewards { get; init; } = Rewards ?? [];

    public decimal TotalWithheld => Assessments.Sum(a => a.Feedback?.Withheld ?? 0m);

    public decimal TotalFees => Assessments.Sum(a => a.Contract.QuarterlyFee);
    public decimal TotalPayout => Assessments.Sum(a => a.Payout);
    public decimal TotalDeductions => Assessments.Sum(a => a.Deduction);
    public int Unassessable => Assessments.Count(a => a.Status == QuarterStatus.Unassessable);
    public int Reduced => Assessments.Count(a => a.IsReduced);
}
