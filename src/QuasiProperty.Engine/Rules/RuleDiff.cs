using System.Globalization;

namespace QuasiProperty.Rules;

/// <summary>One difference between two rule versions, as a committee reads it.</summary>
public sealed record RuleChange(string Field, string Old, string New, string Zh, string En);

/// <summary>
/// What changed between two versions of a rule set: weights, items, thresholds, bands and floor,
/// each with its old and new value. Used by <c>qp rules diff</c> and the public rules page.
/// </summary>
public static class RuleDiff
{
    public static IReadOnlyList<RuleChange> Compare(RuleVersion from, RuleVersion to)
    {
        var changes = new List<RuleChange>();
        void Field(string field, string zh, string? old, string? @new)
        {
            old ??= "—";
            @new ??= "—";
            if (old == @new) return;
            changes.Add(new RuleChange(field, old, @new, $"{zh}：{old} → {@new}", $"{field}: {old} → {@new}"));
        }

        Field("effective_from", "生效季度", from.EffectiveFrom.ToString(), to.EffectiveFrom.ToString());
        Field("weights.satisfaction", "居民满意度权重", D(from.Weights.Satisfaction), D(to.Weights.Satisfaction));
        Field("weights.committee", "自管会权重", D(from.Weights.Committee), D(to.Weights.Committee));
        Field("weights.grid", "网格件权重", D(from.Weights.Grid), D(to.Weights.Grid));
        string[] itemNames = ["清洁", "绿化", "秩序", "便民"];
        for (var i = 0; i < SatisfactionRules.Items.Count; i++)
        {
            Field($"satisfaction.items.{SatisfactionRules.Items[i]}", $"{itemNames[i]}分项权重", D(from.Satisfaction.ItemWeights[i]), D(to.Satisfaction.ItemWeights[i]));
        }
        Field("satisfaction.min_responses", "最少有效问卷数", I(from.Satisfaction.MinResponses), I(to.Satisfaction.MinResponses));
        Field("committee.unresolved_penalty", "每个未解决问题扣分", D(from.Committee.UnresolvedPenalty), D(to.Committee.UnresolvedPenalty));
        Field("grid.categories", "计入的网格件类别", string.Join(", ", from.Grid.Categories), string.Join(", ", to.Grid.Categories));
        Field("grid.full_marks_rate", "满分发生率", D(from.Grid.FullMarksRate), D(to.Grid.FullMarksRate));
        Field("grid.zero_marks_rate", "零分发生率", D(from.Grid.ZeroMarksRate), D(to.Grid.ZeroMarksRate));
        Field("grid.overdue_weight", "超期件权重", D(from.Grid.OverdueWeight), D(to.Grid.OverdueWeight));
        Field("payout.min_assessed_months", "最少考核月数", I(from.Payout.MinAssessedMonths), I(to.Payout.MinAssessedMonths));
        Field("payout.unassessable_pay_ratio", "无法评定时的支付比例", D(from.Payout.UnassessablePayRatio), D(to.Payout.UnassessablePayRatio));
        Field("payout.bands", "支付档位", Bands(from.Payout.Bands), Bands(to.Payout.Bands));
        Field("payout.month_floor", "单月保底", Floor(from.Payout.MonthFloor), Floor(to.Payout.MonthFloor));
        return changes;
    }

    private static string D(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bands(IReadOnlyList<PayBand> bands) => string.Join("; ", bands.Select(b => $"≥{D(b.MinScore)}: {D(b.PayRatio)}"));

    private static string? Floor(MonthFloor? floor) => floor is null ? null : $"any month < {D(floor.ScoreBelow)}: at most {D(floor.MaxPayRatio)}";
}
