using QuasiProperty.Application;
using CsvHelper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using QuasiProperty.Outputs;
using QuasiProperty.Reports;
using QuasiProperty.Scoring;
using QuasiProperty.Scheduling;
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
            var query = LedgerQueryString.Parse(http.Request.Query, ContractListDefaults);
            var page = FinanceLedger.Contracts(connection, query);
            var contracts = page.Lines.Select(l => new
            {
                l.ContractId, l.CompanyName, l.CommunityName, Fee = Numbers.Grouped(l.QuarterlyFee), Scorecard = ScorecardHref(l.ContractId),
                Quarter = l.Quarter ?? "", Assessed = l.Status == QuarterStatus.Assessed, Score = Numbers.Fixed2(l.QuarterScore),
                Deduction = l.Deduction is { } d ? Numbers.Grouped(d) : "", Reduced = l.Deduction > 0,
                Revisions = l.Quarter is { } q ? RevisionsHref(l.ContractId, q) : "",
            }).ToArray();
            var controls = LedgerControls(pages, connection, "/finance", query, ContractListDefaults, page, "contracts");
            return pages.Render(http, "finance.sbn", "财务 Finance", new
            {
                Quarters = quarters, Contracts = contracts, Controls = controls, Total = page.All.Contracts, page.Matching,
            });
        }).RequireAuthorization();

        app.MapGet("/finance/quarters/{quarter}", (HttpContext http, Pages pages, NpgsqlDataSource database, string quarter) =>
        {
            if (!http.User.IsFinance() || !Quarter.TryParse(quarter, out var q)) return pages.NotFound(http);
            using var connection = database.OpenConnection();
            var query = LedgerQueryString.Parse(http.Request.Query, QuarterLedgerDefaults);
            if (FinanceLedger.Quarter(connection, q, query) is not { } page) return pages.NotFound(http);
            var rows = page.Lines.Select(p => new
            {
                p.ContractId, p.CompanyName, p.CommunityName, Assessed = p.Status == QuarterStatus.Assessed, Score = Numbers.Fixed2(p.QuarterScore),
                PayRatio = p.PayRatio is { } r ? Numbers.Ratio(r) : "", Fee = Numbers.Grouped(p.QuarterlyFee), Payout = Numbers.Grouped(p.Payout ?? 0),
                Deduction = Numbers.Grouped(p.Deduction ?? 0), Reduced = p.Deduction > 0, p.Revision, p.HasReport,
                Scorecard = ScorecardHref(p.ContractId), Revisions = RevisionsHref(p.ContractId, q.ToString()),
                Report = $"/contracts/{Uri.EscapeDataString(p.ContractId)}/{q}/report.html",
            }).ToArray();
            var path = $"/finance/quarters/{q}";
            return pages.Render(http, "quarter.sbn", $"{q} 季度账目 Ledger", new
            {
                Quarter = q.ToString(),
                Rows = rows,
                Controls = LedgerControls(pages, connection, path, query, QuarterLedgerDefaults, page, "ledger"),
                Contracts = page.All.Contracts,
                page.Matching,
                MatchingDeductions = Numbers.Grouped(page.MatchingDeductions),
                TotalFees = Numbers.Grouped(page.All.Fees),
                TotalPayout = Numbers.Grouped(page.All.Payout),
                TotalDeductions = Numbers.Grouped(page.All.Deductions),
                Reduced = page.All.Reduced,
                Unassessable = page.All.Unassessable,
                Publication = FinancePublishing.State(connection, q),
            });
        }).RequireAuthorization();

        app.MapGet("/finance/quarters/{quarter}/ledger.csv", (HttpContext http, Pages pages, NpgsqlDataSource database, string quarter) =>
        {
            if (!http.User.IsFinance() || !Quarter.TryParse(quarter, out var q)) return pages.NotFound(http);
            using var connection = database.OpenConnection();
            return Results.File(ExcelSafeLedger(PortalData.Payouts(connection, null, q)), "text/csv; charset=utf-8", $"ledger-{q}.csv");
        }).RequireAuthorization();

        FinancePublishing.Map(app);

        // Finance opens any contract's scorecard, the same page a company sees of its own.
        app.MapGet("/finance/contracts/{id}", (HttpContext http, Pages pages, NpgsqlDataSource database, RulesFolder rules, string id) =>
        {
            if (!http.User.IsFinance()) return pages.NotFound(http);
            using var connection = database.OpenConnection();
            if (PortalData.Contract(connection, id) is not { } contract) return pages.NotFound(http);
            return pages.Render(http, "scorecard.sbn", $"{contract.ContractId} 考评 Scorecard", Scorecard.Build(connection, contract, rules));
        }).RequireAuthorization();

        app.MapGet("/finance/contracts/{id}/{quarter}", (HttpContext http, Pages pages, NpgsqlDataSource database, string id, string quarter) =>
        {
            if (!http.User.IsFinance() || !Quarter.TryParse(quarter, out var q)) return pages.NotFound(http);
            using var connection = database.OpenConnection();
            var history = PayoutRevisions.History(connection, q, id);
            if (history.Count == 0) return pages.NotFound(http);
            var imports = ImportLog.All(connection);
            var revisions = history.Select((r, i) => new
            {
                r.Revision, r.Superseded, ComputedAt = ChinaTime.Display(r.ComputedAt), AsOf = ChinaTime.Display(r.AsOf), r.ComputedBy,
                Score = Numbers.Fixed2(r.QuarterScore), PayRatio = Numbers.Ratio(r.PayRatio), Payout = Numbers.Grouped(r.Payout),
                Deduction = Numbers.Grouped(r.Deduction), r.RuleVersion, r.InputDigest, First = i == 0,
                Changes = i == 0 ? [] : RevisionChanges.Between(history[i - 1], r),
                Imports = RevisionChanges.ImportsBehind(imports, q, i == 0 ? null : history[i - 1], r).Select(m => new
                {
                    m.ImportId, Href = $"/finance/imports#import-{m.ImportId}", m.Source, Month = m.Month ?? "", m.FileName,
                    ImportedAt = ChinaTime.Display(m.ImportedAt),
                }).ToArray(),
            }).Reverse().ToArray();
            return pages.Render(http, "revisions.sbn", $"{id} {q} 修订记录 Revisions", new
            {
                ContractId = id, Quarter = q.ToString(), Revisions = revisions, Scorecard = ScorecardHref(id),
            });
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

    /// <summary>The quarter ledger opens with the largest deductions, 50 lines a page.</summary>
    private static readonly LedgerQuery QuarterLedgerDefaults = new() { Sort = LedgerSort.Deduction, Descending = true };

    /// <summary>The contract list opens in contract order.</summary>
    private static readonly LedgerQuery ContractListDefaults = new() { Sort = LedgerSort.Contract, Descending = false };

    private static string ScorecardHref(string contractId) => $"/finance/contracts/{Uri.EscapeDataString(contractId)}";

    private static string RevisionsHref(string contractId, string quarter) => $"/finance/contracts/{Uri.EscapeDataString(contractId)}/{quarter}";

    /// <summary>The search and filter form, the column sort links and the pager of a ledger, rendered once for the page to place.</summary>
    private static LedgerControls LedgerControls(
        Pages pages, NpgsqlConnection connection, string path, LedgerQuery query, LedgerQuery defaults, LedgerPage page, string table)
    {
        var (view, sorts) = LedgerQueryString.Model(path, query, defaults, page);
        var companies = FinanceLedger.Companies(connection).Select(c => new { c.Id, c.Name, Selected = c.Id == query.CompanyId }).ToArray();
        var extra = new { Companies = companies, Table = table, Part = "form" };
        return new LedgerControls(
            pages.Fragment("ledger_controls.sbn", view, extra),
            pages.Fragment("ledger_controls.sbn", view, extra with { Part = "pager" }),
            sorts);
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
                csv.WriteRecord([p.Quarter, p.ContractId, p.CompanyName, p.CommunityName, LedgerCsv.StatusName(p.Status), Numbers.Fixed2(p.QuarterScore), Numbers.Ratio(p.PayRatio),
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

/// <summary>A ledger's controls, rendered: the filter form above the table, the pager below it, and the column headers' sort links.</summary>
internal sealed record LedgerControls(RawHtml Form, RawHtml Pager, object Sorts);
