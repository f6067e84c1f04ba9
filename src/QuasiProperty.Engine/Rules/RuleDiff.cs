using System.Globalization;
using QuasiProperty.Outputs;

namespace QuasiProperty.Rules;

/// <summary>
/// One difference between two rule versions, as a committee reads it: what the field means (Chinese and
/// English), its old and new value in Chinese words and in English, and the rule file's own key.
/// </summary>
public sealed record RuleChange(string Field, string Name, string NameEn, string Old, string New, string OldEn, string NewEn)
{
    /// <summary>The change in one Chinese line: 居民满意度权重：0.40 → 0.45.</summary>
    public string Zh => $"{Name}：{Old} → {New}";

    /// <summary>The change in one English line: weight of resident satisfaction: 0.40 → 0.45.</summary>
    public string En => $"{NameEn}: {OldEn} → {NewEn}";
}

/// <summary>
/// What changed between two versions of a rule set: weights, items, thresholds, bands and floor,
/// each with its old and new value. Used by <c>qp rules diff</c>, what-if and the public rules page.
/// The names are those of the rules' explanation for committees (rules/README.md).
/// </summary>
public static class RuleDiff
{
    private static readonly (string Zh, string En)[] ItemNames = [("清洁", "cleaning"), ("绿化", "greening"), ("秩序", "order"), ("便民", "convenience")];

    private static readonly Dictionary<string, string> CategoryNames = new(StringComparer.Ordinal)
    {
        ["GARBAGE"] = "暴露垃圾", ["ROAD_DIRT"] = "道路不洁", ["GREEN_DAMAGE"] = "绿地损坏", ["LITTER"] = "零散垃圾",
        ["ILLEGAL_PARKING"] = "违章停车", ["STREET_VENDOR"] = "无照游商", ["BUILDING_MATERIAL"] = "堆物堆料",
    };

    public static IReadOnlyList<RuleChange> Compare(RuleVersion from, RuleVersion to)
    {
        var changes = new List<RuleChange>();
        void Field(string field, string name, string nameEn, (string Zh, string En) old, (string Zh, string En) @new)
        {
            if (old == @new) return;
            changes.Add(new RuleChange(field, name, nameEn, old.Zh, @new.Zh, old.En, @new.En));
        }

        Field("effective_from", "生效季度", "effective from (quarter)", Same(from.EffectiveFrom.ToString()), Same(to.EffectiveFrom.ToString()));
        Field("weights.satisfaction", "居民满意度权重", "weight of resident satisfaction", Ratio(from.Weights.Satisfaction), Ratio(to.Weights.Satisfaction));
        Field("weights.committee", "自管会反馈权重", "weight of the committee's feedback", Ratio(from.Weights.Committee), Ratio(to.Weights.Committee));
        Field("weights.grid", "网格件权重", "weight of grid incidents", Ratio(from.Weights.Grid), Ratio(to.Weights.Grid));
        for (var i = 0; i < SatisfactionRules.Items.Count; i++)
        {
            var (zh, en) = i < ItemNames.Length ? ItemNames[i] : (SatisfactionRules.Items[i], SatisfactionRules.Items[i]);
            Field($"satisfaction.items.{SatisfactionRules.Items[i]}", $"满意度“{zh}”题权重", $"weight of the survey question on {en}",
                Ratio(from.Satisfaction.ItemWeights[i]), Ratio(to.Satisfaction.ItemWeights[i]));
        }
        Field("satisfaction.min_responses", "最少有效问卷数", "fewest valid survey responses for a score",
            Count(from.Satisfaction.MinResponses, "份", "responses"), Count(to.Satisfaction.MinResponses, "份", "responses"));
        Field("committee.unresolved_penalty", "每项未解决问题扣分", "points off per unresolved issue",
            Points(from.Committee.UnresolvedPenalty), Points(to.Committee.UnresolvedPenalty));
        Field("grid.categories", "计入考评的网格件类别", "grid incident categories that count", Categories(from.Grid.Categories), Categories(to.Grid.Categories));
        Field("grid.full_marks_rate", "满分发生率", "rate for full marks", Rate(from.Grid.FullMarksRate), Rate(to.Grid.FullMarksRate));
        Field("grid.zero_marks_rate", "零分发生率", "rate for zero marks", Rate(from.Grid.ZeroMarksRate), Rate(to.Grid.ZeroMarksRate));
        Field("grid.overdue_weight", "超时件加权", "weight of an overdue incident",
            ($"每件按 {D(from.Grid.OverdueWeight)} 件计", $"each counts {D(from.Grid.OverdueWeight)} times"),
            ($"每件按 {D(to.Grid.OverdueWeight)} 件计", $"each counts {D(to.Grid.OverdueWeight)} times"));
        Field("payout.min_assessed_months", "最少考评月数", "fewest assessed months",
            Count(from.Payout.MinAssessedMonths, "个月", "months"), Count(to.Payout.MinAssessedMonths, "个月", "months"));
        Field("payout.unassessable_pay_ratio", "无法考评时的拨付比例", "pay ratio when unassessable",
            Ratio(from.Payout.UnassessablePayRatio), Ratio(to.Payout.UnassessablePayRatio));
        Field("payout.bands", "分档拨付", "pay bands", Bands(from.Payout.Bands), Bands(to.Payout.Bands));
        Field("payout.month_floor", "单月保底条款", "month floor", Floor(from.Payout.MonthFloor), Floor(to.Payout.MonthFloor));
        return changes;
    }

    private static string D(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static (string, string) Same(string value) => (value, value);

    private static (string, string) Ratio(decimal value) => Same(Numbers.Ratio(value));

    private static (string, string) Count(int value, string zh, string en) =>
        ($"{value.ToString(CultureInfo.InvariantCulture)} {zh}", $"{value.ToString(CultureInfo.InvariantCulture)} {en}");

    private static (string, string) Points(decimal value) => ($"{D(value)} 分", $"{D(value)} points");

    private static (string, string) Rate(decimal value) => ($"每千户 {D(value)} 件", $"{D(value)} per 1,000 households");

    private static (string, string) Categories(IReadOnlyList<string> codes) =>
        (string.Join("、", codes.Select(c => CategoryNames.TryGetValue(c, out var zh) ? $"{zh} {c}" : c)), string.Join(", ", codes));

    /// <summary>The pay bands in words: (90 分及以上拨付 1.00；…, 90 or more: 1.00; …).</summary>
    public static (string Zh, string En) Bands(IReadOnlyList<PayBand> bands) =>
        (string.Join("；", bands.Select(b => $"{D(b.MinScore)} 分及以上拨付 {Numbers.Ratio(b.PayRatio)}")),
         string.Join("; ", bands.Select(b => $"{D(b.MinScore)} or more: {Numbers.Ratio(b.PayRatio)}")));

    /// <summary>The month floor in words, or (无, none).</summary>
    public static (string Zh, string En) Floor(MonthFloor? floor) => floor is null
        ? ("无", "none")
        : ($"任一月低于 {D(floor.ScoreBelow)} 分，拨付比例最高 {Numbers.Ratio(floor.MaxPayRatio)}",
           $"any month below {D(floor.ScoreBelow)}: pay ratio at most {Numbers.Ratio(floor.MaxPayRatio)}");
}
