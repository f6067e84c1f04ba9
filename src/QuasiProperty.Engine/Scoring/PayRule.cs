using QuasiProperty.Rules;
using QuasiProperty.Time;

namespace QuasiProperty.Scoring;

/// <summary>An assessed month's score, as the pay rule reads it.</summary>
public readonly record struct MonthScore(Month Month, decimal Score);

/// <summary>What the pay rule decides from an assessed quarter's month scores.</summary>
public sealed record PayDecision(decimal QuarterScoreExact, decimal QuarterScore, PayBand Band, FloorCap? Floor, decimal PayRatio);

/// <summary>
/// The pay rule of an assessed quarter (spec "Quarter"): the band of the rounded mean of the month
/// scores, capped by the month floor when any month rounds below it. The assessment decides with it,
/// and the report asks it about other plausible scores, so both read the rule the same way.
/// </summary>
public static class PayRule
{
    /// <param name="months">The assessed months, at least one.</param>
    public static PayDecision Decide(PayoutRules rules, IReadOnlyList<MonthScore> months)
    {
        var sum = 0m;
        for (var i = 0; i < months.Count; i++) sum += months[i].Score;
        var exact = sum / months.Count;
        var score = Money.Round(exact);
        var band = rules.Bands.First(b => b.MinScore <= score);
        var payRatio = band.PayRatio;
        FloorCap? floor = null;
        if (rules.MonthFloor is { } monthFloor)
        {
            var below = months.Where(m => Money.Round(m.Score) < monthFloor.ScoreBelow).Select(m => m.Month).ToArray();
            if (below.Length > 0 && monthFloor.MaxPayRatio < payRatio)
            {
                floor = new FloorCap(monthFloor, below, payRatio);
                payRatio = monthFloor.MaxPayRatio;
            }
        }
        return new PayDecision(exact, score, band, floor, payRatio);
    }
}
