using QuasiProperty.Model;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Feedback;

/// <summary>A household's reward for a quarter's useful clues and suggestions (a row of <c>rewards.csv</c>).</summary>
public sealed record Reward(Quarter Quarter, string CommunityId, string HouseholdRef, int UsefulClues, int UsefulSuggestions, decimal Amount);

/// <summary>
/// Rewards for residents' useful clues and suggestions (feedback.md §3): per household, what its useful ones earn
/// capped at the household cap; per community, scaled down (and rounded down to the cent) when the households
/// together would exceed the budget, so that a community never pays more than its budget.
/// </summary>
public static class Rewards
{
    /// <summary>
    /// The quarter's rewards, ordered by community id then household (ordinal). A community counts when a contract is
    /// active in it; the rules are those in force for the rule set of its active contract with the lowest id.
    /// </summary>
    public static IReadOnlyList<Reward> Assess(ReferenceData reference, RuleBook rules, Quarter quarter, IReadOnlyList<MonthInputs> months)
    {
        var rulesOf = reference.Contracts
            .Where(c => c.IsActiveIn(quarter))
            .GroupBy(c => c.CommunityId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => rules.InForce(g.MinBy(c => c.Id, StringComparer.Ordinal)!.RuleSet, quarter)?.Rewards, StringComparer.Ordinal);
        var useful = months
            .Where(m => m.Month.Quarter == quarter)
            .SelectMany(m => m.Feedback.Clues ?? [])
            .Where(c => c.Useful == true && rulesOf.TryGetValue(c.CommunityId, out var r) && r is not null);
        return [.. useful
            .GroupBy(c => c.CommunityId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => Community(quarter, g.Key, rulesOf[g.Key]!, g))];
    }

    /// <summary>One community's rewards from its useful clues and suggestions of the quarter.</summary>
    public static IEnumerable<Reward> Community(Quarter quarter, string communityId, RewardRules rules, IEnumerable<Clue> useful)
    {
        var households = useful
            .GroupBy(c => c.HouseholdRef, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var clues = g.Count(c => c.Kind == ClueKind.Clue);
                var suggestions = g.Count(c => c.Kind == ClueKind.Suggestion);
                var raw = clues * rules.PerUsefulClue + suggestions * rules.PerUsefulSuggestion;
                return (Household: g.Key, Clues: clues, Suggestions: suggestions, Capped: Math.Min(raw, rules.HouseholdCap));
            })
            .ToArray();
        var total = households.Sum(h => h.Capped);
        return households.Select(h => new Reward(quarter, communityId, h.Household, h.Clues, h.Suggestions,
            total <= rules.CommunityBudget ? h.Capped : RoundDown(h.Capped * rules.CommunityBudget / total)));
    }

    /// <summary>Down to the cent, so that the scaled rewards together stay within the budget.</summary>
    private static decimal RoundDown(decimal amount) => Math.Floor(amount * 100m) / 100m;
}
