using QuasiProperty.Feedback;
using QuasiProperty.Model;
using QuasiProperty.Rules;
using QuasiProperty.Time;

namespace QuasiProperty.Scoring;

public enum QuarterStatus
{
    /// <summary>Enough assessed months: the quarter score decides the pay ratio.</summary>
    Assessed,

    /// <summary>Too few assessed months: the rule's unassessable pay ratio applies.</summary>
    Unassessable,
}

/// <summary>
/// The payment decision for one contract and quarter, with everything needed to explain it:
/// the months, the band and floor that applied, and the deduction in money.
/// </summary>
public sealed record QuarterAssessment(
    Contract Contract,
    Community Community,
    Quarter Quarter,
    RuleVersion Rules,
    IReadOnlyList<MonthAssessment> Months,
    QuarterStatus Status,
    decimal? QuarterScoreExact,
    decimal? QuarterScore,
    PayBand? Band,
    FloorCap? Floor,
    decimal PayRatio,
    decimal Payout,
    decimal Deduction,
    string InputDigest,
    QuarterFeedback? Feedback = null)
{
    public int AssessedMonths => Months.Count(m => m.IsAssessed);

    public bool IsReduced => Deduction > 0;
}

/// <summary>The month floor capped the pay ratio: which months fell below it, and the ratio before the cap.</summary>
public sealed record FloorCap(MonthFloor Rule, IReadOnlyList<Month> MonthsBelow, decimal RatioBeforeCap);

/// <summary>
/// A contract's quarter in a v1.1 run (feedback.md §0, §2): its disputes as they stood at the as-of time, and the
/// money the open ones withhold. <see cref="Withheld"/> is what the quarter would pay more with every open dispute
/// upheld (<see cref="IfUpheld"/>) than it pays now, with every one rejected.
/// </summary>
/// <param name="Disputes">The contract's disputes about the quarter's months filed by the as-of time, by id.</param>
/// <param name="IfUpheld">The quarter assessed with every open dispute upheld; null when none is open.</param>
public sealed record QuarterFeedback(IReadOnlyList<DisputeOutcome> Disputes, decimal Withheld, QuarterAssessment? IfUpheld)
{
    public int OpenDisputes => Disputes.Count(d => d.State == DisputeState.Open);
}
