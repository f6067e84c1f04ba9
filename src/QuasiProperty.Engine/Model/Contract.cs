using QuasiProperty.Time;

namespace QuasiProperty.Model;

/// <summary>
/// A quasi-property management contract: one company serving one community for a quarterly fee,
/// assessed under one rule set, active from <see cref="Start"/> to <see cref="End"/> inclusive.
/// </summary>
public sealed record Contract(
    string Id,
    string CompanyId,
    string CommunityId,
    string RuleSet,
    decimal QuarterlyFee,
    Quarter Start,
    Quarter? End)
{
    public bool IsActiveIn(Quarter quarter) => Start <= quarter && (End is not { } end || quarter <= end);
}
