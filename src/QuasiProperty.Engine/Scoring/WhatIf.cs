using QuasiProperty.Feedback;
using QuasiProperty.Model;
using QuasiProperty.Rules;
using QuasiProperty.Time;

namespace QuasiProperty.Scoring;

/// <summary>One contract's quarter under the version in force and under a candidate version.</summary>
public sealed record WhatIfLine(QuarterAssessment Current, QuarterAssessment Candidate)
{
    public decimal PayoutChange => Candidate.Payout - Current.Payout;
}

/// <summary>
/// What a candidate rule version would do to a quarter's payouts, before a committee adopts it:
/// the quarter is assessed twice from the same inputs, once under the version in force and once
/// with the candidate in its place for the contracts of its rule set.
/// </summary>
public static class WhatIf
{
    public static IReadOnlyList<WhatIfLine> Compare(
        ReferenceData reference, RuleBook inForce, RuleVersion candidate, Quarter quarter, IReadOnlyList<MonthInputs> months, DisputeBook? disputes = null)
    {
        var current = Assessor.AssessQuarter(reference, inForce, quarter, months, disputes: disputes);
        return current.Select(a =>
        {
            if (a.Contract.RuleSet != candidate.RuleSet) return new WhatIfLine(a, a);
            return new WhatIfLine(a, Assessor.AssessContract(a.Contract, a.Community, candidate, quarter, months,
                a.Feedback is null ? null : a.Feedback.Disputes));
        }).ToArray();
    }

    /// <summary>The rule book without the candidate's own file, so that "in force" means what is adopted now.</summary>
    public static RuleBook Without(RuleBook book, RuleVersion candidate) =>
        new(book.RuleSets.SelectMany(book.VersionsOf).Where(v =>
            !string.Equals(Path.GetFullPath(v.SourceFile), Path.GetFullPath(candidate.SourceFile), StringComparison.Ordinal)));
}
