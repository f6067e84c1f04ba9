using QuasiProperty.Rules;
using QuasiProperty.Scoring;

namespace QuasiProperty.Reports;

/// <summary>
/// Whether chance could have decided the pay band: the quarter score is recomputed with each
/// month's survey mean and grid rate at the ends of their 95% intervals. When that range crosses a
/// band boundary, the report says so in plain words. Money is never computed from this.
/// </summary>
public sealed record MarginOfError(double Low, double High, decimal? BoundaryCrossed)
{
    public static MarginOfError? Of(QuarterAssessment a)
    {
        if (a.Status != QuarterStatus.Assessed) return null;
        var assessed = a.Months.Where(m => m.IsAssessed).ToArray();
        var low = assessed.Average(m => Bound(m, a.Rules, pessimistic: true));
        var high = assessed.Average(m => Bound(m, a.Rules, pessimistic: false));
        var score = (double)a.QuarterScore!.Value;
        // A band boundary inside [low, high]: the scores on either side of it are paid differently.
        var boundary = a.Rules.Payout.Bands
            .Select(b => b.MinScore)
            .Where(min => min > 0 && low < (double)min && (double)min <= high)
            .OrderBy(min => Math.Abs((double)min - score))
            .Cast<decimal?>()
            .FirstOrDefault();
        return new MarginOfError(Math.Min(low, score), Math.Max(high, score), boundary);
    }

    private static double Bound(MonthAssessment m, RuleVersion rules, bool pessimistic)
    {
        double weighted = 0, weights = 0;
        var s = m.Satisfaction;
        if (s.Score is { } satisfaction)
        {
            var interval = s.StandardDeviation is { } sd ? Intervals.Mean((double)satisfaction, sd, s.ValidResponses) : null;
            var value = interval is { } i ? Math.Clamp(pessimistic ? i.Low : i.High, 0, 100) : (double)satisfaction;
            weighted += (double)rules.Weights.Satisfaction * value;
            weights += (double)rules.Weights.Satisfaction;
        }
        if (m.Committee is { } committee)
        {
            weighted += (double)rules.Weights.Committee * (double)committee.Score;
            weights += (double)rules.Weights.Committee;
        }
        if (m.Grid is { } grid)
        {
            var rates = Intervals.GridRate(grid.Incidents, grid.Overdue, (double)rules.Grid.OverdueWeight, grid.Households);
            weighted += (double)rules.Weights.Grid * GridScore(rules.Grid, pessimistic ? rates.High : rates.Low);
            weights += (double)rules.Weights.Grid;
        }
        return weighted / weights;
    }

    private static double GridScore(GridRules rules, double rate)
    {
        double full = (double)rules.FullMarksRate, zero = (double)rules.ZeroMarksRate;
        return rate <= full ? 100 : rate >= zero ? 0 : 100 * (zero - rate) / (zero - full);
    }
}
