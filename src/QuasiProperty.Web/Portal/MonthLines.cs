using QuasiProperty.Outputs;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Storage;
using QuasiProperty.Time;

namespace QuasiProperty.Web.Portal;

/// <summary>
/// A month row of a company's tables, with every empty cell explained in words: the data says a
/// component is missing by leaving it out (months.csv's empty cell), and the reason follows from what is
/// left: too few valid survey responses, no committee report, no grid file, or no component at all.
/// </summary>
internal sealed record MonthLine(
    string Month, string Satisfaction, string SatisfactionGap, string Responses, string Committee, string CommitteeGap, string Grid, string GridGap,
    string GridRate, string Score, string ScoreGap)
{
    public static MonthLine Of(string month, string satisfaction, int responses, int minResponses, string committee, string grid, string gridRate, string score) =>
        new(month,
            satisfaction,
            satisfaction.Length > 0 ? "" : responses == 0 ? "无有效问卷 no valid responses" : $"样本不足 too few responses（{responses} < {minResponses}）",
            responses.ToString(System.Globalization.CultureInfo.InvariantCulture),
            committee,
            committee.Length > 0 ? "" : "自管会未报送 no committee report",
            grid,
            grid.Length > 0 ? "" : "无网格数据 no grid data",
            gridRate,
            score,
            score.Length > 0 ? "" : "未考核 not assessed");

    public static MonthLine Of(StoredScorecard s, int minResponses) =>
        Of(s.Month, Numbers.Fixed2(s.Satisfaction), s.SatisfactionResponses, minResponses, Numbers.Fixed2(s.Committee), Numbers.Fixed2(s.Grid),
            Numbers.Fixed2(s.GridRate), Numbers.Fixed2(s.MonthScore));

    /// <summary>The valid responses a rule version needs for a satisfaction score; 0 when the version is unknown (no reason then names a number).</summary>
    public static int MinResponses(RuleBook book, string ruleSet, int version) =>
        book.VersionsOf(ruleSet).FirstOrDefault(v => v.Version == version)?.Satisfaction.MinResponses ?? 0;
}

/// <summary>
/// "If the quarter ended now": the running quarter's interim month scores decided by the engine's own
/// rule (<see cref="QuarterDecision"/>) under the version in force for that quarter. Approximate, because
/// the stored month scores are rounded to 2 decimals and later months and corrections may still come.
/// </summary>
internal sealed record InterimProjection(string Quarter, int Months, bool Assessable, string Score, string PayRatio, bool Reduced, string Zh, string En)
{
    public static InterimProjection? Of(RuleBook book, string ruleSet, IReadOnlyList<StoredScorecard> interim)
    {
        if (interim.Count == 0) return null;
        var quarter = interim.Select(s => Month.Parse(s.Month).Quarter).Max();
        var months = interim.Where(s => Month.Parse(s.Month).Quarter == quarter).ToArray();
        var version = book.InForce(ruleSet, quarter);
        if (version is null) return null;
        var decision = QuarterDecision.Of(version.Payout,
            [.. months.Where(m => m.MonthScore is not null).Select(m => (Month.Parse(m.Month), m.MonthScore!.Value))]);
        var ratio = Numbers.Ratio(decision.PayRatio);
        var reduced = decision.PayRatio < 1m;
        if (decision.Status == QuarterStatus.Unassessable)
        {
            var assessed = months.Count(m => m.MonthScore is not null);
            return new InterimProjection(quarter.ToString(), months.Length, false, "", ratio, reduced,
                $"若本季度现在结束：考核月数不足（{assessed} < {version.Payout.MinAssessedMonths}），无法评定 → 支付比例 {ratio}",
                $"If the quarter ended now: too few assessed months ({assessed} < {version.Payout.MinAssessedMonths}), unassessable → pay ratio {ratio}");
        }
        var score = Numbers.Fixed2(decision.Score);
        var floorZh = decision.Floor is { } f ? $"（{string.Join("、", f.MonthsBelow)} 低于 {Numbers.Exact(f.Rule.ScoreBelow)} 分，单月保底条款封顶）" : "";
        var floorEn = decision.Floor is { } g ? $" ({string.Join(", ", g.MonthsBelow)} below {Numbers.Exact(g.Rule.ScoreBelow)}: capped by the month floor)" : "";
        return new InterimProjection(quarter.ToString(), months.Length, true, score, ratio, reduced,
            $"若本季度现在结束：≈ {score} 分 → 支付比例 {ratio}{floorZh}",
            $"If the quarter ended now: ≈ {score} → pay ratio {ratio}{floorEn}");
    }
}
