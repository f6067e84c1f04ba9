using QuasiProperty.Outputs;
using QuasiProperty.Rules;

namespace QuasiProperty.Scoring;

/// <summary>A sentence of the decision's explanation, in Chinese for the sub-district and English for the record.</summary>
public sealed record Reason(string Zh, string En);

/// <summary>Explains a quarter's payment decision in words: the status, the band, the floor and the deduction.</summary>
public static class Explanation
{
    /// <summary>The decision in one sentence: "全额支付" or "扣减 6,000.00 元".</summary>
    public static Reason Decision(QuarterAssessment a) => Decision(a.Deduction, a.Status == QuarterStatus.Assessed);

    /// <summary>The decision in one sentence from the stored figures, as the portal shows a recorded payout.</summary>
    public static Reason Decision(decimal deduction, bool assessed)
    {
        var decision = deduction > 0
            ? new Reason($"扣减 {Numbers.Grouped(deduction)} 元", $"Reduced by {Numbers.Grouped(deduction)} CNY")
            : new Reason("全额支付", "Paid in full");
        return assessed
            ? decision
            : new Reason($"无法评定，按规定{decision.Zh}", $"Unassessable; by the rules: {decision.En.ToLowerInvariant()}");
    }

    /// <summary>
    /// The reasons as the assessment document records them. Signed documents keep this wording so that the
    /// same inputs give the same bytes; <see cref="ForReaders"/> is the wording pages print.
    /// </summary>
    public static IReadOnlyList<Reason> Reasons(QuarterAssessment a)
    {
        var reasons = new List<Reason>();
        var min = a.Rules.Payout.MinAssessedMonths;
        if (a.Status == QuarterStatus.Unassessable)
        {
            reasons.Add(new Reason(
                $"本季度只有 {a.AssessedMonths} 个月有考核结果，少于规则要求的 {min} 个月，无法评定；按规定支付比例 {Numbers.Ratio(a.PayRatio)}。",
                $"Only {a.AssessedMonths} month(s) of the quarter could be assessed, fewer than the {min} the rules require, so the quarter is unassessable and the pay ratio is {Numbers.Ratio(a.PayRatio)}."));
        }
        else
        {
            var band = a.Band!;
            reasons.Add(new Reason(
                $"季度得分 {Numbers.Fixed2(a.QuarterScore)}（{a.AssessedMonths} 个考核月的平均），达到 {Numbers.Fixed2(band.MinScore)} 分档，支付比例 {Numbers.Ratio(band.PayRatio)}。",
                $"The quarter score {Numbers.Fixed2(a.QuarterScore)} (mean of {a.AssessedMonths} assessed months) falls in the band from {Numbers.Fixed2(band.MinScore)}, pay ratio {Numbers.Ratio(band.PayRatio)}."));
            if (a.Floor is { } floor)
            {
                var months = string.Join(", ", floor.MonthsBelow);
                reasons.Add(new Reason(
                    $"{months} 月得分低于 {Numbers.Fixed2(floor.Rule.ScoreBelow)} 分（月度底线），支付比例由 {Numbers.Ratio(floor.RatioBeforeCap)} 降至 {Numbers.Ratio(a.PayRatio)}。",
                    $"{months} scored below the month floor of {Numbers.Fixed2(floor.Rule.ScoreBelow)}, so the pay ratio is capped from {Numbers.Ratio(floor.RatioBeforeCap)} to {Numbers.Ratio(a.PayRatio)}."));
            }
        }
        reasons.Add(Payment(a));
        return reasons;
    }

    /// <summary>
    /// The reasons as reports and pages print them: the band is named by the scores it covers ("未达 70.00 分，属最低档",
    /// never "达到 0.00 分档"), and a quarter without any assessed month says so.
    /// </summary>
    public static IReadOnlyList<Reason> ForReaders(QuarterAssessment a)
    {
        var reasons = new List<Reason>();
        var min = a.Rules.Payout.MinAssessedMonths;
        if (a.Status == QuarterStatus.Unassessable)
        {
            var ratio = Numbers.Ratio(a.PayRatio);
            reasons.Add(a.AssessedMonths == 0
                ? new Reason(
                    $"本季度没有一个月有考核结果（规则要求至少 {min} 个月），无法评定；按规定支付比例 {ratio}。",
                    $"No month of the quarter could be assessed (the rules require {min}), so the quarter is unassessable and the pay ratio is {ratio}.")
                : new Reason(
                    $"本季度只有 {a.AssessedMonths} 个月有考核结果，少于规则要求的 {min} 个月，无法评定；按规定支付比例 {ratio}。",
                    $"Only {a.AssessedMonths} month(s) of the quarter could be assessed, fewer than the {min} the rules require, so the quarter is unassessable and the pay ratio is {ratio}."));
        }
        else
        {
            reasons.Add(BandReason(a));
            if (a.Floor is { } floor)
            {
                var months = string.Join("、", floor.MonthsBelow);
                reasons.Add(new Reason(
                    $"{months} 月得分低于 {Numbers.Fixed2(floor.Rule.ScoreBelow)} 分（月度底线），支付比例由 {Numbers.Ratio(floor.RatioBeforeCap)} 降至 {Numbers.Ratio(a.PayRatio)}。",
                    $"{string.Join(", ", floor.MonthsBelow)} scored below the month floor of {Numbers.Fixed2(floor.Rule.ScoreBelow)}, so the pay ratio is capped from {Numbers.Ratio(floor.RatioBeforeCap)} to {Numbers.Ratio(a.PayRatio)}."));
            }
        }
        reasons.Add(Payment(a));
        return reasons;
    }

    /// <summary>The band sentence, naming the scores the band covers: its own minimum and the next band's.</summary>
    private static Reason BandReason(QuarterAssessment a)
    {
        var band = a.Band!;
        var bands = a.Rules.Payout.Bands;
        var index = IndexOf(bands, band);
        var score = Numbers.Fixed2(a.QuarterScore);
        var ratio = Numbers.Ratio(band.PayRatio);
        var zh = $"季度得分 {score}（{a.AssessedMonths} 个考核月的平均），";
        var en = $"The quarter score {score} (mean of {a.AssessedMonths} assessed months) ";
        if (bands.Count == 1)
        {
            return new Reason($"{zh}规则只有一个档位，支付比例 {ratio}。", $"{en}is paid at the rules' only band, pay ratio {ratio}.");
        }
        if (index == 0)
        {
            var top = Numbers.Fixed2(band.MinScore);
            return new Reason($"{zh}达到 {top} 分，属最高档，支付比例 {ratio}。", $"{en}reaches {top}, the top band, pay ratio {ratio}.");
        }
        var next = Numbers.Fixed2(bands[index - 1].MinScore);
        if (index == bands.Count - 1)
        {
            return new Reason($"{zh}未达 {next} 分，属最低档，支付比例 {ratio}。", $"{en}is below {next}, the lowest band, pay ratio {ratio}.");
        }
        var from = Numbers.Fixed2(band.MinScore);
        return new Reason($"{zh}达到 {from} 分、未达 {next} 分，支付比例 {ratio}。", $"{en}reaches {from} but not {next}, pay ratio {ratio}.");
    }

    private static int IndexOf(IReadOnlyList<PayBand> bands, PayBand band)
    {
        for (var i = 0; i < bands.Count; i++)
        {
            if (bands[i] == band) return i;
        }
        throw new ArgumentException("the band is not one of the rules' bands", nameof(band));
    }

    private static Reason Payment(QuarterAssessment a) =>
        a.IsReduced
            ? new Reason(
                $"应付 {Numbers.Grouped(a.Contract.QuarterlyFee)} 元 × {Numbers.Ratio(a.PayRatio)} = {Numbers.Grouped(a.Payout)} 元，扣减 {Numbers.Grouped(a.Deduction)} 元。",
                $"Fee {Numbers.Grouped(a.Contract.QuarterlyFee)} CNY × {Numbers.Ratio(a.PayRatio)} = payout {Numbers.Grouped(a.Payout)} CNY; deduction {Numbers.Grouped(a.Deduction)} CNY.")
            : new Reason(
                $"全额支付 {Numbers.Grouped(a.Payout)} 元。",
                $"The full fee of {Numbers.Grouped(a.Payout)} CNY is paid.");
}
