using QuasiProperty.Time;

namespace QuasiProperty.Rules;

/// <summary>
/// One adopted version of a rule set: the weights, thresholds and pay bands that a committee
/// resolution put in force from <see cref="EffectiveFrom"/>. <see cref="Sha256"/> is the hash of
/// the file's bytes, recorded with every result so that an edited version can be detected.
/// </summary>
public sealed record RuleVersion(
    string RuleSet,
    int Version,
    Quarter EffectiveFrom,
    DateOnly AdoptedOn,
    string AdoptedBy,
    string? Note,
    ComponentWeights Weights,
    SatisfactionRules Satisfaction,
    CommitteeRules Committee,
    GridRules Grid,
    PayoutRules Payout,
    string Sha256,
    string SourceFile);

/// <summary>Weights of the three monthly components; each &gt; 0, summing to exactly 1.</summary>
public sealed record ComponentWeights(decimal Satisfaction, decimal Committee, decimal Grid);

/// <summary>Weights of the four survey items (cleaning, greening, order, convenience), in that order.</summary>
public sealed record SatisfactionRules(IReadOnlyList<decimal> ItemWeights, int MinResponses)
{
    /// <summary>The survey items in the order <see cref="ItemWeights"/> uses, as the CSV names them.</summary>
    public static readonly IReadOnlyList<string> Items = ["cleaning", "greening", "order", "convenience"];
}

public sealed record CommitteeRules(decimal UnresolvedPenalty);

public sealed record GridRules(IReadOnlyList<string> Categories, decimal FullMarksRate, decimal ZeroMarksRate, decimal OverdueWeight)
{
    public bool Counts(string category)
    {
        // A loop, not LINQ: asked for every category of every contract's month.
        for (var i = 0; i < Categories.Count; i++)
        {
            if (string.Equals(Categories[i], category, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}

public sealed record PayoutRules(
    int MinAssessedMonths,
    decimal UnassessablePayRatio,
    IReadOnlyList<PayBand> Bands,
    MonthFloor? MonthFloor);

/// <summary>Quarter scores of at least <see cref="MinScore"/> are paid <see cref="PayRatio"/> of the fee.</summary>
public sealed record PayBand(decimal MinScore, decimal PayRatio);

/// <summary>Any assessed month scoring (rounded) below <see cref="ScoreBelow"/> caps the pay ratio.</summary>
public sealed record MonthFloor(decimal ScoreBelow, decimal MaxPayRatio);
