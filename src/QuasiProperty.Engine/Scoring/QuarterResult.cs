using QuasiProperty.Model;
using QuasiProperty.Time;

namespace QuasiProperty.Scoring;

/// <summary>A quarter assessed for all its contracts, with the totals finance pays from.</summary>
public sealed record QuarterResult(
    Quarter Quarter,
    DateTimeOffset AsOf,
    ReferenceData Reference,
    IReadOnlyList<QuarterAssessment> Assessments,
    IReadOnlyList<InputProblem> Warnings)
{
    public decimal TotalFees => Assessments.Sum(a => a.Contract.QuarterlyFee);
    public decimal TotalPayout => Assessments.Sum(a => a.Payout);
    public decimal TotalDeductions => Assessments.Sum(a => a.Deduction);
    public int Unassessable => Assessments.Count(a => a.Status == QuarterStatus.Unassessable);
    public int Reduced => Assessments.Count(a => a.IsReduced);
}
