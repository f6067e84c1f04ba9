using CsvHelper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using QuasiProperty.Outputs;
using QuasiProperty.Storage;
using QuasiProperty.Time;

namespace QuasiProperty.Web.Portal;

/// <summary>Finance's pages: every contract and quarter, revision histories, the import log, publishing, and the ledger export.</summary>
internal static class FinanceEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/finance", (HttpContext http, Pages pages, NpgsqlDataSource database) =>
        {
            if (!http.User.IsFinance()) return pages.NotFound(http);
            using var connection = database.OpenConnection();
            var quarters = PortalData.Quarters(connection).Select(q => new
            {
                q.Quarter, q.Contracts, Fees = Numbers.Grouped(q.TotalFees), Payout = Numbers.Grouped(q.TotalPayout),
                Deductions = Numbers.Grouped(q.TotalDeductions), q.Reduced, Published = q.PublishedAt is { } at ? ChinaTime.Display(at) : "",
            }).ToArray();
            var contracts = PortalData.Contracts(connection, null).Select(c => new
            {
                c.ContractId, c.CompanyName, c.CommunityName, Fee = Numbers.Grouped(c.QuarterlyFee), Period = $"{c.StartQuarter} – {c.EndQuarter ?? "至今"}",
            }).ToArray();
            return pages.Render(http, "finance.sbn", "财务 Finance", new { Quarters = quarters, Contracts = contracts });
        }).RequireAuthorization();

        app.MapGet("/finance/quarters/{quarter}", (HttpContext http, Pages pages, NpgsqlDataSource database, string quarter) =>
        {
            if (!http.User.IsFinance() || !Quarter.TryParse(quarter, out var q)) return pages.NotFound(http);
            using var connection = database.OpenConnection();
            var lines = PortalData.Payouts(connection, null, q);
            if (lines.Count == 0) return pages.NotFound(http);
            var rows = lines.OrderByDescending(p => p.Deduction).ThenBy(p => p.ContractId, StringComparer.Ordinal).Select(p => new
            {
                p.ContractId, p.CompanyName, p.CommunityName, Assessed = p.Status == "assessed", Score = Numbers.Fixed2(p.QuarterScore),
                PayRatio = Numbers.Ratio(p.PayRatio), Fee = Numbers.Grouped(p.QuarterlyFee), Payout = Numbers.Grouped(p.Payout),
                Deduction = Numbers.Grouped(p.Deduction), Reduced = p.Deduction > 0, p.Revision, RuleVersion = p.RuleVersion, p.HasReport,
            }).ToArray();
            return pages.Render(http, "quarter.sbn", $"{q} 季度账目 Ledger", new
            {
                Quarter = q.ToString(),
                Rows = rows,
                TotalFees = Numbers.Grouped(lines.Sum(p => p.QuarterlyFee)),
                TotalPayout = Numbers.Grouped(lines.Sum(p => p.Payout)),
                TotalDeductions = Numbers.Grouped(lines.Sum(p => p.Deduction)),
                Reduced = lines.Count(p => p.Deduction > 0),
                Published = PortalData.IsPublished(connection, q),
            });
        }).RequireAuthorization();

        app.MapGet("/finance/quarters/{quarter}/ledger.csv", (HttpContext http, Pages pages, NpgsqlDataSource database, string quarter) =>
        {
            if (!http.User.IsFinance() || !Quarter.TryParse(quarter, out var q)) return pages.NotFound(http);
            using var connection = database.OpenConnection();
            return Results.File(ExcelSafeLedger(PortalData.Payouts(connection, null, q)), "text/csv; charset=utf-8", $"ledger-{q}.csv");
        }).RequireAuthorization();

        app.MapPost("/finance/quarters/{quarter}/publish", (HttpContext http, Pages pages, NpgsqlDataSource database, string quarter) =>
        {
            if (!http.User.IsFinance() || !Quarter.TryParse(quarter, out var q)) return pages.NotFound(http);
            using var connection = database.OpenConnection();
            if (PortalData.Payouts(connection, null, q).Count == 0) return pages.NotFound(http);
            PortalData.Publish(connection, q, http.User.Identity?.Name ?? "finance");
            return Results.Redirect($"/finance/quarters/{q}");
        }).RequireAuthorization().AddEndpointFilter(RequireAntiforgery);

        app.MapGet("/finance/contracts/{id}/{quarter}", (HttpContext http, Pages pages, NpgsqlDataSource database, string id, string quarter) =>
        {
            if (!http.User.IsFinance() || !Quarter.TryParse(quarter, out var q)) return pages.NotFound(http);
            using var connection = database.OpenConnection();
            var history = PayoutRevisions.History(connection, q, id);
            if (history.Count == 0) return pages.NotFound(http);
            var revisions = history.Select((r, i) => new
            {
                r.Revision, r.Superseded, ComputedAt = ChinaTime.Display(r.ComputedAt), AsOf = ChinaTime.Display(r.AsOf), r.ComputedBy,
                Score = Numbers.Fixed2(r.QuarterScore), PayRatio = Numbers.Ratio(r.PayRatio), Payout = Numbers.Grouped(r.Payout),
                Deduction = Numbers.Grouped(r.Deduction), r.RuleVersion, r.InputDigest,
                Changes = i == 0 ? [] : RevisionChanges(history[i - 1], r),
            }).Reverse().ToArray();
            return pages.Render(http, "revisions.sbn", $"{id} {q} 修订记录 Revisions", new { ContractId = id, Quarter = q.ToString(), Revisions = revisions });
        }).RequireAuthorization();

        app.MapGet("/finance/imports", (HttpContext http, Pages pages, NpgsqlDataSource database) =>
        {
            if (!http.User.IsFinance()) return pages.NotFound(http);
            using var connection = database.OpenConnection();
            var all = ImportLog.All(connection);
            var current = all.GroupBy(i => (i.Source, i.Month)).Select(g => g.Max(i => i.ImportId)).ToHashSet();
            var imports = all.Select(i => new
            {
                i.ImportId, i.Source, Month = i.Month ?? "", i.FileName, i.Sha256, i.Rows, i.ImportedBy, ImportedAt = ChinaTime.Display(i.ImportedAt),
                Replaced = !current.Contains(i.ImportId),
            }).ToArray();
            return pages.Render(http, "imports.sbn", "导入记录 Import log", new { Imports = imports });
        }).RequireAuthorization();
    }

    /// <summary>What changed from one revision to the next, in the words finance checks.</summary>
    private static string[] RevisionChanges(StoredRevision before, StoredRevision after)
    {
        var changes = new List<string>();
        void Compare(string what, string a, string b)
        {
            if (a != b) changes.Add($"{what}: {a} → {b}");
        }
        Compare("季度得分 score", Numbers.Fixed2(before.QuarterScore), Numbers.Fixed2(after.QuarterScore));
        Compare("支付比例 pay ratio", Numbers.Ratio(before.PayRatio), Numbers.Ratio(after.PayRatio));
        Compare("实付 payout", Numbers.Grouped(before.Payout), Numbers.Grouped(after.Payout));
        Compare("规则版本 rule version", before.RuleVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            after.RuleVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (before.RuleSha256 != after.RuleSha256 && before.RuleVersion == after.RuleVersion) changes.Add("规则文件内容 rule file bytes changed");
        var beforeMonths = before.MonthsCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var afterMonths = after.MonthsCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        foreach (var (a, b) in beforeMonths.Zip(afterMonths).Where(p => p.First != p.Second))
        {
            changes.Add($"月 month {b.Split(',')[^7]}: {string.Join(",", a.Split(',')[^6..])} → {string.Join(",", b.Split(',')[^6..])}");
        }
        if (before.InputDigest != after.InputDigest && changes.Count == 0) changes.Add("输入数据有变化但结果相同 inputs changed, result unchanged");
        return [.. changes];
    }

    /// <summary>The ledger as CSV that Excel opens without running anything: cells starting with = + - @ tab or CR are neutralised.</summary>
    private static byte[] ExcelSafeLedger(IReadOnlyList<StoredPayoutLine> lines)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, new CsvWriterOptions { Injection = CsvInjection.Escape, WriteByteOrderMark = true }, leaveOpen: true))
        {
            csv.WriteRecord(["quarter", "contract_id", "company", "community", "status", "quarter_score", "pay_ratio", "quarterly_fee", "payout", "deduction", "revision"]);
            foreach (var p in lines.OrderBy(p => p.ContractId, StringComparer.Ordinal))
            {
                csv.WriteRecord([p.Quarter, p.ContractId, p.CompanyName, p.CommunityName, p.Status, Numbers.Fixed2(p.QuarterScore), Numbers.Ratio(p.PayRatio),
                    Numbers.Fixed2(p.QuarterlyFee), Numbers.Fixed2(p.Payout), Numbers.Fixed2(p.Deduction), p.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }
        }
        return buffer.ToArray();
    }

    internal static async ValueTask<object?> RequireAntiforgery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var antiforgery = context.HttpContext.RequestServices.GetService(typeof(Microsoft.AspNetCore.Antiforgery.IAntiforgery)) as Microsoft.AspNetCore.Antiforgery.IAntiforgery;
        if (antiforgery is null || !await antiforgery.IsRequestValidAsync(context.HttpContext)) return FormErrors.Expired(context.HttpContext);
        return await next(context);
    }
}
