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
    string SourceFile,
    RewardRules? Rewards = null);

/// <summary>
/// Weights of the monthly components, summing to exactly 1: satisfaction, committee and grid each &gt; 0, and the
/// community assessment (feedback.md §1) &gt;= 0, where 0 (the default, and every v1 rule file) leaves it out.
/// </summary>
public sealed record ComponentWeights(decimal Satisfaction, decimal Committee, decimal Grid, decimal Community = 0m)
{
    /// <summary>
    /// The month score (spec "Scoring", step 2): the weighted mean of the available components, so that the
    /// weights are renormalised over them; null when no component is available.
    /// </summary>
    public decimal? Combine(decimal? satisfaction, decimal? committee, decimal? grid, decimal? community = null)
    {
        decimal weighted = 0m, weights = 0m;
        if (satisfaction is { } s)
        {
            weighted += Satisfaction * s;
            weights += Satisfaction;
        }
        if (committee is { } c)
        {
            weighted += Committee * c;
            weights += Committee;
        }
        if (grid is { } g)
        {
            weighted += Grid * g;
            weights += Grid;
        }
        if (community is { } k && Community > 0m)
        {
            weighted += Community * k;
            weights += Community;
        }
        return weights == 0m ? null : weighted / weights;
    }

    /// <summary>
    /// The share of the month score that the satisfaction component carries when the components marked available
    /// are, as <see cref="Combine"/> weighs them; 0 when satisfaction is not available.
    /// </summary>
    public decimal SatisfactionShare(bool satisfaction, bool committee, bool grid, bool community = false)
    {
        if (!satisfaction) return 0m;
        var weights = Satisfaction;
        if (committee) weights += Committee;
        if (grid) weights += Grid;
        if (community) weights += Community;
        return Satisfaction / weights;
    }
}

/// <summary>Weights of the four survey items (cleaning, greening, order, convenience), in that order.</summary>
public sealed record SatisfactionRules(IReadOnlyList<decimal> ItemWeights, int MinResponses)
{
    /// <summary>The survey items in the order <see cref="ItemWeights"/> uses, as the CSV names them.</summary>
    public static readonly IReadOnlyList<string> Items = ["cleaning", "greening", "order", "convenience"];
}

public sealed record CommitteeRules(decimal UnresolvedPenalty);

public sealed record GridRules(IReadOnlyList<string> Categories, decimal FullMarksRate, decimal ZeroMarksRate, decimal OverdueWeight)
{
    /// <summary>Counted incidents weighted by lateness: on time count 1, overdue count <see cref="OverdueWeight"/>.</summary>
    public decimal Weighted(int onTime, int overdue) => onTime + OverdueWeight * overdue;

    /// <summary>Weighted incidents per 1,000 households.</summary>
    public decimal Rate(int onTime, int overdue, int households) => Weighted(onTime, overdue) * 1000m / households;

    /// <summary>The grid component for a rate: full marks up to <see cref="FullMarksRate"/>, none from <see cref="ZeroMarksRate"/>, linear between.</summary>
    public decimal Score(decimal rate) =>
        rate <= FullMarksRate ? 100m
        : rate >= ZeroMarksRate ? 0m
        : 100m * (ZeroMarksRate - rate) / (ZeroMarksRate - FullMarksRate);

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
    MonthFloor? MonthFloor)
{
    /// <summary>The band a (rounded) quarter score falls in: the first, in the file's descending order, whose minimum it reaches.</summary>
    public PayBand BandFor(decimal score)
    {
        foreach (var band in Bands)
        {
            if (band.MinScore <= score) return band;
        }
        throw new InvalidOperationException($"no pay band starts at or below {score}; a rule file's last band starts at 0");
    }
}

/// <summary>Quarter scores of at least <see cref="MinScore"/> are paid <see cref="PayRatio"/> of the fee.</summary>
public sealed record PayBand(decimal MinScore, decimal PayRatio);

/// <summary>Any assessed month scoring (rounded) below <see cref="ScoreBelow"/> caps the pay ratio.</summary>
public sealed record MonthFloor(decimal ScoreBelow, decimal MaxPayRatio)
{
    /// <summary>The month score, rounded to 2 decimals as the spec rounds scores before comparing, is under the floor.</summary>
    public bool IsBelow(decimal monthScore) => Scoring.Money.Round(monthScore) < ScoreBelow;
}

/// <summary>
/// Rewards for residents' useful clues and suggestions (feedback.md §3), in CNY: so much per useful clue and per
/// useful suggestion, at most <see cref="HouseholdCap"/> per household and <see cref="CommunityBudget"/> per community a quarter.
/// </summary>
public sealed record RewardRules(decimal PerUsefulClue, decimal PerUsefulSuggestion, decimal HouseholdCap, decimal CommunityBudget);
