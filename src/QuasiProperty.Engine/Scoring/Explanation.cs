using QuasiProperty.Outputs;

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
        reasons.Add(a.IsReduced
            ? new Reason(
                $"应付 {Numbers.Grouped(a.Contract.QuarterlyFee)} 元 × {Numbers.Ratio(a.PayRatio)} = {Numbers.Grouped(a.Payout)} 元，扣减 {Numbers.Grouped(a.Deduction)} 元。",
                $"Fee {Numbers.Grouped(a.Contract.QuarterlyFee)} CNY × {Numbers.Ratio(a.PayRatio)} = payout {Numbers.Grouped(a.Payout)} CNY; deduction {Numbers.Grouped(a.Deduction)} CNY.")
            : new Reason(
                $"全额支付 {Numbers.Grouped(a.Payout)} 元。",
                $"The full fee of {Numbers.Grouped(a.Payout)} CNY is paid."));
        return reasons;
    }
}
