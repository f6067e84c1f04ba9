using QuasiProperty.Inputs;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Application;

/// <summary>A quarter to assess as of a time: every contract active in it, or only some (a job's share).</summary>
public sealed record QuarterRequest(Quarter Quarter, DateTimeOffset AsOf)
{
    /// <summary>The contracts to assess, by id; null for every contract active in the quarter.</summary>
    public IReadOnlyCollection<string>? Contracts { get; init; }

    /// <summary>Reports how much of the inputs has been read, for a progress bar.</summary>
    public IProgress<ReadProgress>? Progress { get; init; }
}

/// <summary>A quarter assessed for a request: nothing is written or recorded yet.</summary>
public sealed record AssessedQuarter(QuarterRequest Request, QuarterResult Result);

/// <summary>An issued quarter, and why any earlier quarter is missing from its reports' charts.</summary>
public sealed record IssuedQuarter(QuarterResult Result, IReadOnlyList<InputProblem> ChartWarnings);

/// <summary>A contract's interim month, as the monthly scorecards record it.</summary>
public sealed record MonthScorecard(Model.Contract Contract, Rules.RuleVersion Rules, MonthAssessment Month, string InputDigest);
