using QuasiProperty.Time;

namespace QuasiProperty.Rules;

/// <summary>All versions of all rule sets, and which one is in force for a quarter.</summary>
public sealed class RuleBook
{
    private readonly Dictionary<string, RuleVersion[]> sets;

    public RuleBook(IEnumerable<RuleVersion> versions)
    {
        sets = versions
            .GroupBy(v => v.RuleSet, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(v => v.EffectiveFrom).ToArray(), StringComparer.Ordinal);
    }

    public IEnumerable<string> RuleSets => sets.Keys.Order(StringComparer.Ordinal);

    public IReadOnlyList<RuleVersion> VersionsOf(string ruleSet) =>
        sets.TryGetValue(ruleSet, out var versions) ? versions : [];

    public bool HasRuleSet(string ruleSet) => sets.ContainsKey(ruleSet);

    /// <summary>The version with the greatest <c>effective_from</c> not after <paramref name="quarter"/>, if any.</summary>
    public RuleVersion? InForce(string ruleSet, Quarter quarter) =>
        sets.TryGetValue(ruleSet, out var versions) ? versions.LastOrDefault(v => v.EffectiveFrom <= quarter) : null;
}
