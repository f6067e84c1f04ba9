using QuasiProperty.Model;
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

    /// <summary>
    /// The version in force for each contract, by contract id. Every contract must have one: otherwise
    /// nothing is assessed, and the refusal names each contract, its rule set and the versions there are.
    /// </summary>
    /// <param name="contractsFile">Where the contracts come from, for the messages.</param>
    public IReadOnlyDictionary<string, RuleVersion> InForceFor(IEnumerable<Contract> contracts, Quarter quarter, string contractsFile)
    {
        var versions = new Dictionary<string, RuleVersion>(StringComparer.Ordinal);
        var missing = new List<InputProblem>();
        foreach (var contract in contracts)
        {
            if (InForce(contract.RuleSet, quarter) is { } version)
            {
                versions[contract.Id] = version;
                continue;
            }
            missing.Add(new InputProblem(contractsFile, 0, "rule_set",
                $"contract {contract.Id}: no version of rule set '{contract.RuleSet}' is in force in {quarter} " +
                $"(versions start at {string.Join(", ", VersionsOf(contract.RuleSet).Select(v => $"{v.EffectiveFrom} in {v.SourceFile}"))})"));
        }
        if (missing.Count > 0) throw new InvalidInputException(missing);
        return versions;
    }
}
