using QuasiProperty.Rules;
using QuasiProperty.Time;

namespace QuasiProperty.Scoring;

/// <summary>
/// How a quarter's assessed month scores decide its pay ratio (spec "Scoring", steps 3 and 4): too few
/// assessed months make it unassessable; otherwise the quarter score is their mean, rounded to 2
/// decimals, the first band it reaches gives the ratio, and a month below the month floor caps it.
/// The payout decides with it, and so does a company's "if the quarter ended now" from interim months.
/// </summary>
public sealed record QuarterDecision(QuarterStatus Status, decimal? ScoreExact, decimal? Score, PayBand? Band, FloorCap? Floor, decimal PayRatio)
{
    public static QuarterDecision Of(PayoutRules rules, IReadOnlyList<(Month Month, decimal Score)> assessedMonths)
    {
        if (assessedMonths.Count < rules.MinAssessedMonths)
        {
            return new QuarterDecision(QuarterStatus.Unassessable, null, null, null, null, rules.UnassessablePayRatio);
        }

        var exact = assessedMonths.Sum(m => m.Score) / assessedMonths.Count;
        var score = Money.Round(exact);
        var band = rules.BandFor(score);
        var payRatio = band.PayRatio;
        FloorCap? floor = null;
        if (rules.MonthFloor is { } monthFloor)
        {
            var below = assessedMonths.Where(m => monthFloor.IsBelow(m.Score)).Select(m => m.Month).ToArray();
            if (below.Length > 0 && monthFloor.MaxPayRatio < payRatio)
            {
                floor = new FloorCap(monthFloor, below, payRatio);
                payRatio = monthFloor.MaxPayRatio;
            }
        }
        return new QuarterDecision(QuarterStatus.Assessed, exact, score, band, floor, payRatio);
    }
}
