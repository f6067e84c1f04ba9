using System.Globalization;
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

/// <summary>
/// A property company's own pages: its contracts, each contract's scorecard, and downloads of its
/// signed reports. Anything of another company is answered exactly as a page that does not exist.
/// </summary>
internal static class CompanyEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/company", (HttpContext http, Pages pages, NpgsqlDataSource database) =>
        {
            if (http.User.CompanyId() is not { } company) return pages.NotFound(http);
            using var connection = database.OpenConnection();
            var payouts = PortalData.Payouts(connection, null, null).Where(p => p.ContractId is not null).ToLookup(p => p.ContractId);
            var contracts = PortalData.Contracts(connection, company).Select(c => new
            {
                c.ContractId,
                c.CommunityName,
                Fee = Numbers.Grouped(c.QuarterlyFee),
                Period = $"{c.StartQuarter} – {c.EndQuarter ?? "至今"}",
                Latest = payouts[c.ContractId].LastOrDefault() is { } p
                    ? $"{p.Quarter}：{Explanation.Decision(p.Deduction, p.Status == "assessed").Zh}"
                    : "尚无季度结果",
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

        // Reports are downloaded by the company they belong to, and by finance.
        app.MapGet("/contracts/{id}/{quarter}/{file}", (HttpContext http, Pages pages, NpgsqlDataSource database, string id, string quarter, string file) =>
        {
            using var connection = database.OpenConnection();
            var contract = PortalData.Contract(connection, id);
            var allowed = contract is not null && (http.User.IsFinance() || contract.CompanyId == http.User.CompanyId());
            if (!allowed || !Quarter.TryParse(quarter, out var q) || ReportArchive.Current(connection, id, q) is not { } report) return pages.NotFound(http);
            var name = OutputFolder.FileNameFor(id);
            return file switch
            {
                "report.html" => Results.File(System.Text.Encoding.UTF8.GetBytes(report.ReportHtml), "text/html; charset=utf-8", $"{name}-{q}.html"),
                "assessment.json" => Results.File(System.Text.Encoding.UTF8.GetBytes(report.AssessmentJson), "application/json", $"{name}-{q}.json"),
                "signature.dsse.json" => Results.File(System.Text.Encoding.UTF8.GetBytes(report.Envelope), "application/json", $"{name}-{q}.dsse.json"),
                _ => pages.NotFound(http),
            };
        }).RequireAuthorization();
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
        var ruleVersion = rules.Load().InForce(contract.RuleSet, latest);

        return new
        {
            contract.ContractId,
            contract.CommunityName,
            contract.CompanyName,
            Fee = Numbers.Grouped(contract.QuarterlyFee),
            Interim = interim.Select(s => new
            {
                s.Month,
                Satisfaction = Numbers.Fixed2(s.Satisfaction),
                Responses = s.SatisfactionResponses,
                Committee = Numbers.Fixed2(s.Committee),
                Grid = Numbers.Fixed2(s.Grid),
                GridRate = Numbers.Fixed2(s.GridRate),
                Score = Numbers.Fixed2(s.MonthScore),
                AsOf = ChinaTime.Display(s.AsOf),
            }).ToArray(),
            Quarters = payouts.OrderByDescending(p => p.Quarter, StringComparer.Ordinal).Select(p => new
            {
                p.Quarter,
                p.Revision,
                Assessed = p.Status == "assessed",
                Score = Numbers.Fixed2(p.QuarterScore),
                PayRatio = Numbers.Ratio(p.PayRatio),
                Payout = Numbers.Grouped(p.Payout),
                Deduction = Numbers.Grouped(p.Deduction),
                Reduced = p.Deduction > 0,
                Decision = Explanation.Decision(p.Deduction, p.Status == "assessed").Zh,
                p.HasReport,
                // A months.csv row ends with its seven figures; the contract id before them may itself hold commas.
                Months = p.MonthsCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).Select(f => new
                {
                    Month = f[^7], Satisfaction = f[^6], Responses = f[^5], Committee = f[^4], Grid = f[^3], GridRate = f[^2], Score = f[^1],
                }).ToArray(),
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
