using QuasiProperty.Model;
using QuasiProperty.Rules;
using QuasiProperty.Time;

namespace QuasiProperty.Scoring;

/// <summary>
/// The months of earlier quarters, scored with the rule version then in force, for the trend chart
/// of a report. Nothing is paid from them.
/// </summary>
public static class History
{
    public const int Quarters = 3;

    public static Dictionary<string, IReadOnlyList<MonthAssessment>> Assess(
        ReferenceData reference, RuleBook rules, IEnumerable<Contract> contracts, IEnumerable<(Quarter Quarter, IReadOnlyList<MonthInputs> Months)> earlier)
    {
        var quarters = earlier.OrderBy(q => q.Quarter).ToArray();
        var history = new Dictionary<string, IReadOnlyList<MonthAssessment>>(StringComparer.Ordinal);
        foreach (var contract in contracts)
        {
            var community = reference.Community(contract.CommunityId);
            history[contract.Id] = quarters
                .Where(q => contract.IsActiveIn(q.Quarter) && rules.InForce(contract.RuleSet, q.Quarter) is not null)
                .SelectMany(q => q.Months.Select(m => Assessor.AssessMonth(community, rules.InForce(contract.RuleSet, q.Quarter)!, m.For(community))))
                .ToArray();
        }
        return history;
    }

    /// <summary>The quarters before <paramref name="quarter"/> that a report's chart shows.</summary>
    public static IEnumerable<Quarter> Before(Quarter quarter) =>
        Enumerable.Range(1, Quarters).Select(n => Enumerable.Range(0, n).Aggregate(quarter, (q, _) => q.Previous())).Reverse();
}
