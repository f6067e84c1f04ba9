using QuasiProperty.Application;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using QuasiProperty.Outputs;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Scheduling;
using QuasiProperty.Storage;
using QuasiProperty.Time;

namespace QuasiProperty.Web.Portal;

/// <summary>Pages anyone may open: the rules in force and what changed, and published results.</summary>
internal static class PublicEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/", (HttpContext http, Pages pages) => pages.Render(http, "home.sbn", "准物业管理考评 QuasiProperty", new { }));
        app.MapGet("/not-found", (HttpContext http, Pages pages) => pages.NotFound(http));

        app.MapGet("/rules", (HttpContext http, Pages pages, RulesFolder rules) =>
        {
            var book = rules.Load();
            var sets = book.RuleSets.Select(set =>
            {
                var versions = book.VersionsOf(set);
                return new
                {
                    Name = set,
                    Versions = versions.Select((v, i) => new
                    {
                        v.Version,
                        EffectiveFrom = v.EffectiveFrom.ToString(),
                        AdoptedOn = v.AdoptedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                        v.AdoptedBy,
                        Note = v.Note ?? "",
                        v.Sha256,
                        Weights = Numbers.Weights(v.Weights),
                        Bands = RuleDiff.Bands(v.Payout.Bands).Zh,
                        Floor = RuleDiff.Floor(v.Payout.MonthFloor).Zh,
                        Previous = i == 0 ? 0 : versions[i - 1].Version,
                        Changes = i == 0 ? [] : RuleDiff.Compare(versions[i - 1], v),
                    }).Reverse().ToArray(),
                };
            }).ToArray();
            return pages.Render(http, "rules.sbn", "考评规则 Rules", new { Sets = sets });
        });

        app.MapGet("/results", (HttpContext http, Pages pages, NpgsqlDataSource database) =>
        {
            using var connection = database.OpenConnection();
            var published = PortalData.Quarters(connection).Where(q => q.PublishedAt is not null).ToArray();
            var totals = PublicResults.Totals(connection, published.Select(q => q.Quarter)).ToDictionary(t => t.Quarter, StringComparer.Ordinal);
            // The public sees how the service was judged, not the money: no fee or payout totals (each line's decision names its own deduction).
            var quarters = published.Select(q => totals.GetValueOrDefault(q.Quarter) is { } t
                ? new
                {
                    q.Quarter, PublishedAt = ChinaTime.Display(q.PublishedAt!.Value), t.Contracts, t.Assessed, t.Unassessable, t.Reduced,
                    Full = t.Contracts - t.Reduced, AverageScore = Numbers.Fixed2(t.AverageScore),
                }
                : null).Where(q => q is not null).ToArray();
            return pages.Render(http, "results.sbn", "考评结果 Results", new { Quarters = quarters });
        });
        app.MapGet("/results/{quarter}", (HttpContext http, Pages pages, NpgsqlDataSource database, string quarter, string? q, string? page, string? size) =>
        {
            using var connection = database.OpenConnection();
            if (!Quarter.TryParse(quarter, out var published) || !PortalData.IsPublished(connection, published)) return pages.NotFound(http);
            var search = (q ?? "").Trim();
            if (search.Length > 100) search = search[..100];
            // Hand-edited addresses are read leniently: a page or size that is no number is the default, not an error.
            var perPage = Math.Clamp(int.TryParse(size, out var s) ? s : ResultsPageSize, 1, 200);
            var pageNumber = Math.Max(int.TryParse(page, out var n) ? n : 1, 1);
            var found = PublicResults.Page(connection, published.ToString(), search, (pageNumber - 1) * perPage, perPage);
            var pageCount = Math.Max(1, (found.Matching + perPage - 1) / perPage);
            if (pageNumber > pageCount)
            {
                pageNumber = pageCount;
                found = PublicResults.Page(connection, published.ToString(), search, (pageNumber - 1) * perPage, perPage);
            }
            var totals = PublicResults.Totals(connection, [published.ToString()]).Single();
            string Link(int n) => $"/results/{published}?{(search.Length > 0 ? "q=" + Uri.EscapeDataString(search) + "&" : "")}{(perPage == ResultsPageSize ? "" : $"size={perPage}&")}page={n}";
            var rows = found.Lines.Select(p => new
            {
                p.CommunityName,
                p.CompanyName,
                Score = Numbers.Fixed2(p.QuarterScore),
                Assessed = p.Status == QuarterStatus.Assessed,
                PayRatio = Numbers.Ratio(p.PayRatio),
                Decision = Explanation.Decision(p.Deduction, p.Status == QuarterStatus.Assessed).Zh,
                Reduced = p.Deduction > 0,
                RuleVersion = p.RuleVersion,
                RuleAnchor = $"{p.RuleSet}-v{p.RuleVersion}",
            }).ToArray();
            return pages.Render(http, "result.sbn", $"{published} 考评结果 Results", new
            {
                Quarter = published.ToString(),
                Rows = rows,
                Search = search,
                Matching = found.Matching,
                First = found.Matching == 0 ? 0 : (pageNumber - 1) * perPage + 1,
                Last = (pageNumber - 1) * perPage + rows.Length,
                Page = pageNumber,
                Pages = pageCount,
                PreviousLink = pageNumber > 1 ? Link(pageNumber - 1) : "",
                NextLink = pageNumber < pageCount ? Link(pageNumber + 1) : "",
                FirstLink = pageNumber > 1 ? Link(1) : "",
                LastLink = pageNumber < pageCount ? Link(pageCount) : "",
                Totals = new
                {
                    totals.Contracts, totals.Assessed, totals.Unassessable, totals.Reduced, Full = totals.Contracts - totals.Reduced,
                    AverageScore = Numbers.Fixed2(totals.AverageScore),
                },
            });
        });
        KeyEndpoints.Map(app);
    }

    /// <summary>Lines per page of a published quarter: a city has 7,000, which no one reads, or renders, in one page.</summary>
    private const int ResultsPageSize = 50;
}
