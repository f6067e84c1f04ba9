using System.Globalization;
using QuasiProperty.Outputs;
using QuasiProperty.Scoring;
using QuasiProperty.Storage;
using QuasiProperty.Time;

namespace QuasiProperty.Web.Portal;

/// <summary>One figure that differs between two revisions, named as finance reads it.</summary>
internal sealed record FieldChange(string Field, string Before, string After);

/// <summary>What changed from one payout revision to the next, field by field, and which imports brought it.</summary>
internal static class RevisionChanges
{
    // The seven figures that end a months.csv row (LedgerCsv.MonthsHeader), by name; the month itself is the first.
    private static readonly string[] MonthFields =
        ["满意度 satisfaction", "有效问卷 responses", "自管会 committee", "网格 grid", "千户发生率 grid rate", "月得分 month score"];

    public static FieldChange[] Between(StoredRevision before, StoredRevision after)
    {
        var changes = new List<FieldChange>();
        void Compare(string field, string a, string b)
        {
            if (a != b) changes.Add(new FieldChange(field, Shown(a), Shown(b)));
        }
        Compare("考核状态 status", StatusName(before.Status), StatusName(after.Status));
        Compare("季度得分 score", Numbers.Fixed2(before.QuarterScore), Numbers.Fixed2(after.QuarterScore));
        Compare("支付比例 pay ratio", Numbers.Ratio(before.PayRatio), Numbers.Ratio(after.PayRatio));
        Compare("应付 fee", Numbers.Grouped(before.QuarterlyFee), Numbers.Grouped(after.QuarterlyFee));
        Compare("实付 payout", Numbers.Grouped(before.Payout), Numbers.Grouped(after.Payout));
        Compare("扣减 deduction", Numbers.Grouped(before.Deduction), Numbers.Grouped(after.Deduction));
        Compare("规则版本 rule version", "v" + before.RuleVersion.ToString(CultureInfo.InvariantCulture), "v" + after.RuleVersion.ToString(CultureInfo.InvariantCulture));
        if (before.RuleSha256 != after.RuleSha256 && before.RuleVersion == after.RuleVersion)
        {
            changes.Add(new FieldChange("规则文件内容 rule file", before.RuleSha256[..12], after.RuleSha256[..12]));
        }

        var beforeMonths = MonthsOf(before.MonthsCsv);
        var afterMonths = MonthsOf(after.MonthsCsv);
        foreach (var month in beforeMonths.Keys.Union(afterMonths.Keys).Order(StringComparer.Ordinal))
        {
            var a = beforeMonths.GetValueOrDefault(month) ?? new string[MonthFields.Length];
            var b = afterMonths.GetValueOrDefault(month) ?? new string[MonthFields.Length];
            for (var i = 0; i < MonthFields.Length; i++) Compare($"{month} {MonthFields[i]}", a[i] ?? "", b[i] ?? "");
        }
        return [.. changes];
    }

    /// <summary>
    /// The imports that can have caused <paramref name="after"/>: those logged since the revision
    /// before it (all before it, for the first) that replaced one of the quarter's months or the
    /// reference data. For the first revision, only the ones in force when it was computed.
    /// </summary>
    public static StoredImport[] ImportsBehind(IReadOnlyList<StoredImport> imports, Quarter quarter, StoredRevision? before, StoredRevision after)
    {
        var months = quarter.Months.Select(m => m.ToString()).ToHashSet(StringComparer.Ordinal);
        var relevant = imports
            .Where(i => (i.Month is null || months.Contains(i.Month)) && i.ImportedAt <= after.ComputedAt)
            .Where(i => before is null || i.ImportedAt > before.ComputedAt);
        if (before is null) relevant = relevant.GroupBy(i => (i.Source, i.Month)).Select(g => g.MaxBy(i => i.ImportId)!);
        return [.. relevant.OrderBy(i => i.ImportId)];
    }

    /// <summary>A months.csv text by month: its six figures after the month. The contract id before them may itself hold commas.</summary>
    private static Dictionary<string, string[]> MonthsOf(string monthsCsv) =>
        monthsCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(','))
            .Where(f => f.Length >= 7)
            .ToDictionary(f => f[^7], f => f[^6..], StringComparer.Ordinal);

    private static string StatusName(QuarterStatus status) => status == QuarterStatus.Assessed ? "已评定 assessed" : "无法评定 unassessable";

    private static string Shown(string value) => value.Length == 0 ? "—" : value;
}
