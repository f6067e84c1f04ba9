using QuasiProperty.Application;
using System.Globalization;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using QuasiProperty.Outputs;
using QuasiProperty.Reports;
using QuasiProperty.Reports.Signing;
using QuasiProperty.Scoring;
using QuasiProperty.Scheduling;
using QuasiProperty.Storage;
using QuasiProperty.Time;

namespace QuasiProperty.Web.Portal;

/// <summary>
/// A property company's own pages: its contracts, each contract's scorecard, and downloads of its
/// signed reports. Anything of another company is answered exactly as a page that does not exist.
/// </summary>
internal static class CompanyEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/company", (HttpContext http, Pages pages, NpgsqlDataSource database, RulesFolder rules) =>
        {
            if (http.User.CompanyId() is not { } company) return pages.NotFound(http);
            using var connection = database.OpenConnection();
            var book = rules.Load();
            var latest = CompanyOverview.LatestDecisions(connection, company).ToDictionary(d => d.ContractId, StringComparer.Ordinal);
            var interim = CompanyOverview.InterimMonths(connection, company).ToLookup(m => m.ContractId, m => m.Scorecard, StringComparer.Ordinal);
            var contracts = PortalData.Contracts(connection, company).Select(c =>
            {
                var decision = latest.GetValueOrDefault(c.ContractId);
                var projection = InterimProjection.Of(book, c.RuleSet, [.. interim[c.ContractId]]);
                return new
                {
                    c.ContractId,
                    c.CommunityName,
                    Fee = Numbers.Grouped(c.QuarterlyFee),
                    Period = $"{c.StartQuarter} – {c.EndQuarter ?? "至今"}",
                    HasDecision = decision is not null,
                    LatestQuarter = decision?.Quarter ?? "",
                    LatestScore = decision is null ? "" : decision.Status == QuarterStatus.Assessed ? Numbers.Fixed2(decision.QuarterScore) : "无法评定 unassessable",
                    LatestRatio = decision is null ? "" : Numbers.Ratio(decision.PayRatio),
                    LatestDecision = decision is null ? "尚无季度结果 no quarter decided yet" : Explanation.Decision(decision.Deduction, decision.Status == QuarterStatus.Assessed).Zh,
                    // full: paid in full; reduced: a deduction; unassessable: too few months, paid at the rule's fixed ratio.
                    DecisionClass = decision is null ? "muted" : decision.Deduction > 0 ? "reduced" : decision.Status == QuarterStatus.Assessed ? "full" : "unassessable",
                    Interim = interim[c.ContractId].Where(s => projection is null || Month.Parse(s.Month).Quarter.ToString() == projection.Quarter)
                        .Select(s => new { s.Month, Score = Numbers.Fixed2(s.MonthScore) }).ToArray(),
                    HasProjection = projection is not null,
                    ProjectionQuarter = projection?.Quarter ?? "",
                    ProjectionZh = projection?.Zh ?? "",
                    ProjectionEn = projection?.En ?? "",
                    ProjectionReduced = projection?.Reduced ?? false,
                };
            }).ToArray();
            return pages.Render(http, "company.sbn", "我的合同 My contracts", new { CompanyName = http.User.Identity!.Name, Contracts = contracts });
        }).RequireAuthorization();

        app.MapGet("/company/contracts/{id}", (HttpContext http, Pages pages, NpgsqlDataSource database, RulesFolder rules, string id) =>
        {
            using var connection = database.OpenConnection();
            var contract = PortalData.Contract(connection, id);
            if (contract is null || contract.CompanyId != http.User.CompanyId()) return pages.NotFound(http);
            return pages.Render(http, "scorecard.sbn", $"{contract.ContractId} 考评 Scorecard", Scorecard.Build(connection, contract, rules));
        }).RequireAuthorization();

        // Reports are downloaded by the company they belong to, and by finance, under the names their envelope
        // signs (HT2025-01.html, .json, .dsse.json): qp verify accepts them unchanged. "view" shows the report in the browser.
        app.MapGet("/contracts/{id}/{quarter}/{file}", (HttpContext http, Pages pages, NpgsqlDataSource database, string id, string quarter, string file) =>
        {
            using var connection = database.OpenConnection();
            var contract = PortalData.Contract(connection, id);
            var allowed = contract is not null && (http.User.IsFinance() || contract.CompanyId == http.User.CompanyId());
            if (!allowed || !Quarter.TryParse(quarter, out var q) || ReportArchive.Current(connection, id, q) is not { } report) return pages.NotFound(http);
            var names = SignedFileNames.Of(report.Envelope);
            return file switch
            {
                "report.html" => Results.File(Utf8(report.ReportHtml), "text/html; charset=utf-8", names.Report),
                "assessment.json" => Results.File(Utf8(report.AssessmentJson), "application/json", names.Assessment),
                "signature.dsse.json" => Results.File(Utf8(report.Envelope), "application/json", names.Envelope),
                "view" => View(http, report, names),
                "verify.zip" => Bundle(connection, http, report, names, $"{OutputFolder.FileNameFor(id)}-{q}.zip"),
                _ => pages.NotFound(http),
            };
        }).RequireAuthorization();
    }

    private static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    /// <summary>The signed report as a page of its own, sandboxed: it may style itself and nothing else.</summary>
    private static IResult View(HttpContext http, StoredReport report, SignedFileNames names)
    {
        http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";
        http.Response.Headers.ContentDisposition = $"inline; filename=\"{names.Report}\"";
        return Results.Bytes(Utf8(report.ReportHtml), "text/html; charset=utf-8");
    }

    /// <summary>
    /// The report, its assessment, its envelope and the public key in one zip, so that two quarters' reports
    /// of one contract (both HT2025-01.html) cannot overwrite or rename each other in a downloads folder.
    /// </summary>
    private static IResult Bundle(NpgsqlConnection connection, HttpContext http, StoredReport report, SignedFileNames names, string zipName)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(Utf8(text));
            }
            Add(names.Report, report.ReportHtml);
            Add(names.Assessment, report.AssessmentJson);
            Add(names.Envelope, report.Envelope);
            if (PublishedKeys.Find(connection, http.RequestServices, names.KeyId) is { } key) Add(names.KeyId + KeyEndpoints.PemSuffix, key.PublicKeyPem);
        }
        return Results.File(buffer.ToArray(), "application/zip", zipName);
    }
}

/// <summary>A contract's scorecard: this quarter's months so far, past quarters' decisions, and the trend.</summary>
internal static class Scorecard
{
    public static object Build(NpgsqlConnection connection, ContractSummary contract, RulesFolder rules)
    {
        var payouts = PortalData.Payouts(connection, contract.ContractId, null);
        var scorecards = PortalData.Scorecards(connection, contract.ContractId);
        var paidQuarters = payouts.Select(p => p.Quarter).ToHashSet(StringComparer.Ordinal);
        var interim = scorecards.Where(s => !paidQuarters.Contains(Month.Parse(s.Month).Quarter.ToString())).ToArray();

        var chartMonths = payouts.SelectMany(p => p.MonthsCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(ChartMonthOf))
            .Concat(interim.Select(s => new ChartMonth(Month.Parse(s.Month), s.MonthScore, s.Satisfaction, s.Committee, s.Grid)))
            .ToArray();
        var latest = chartMonths.Length == 0 ? Quarter.Parse(contract.StartQuarter) : chartMonths.Max(m => m.Month).Quarter;
        var book = rules.Load();
        var ruleVersion = book.InForce(contract.RuleSet, latest);
        var projection = InterimProjection.Of(book, contract.RuleSet, interim);
        var signed = ReportEnvelopes.Current(connection, contract.ContractId).ToDictionary(e => e.Quarter, e => SignedFileNames.Of(e.Envelope), StringComparer.Ordinal);

        return new
        {
            contract.ContractId,
            contract.CommunityName,
            contract.CompanyName,
            Fee = Numbers.Grouped(contract.QuarterlyFee),
            Interim = interim.Select(s => MonthLine.Of(s, MonthLine.MinResponses(book, contract.RuleSet, s.RuleVersion))).ToArray(),
            InterimAsOf = interim.Length == 0 ? "" : ChinaTime.Display(interim.Max(s => s.AsOf)),
            HasProjection = projection is not null,
            ProjectionZh = projection?.Zh ?? "",
            ProjectionEn = projection?.En ?? "",
            ProjectionReduced = projection?.Reduced ?? false,
            Quarters = payouts.OrderByDescending(p => p.Quarter, StringComparer.Ordinal).Select(p => new
            {
                p.Quarter,
                p.Revision,
                Assessed = p.Status == QuarterStatus.Assessed,
                Score = Numbers.Fixed2(p.QuarterScore),
                PayRatio = Numbers.Ratio(p.PayRatio),
                Payout = Numbers.Grouped(p.Payout),
                Deduction = Numbers.Grouped(p.Deduction),
                Reduced = p.Deduction > 0,
                Decision = Explanation.Decision(p.Deduction, p.Status == QuarterStatus.Assessed).Zh,
                p.HasReport,
                Unassessable = p.Status != QuarterStatus.Assessed,
                RuleVersion = p.RuleVersion,
                RuleAnchor = $"{contract.RuleSet}-v{p.RuleVersion}",
                Files = signed.GetValueOrDefault(p.Quarter),
                KeyFingerprint = signed.GetValueOrDefault(p.Quarter) is { } files ? KeyFingerprint.Of(files.KeyId) : "",
                KeyAddress = signed.GetValueOrDefault(p.Quarter) is { } keyed ? KeyEndpoints.AddressOf(keyed.KeyId) : "",
                KeyFile = signed.GetValueOrDefault(p.Quarter) is { } named ? named.KeyId + KeyEndpoints.PemSuffix : "",
                // A months.csv row ends with its seven figures; the contract id before them may itself hold commas.
                Months = p.MonthsCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(','))
                    .Select(f => MonthLine.Of(f[^7], f[^6], int.Parse(f[^5], CultureInfo.InvariantCulture), MonthLine.MinResponses(book, contract.RuleSet, p.RuleVersion),
                        f[^4], f[^3], f[^2], f[^1]))
                    .ToArray(),
            }).ToArray(),
            Chart = ruleVersion is null
                ? new RawHtml("")
                : ScoreChart.Render(latest, chartMonths, [.. ruleVersion.Payout.Bands.Where(b => b.MinScore > 0).Select(b => b.MinScore)],
                    ruleVersion.Payout.MonthFloor?.ScoreBelow),
        };
    }

    private static ChartMonth ChartMonthOf(string csvRow)
    {
        var f = csvRow.Split(',');
        static decimal? D(string s) => s.Length == 0 ? null : decimal.Parse(s, CultureInfo.InvariantCulture);
        return new ChartMonth(Month.Parse(f[^7]), D(f[^1]), D(f[^6]), D(f[^4]), D(f[^3]));
    }
}
