using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Reports;

/// <summary>
/// Whether chance alone could have changed the money (docs/statistics.md explains it in plain words).
/// Only the survey is a sample: the grid counts every incident of the month and the committee rates it. The survey's
/// error is carried by variance propagation into a 95% range for each month score and for the quarter
/// score, and the engine's own pay rule (bands and month floor, in decimal) is asked what it would pay at
/// plausible scores inside those ranges. Money is never computed from this: the payment stays the one the
/// rule gives for the observed scores.
/// </summary>
/// <param name="Low">Low end of the quarter score's 95% range.</param>
/// <param name="High">High end of the quarter score's 95% range.</param>
/// <param name="Months">The assessed months with their own 95% ranges.</param>
/// <param name="PayRatios">Every pay ratio the rule gives inside the ranges, ascending; the applied one included.</param>
/// <param name="Alternatives">One plausible alternative for each pay ratio other than the applied one, the smallest move first.</param>
public sealed record MarginOfError(
    double Low, double High, IReadOnlyList<MonthMargin> Months, IReadOnlyList<decimal> PayRatios, IReadOnlyList<Alternative> Alternatives)
{
    /// <summary>Chance alone could have given a different pay ratio, so a different payment.</summary>
    public bool MoneyCouldDiffer => Alternatives.Count > 0;

    public MonthMargin? For(Month month) => Months.FirstOrDefault(m => m.Month == month);

    public static MarginOfError? Of(QuarterAssessment a)
    {
        if (a.Status != QuarterStatus.Assessed) return null;
        var rules = a.Rules;
        var months = a.Months.Where(m => m.IsAssessed).Select(m => MonthMargin.Of(m, rules, a.Community.Households)).ToArray();
        var k = months.Length;
        var score = (double)a.QuarterScoreExact!.Value;
        double varianceDown = 0, varianceUp = 0;
        foreach (var m in months)
        {
            varianceDown += m.Down * m.Down;
            varianceUp += m.Up * m.Up;
        }
        var low = Math.Max(0, score - Math.Sqrt(varianceDown) / k);
        var high = Math.Min(100, score + Math.Sqrt(varianceUp) / k);

        // Most quarters are nowhere near a line: no band line inside the quarter's range and no month's range across the
        // floor. No move inside the ranges can then change the pay (a month moves less than its own range), so the rule
        // need not be asked; this keeps a city's 7,000 reports fast.
        var floorLine = rules.Payout.MonthFloor is { } f ? (double)f.ScoreBelow - RoundingHalf : double.NaN;
        if (!rules.Payout.Bands.Any(b => InRange((double)b.MinScore - RoundingHalf, low, high))
            && !months.Any(m => m.Low < floorLine && floorLine <= m.High))
        {
            return new MarginOfError(low, high, months, [a.PayRatio], []);
        }

        // The floor's own tries first: they move the fewest months, and say plainly that the floor is what changes.
        var tries = new List<Alternative>();
        if (rules.Payout.MonthFloor is { } floor) tries.AddRange(FloorTries(months, floor, rules.Payout, a));
        foreach (var target in QuarterTargets(rules.Payout, score, low, high))
        {
            var variance = target < score ? varianceDown : varianceUp;
            if (variance == 0) continue;
            // The likeliest month scores given that the quarter scores `target`: each month moves in proportion to its
            // own variance (the conditional mean of independent normal errors), so a month with no sampling error stays.
            var moved = months.Select(m =>
            {
                var spread = target < score ? m.Down : m.Up;
                return m.With(m.Score + Decimal(k * (target - score) * spread * spread / variance));
            }).ToArray();
            tries.Add(Alternative.Try(AlternativeKind.QuarterScore, moved, rules.Payout, [], a));
        }

        var alternatives = tries.Where(t => t.Decision.PayRatio != a.PayRatio).DistinctBy(t => t.Decision.PayRatio).ToArray();
        var ratios = alternatives.Select(t => t.Decision.PayRatio).Append(a.PayRatio).Order().ToArray();
        return new MarginOfError(low, high, months, ratios, alternatives);
    }

    /// <summary>
    /// Quarter scores to try, nearest the observed score first: just either side of every band boundary inside the
    /// range (the rule rounds the quarter score, so 0.006 either side lands in each band), then the range's two ends.
    /// </summary>
    private static IEnumerable<double> QuarterTargets(PayoutRules rules, double score, double low, double high)
    {
        var targets = new List<double> { low, high };
        foreach (var band in rules.Bands)
        {
            var boundary = (double)band.MinScore;
            if (!InRange(boundary - RoundingHalf, low, high)) continue;
            targets.Add(Math.Clamp(boundary - 0.006, low, high));
            targets.Add(Math.Clamp(boundary + 0.006, low, high));
        }
        return targets.Where(t => t != score).Distinct().OrderBy(t => Math.Abs(t - score));
    }

    /// <summary>
    /// The month floor decides on each month alone, so each month's own 95% range is what counts: a month above the
    /// floor whose range reaches below it could have been below (tried just under the line, the other months as
    /// observed), and months below it whose ranges all reach the line could all have been on it.
    /// </summary>
    private static IEnumerable<Alternative> FloorTries(MonthMargin[] months, MonthFloor floor, PayoutRules rules, QuarterAssessment a)
    {
        // The rule rounds a month score before comparing: a range reaches below the floor when it goes under the line by half a cent.
        var line = (double)floor.ScoreBelow - RoundingHalf;
        var below = months.Where(m => floor.IsBelow(m.Score)).ToArray();
        foreach (var m in months.Where(m => !floor.IsBelow(m.Score) && m.Low < line))
        {
            var moved = months.Select(x => x.Month == m.Month ? x.With(floor.ScoreBelow - 0.01m) : x).ToArray();
            yield return Alternative.Try(AlternativeKind.FloorCouldApply, moved, rules, [m], a);
        }
        if (below.Length > 0 && below.All(m => m.High >= line))
        {
            var moved = months.Select(x => below.Contains(x) ? x.With(floor.ScoreBelow) : x).ToArray();
            yield return Alternative.Try(AlternativeKind.FloorCouldLift, moved, rules, below, a);
        }
    }

    /// <summary>Scores are rounded to 0.01 before the rule compares them: a line at 80 is crossed at 79.995.</summary>
    private const double RoundingHalf = 0.005;

    /// <summary>A line a score crosses somewhere between low (exclusive) and high (inclusive).</summary>
    private static bool InRange(double line, double low, double high) => low < line && line <= high;

    private static decimal Decimal(double value) => (decimal)Math.Round(value, 6);
}

/// <summary>An assessed month's score with its 95% range, as distances below and above it (equal; the range is clamped to 0..100).</summary>
public sealed record MonthMargin(Month Month, decimal Score, double Down, double Up)
{
    public double Low => Math.Max(0, (double)Score - Down);

    public double High => Math.Min(100, (double)Score + Up);

    /// <summary>The month with another score, for asking the pay rule about it.</summary>
    public MonthMargin With(decimal score) => this with { Score = Math.Clamp(score, 0m, 100m) };

    /// <summary>Two-sided 95%: the normal quantile 1.96.</summary>
    public static readonly double Z95 = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 1 - (1 - Intervals.Confidence) / 2);

    /// <summary>
    /// Variance propagation through the month score, a weighted mean of the available components: the survey mean's
    /// standard error (s / √n, corrected for the share of households that answered), weighted as the month score weighs
    /// the survey; the grid count and the committee's rating are not samples and add none.
    /// </summary>
    public static MonthMargin Of(MonthAssessment m, RuleVersion rules, int households)
    {
        var s = m.Satisfaction;
        var share = (double)rules.Weights.SatisfactionShare(s.Score is not null, m.Committee is not null, m.Grid is not null);
        double variance = 0;
        if (share > 0 && s.StandardDeviation is { } sd && s.ValidResponses > 0)
        {
            variance = Square(share * sd / Math.Sqrt(s.ValidResponses)) * FinitePopulation(s.ValidResponses, households);
        }
        var spread = Z95 * Math.Sqrt(variance);
        return new MonthMargin(m.Month, m.Score!.Value, spread, spread);
    }

    /// <summary>
    /// The finite population correction: the survey asks some of a community's households, without asking any twice,
    /// so the fewer households it leaves out, the less its mean can differ from all of theirs (none, when all answered).
    /// </summary>
    private static double FinitePopulation(int responses, int households) =>
        households > 1 ? Math.Clamp((households - responses) / (double)(households - 1), 0, 1) : 1;

    private static double Square(double x) => x * x;
}

public enum AlternativeKind
{
    /// <summary>The quarter score elsewhere in its range, the months moved as that makes likeliest.</summary>
    QuarterScore,

    /// <summary>A month above the floor could have been below it.</summary>
    FloorCouldApply,

    /// <summary>The months below the floor could all have been on it.</summary>
    FloorCouldLift,
}

/// <summary>Plausible month scores and what the engine's pay rule decides for them.</summary>
/// <param name="Months">The months the alternative is about (those that cross the floor line); empty for a quarter score.</param>
public sealed record Alternative(AlternativeKind Kind, IReadOnlyList<MonthMargin> Months, QuarterDecision Decision, decimal Payout)
{
    internal static Alternative Try(AlternativeKind kind, MonthMargin[] moved, PayoutRules rules, IReadOnlyList<MonthMargin> about, QuarterAssessment a)
    {
        var decision = QuarterDecision.Of(rules, [.. moved.Select(m => (m.Month, m.Score))]);
        return new Alternative(kind, about, decision, Money.Round(a.Contract.QuarterlyFee * decision.PayRatio));
    }
}
