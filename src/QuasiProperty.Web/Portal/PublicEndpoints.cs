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
                        Bands = string.Join("; ", v.Payout.Bands.Select(b => $"≥{Numbers.Exact(b.MinScore)} → {Numbers.Ratio(b.PayRatio)}")),
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
            var published = PortalData.Quarters(connection).Where(q => q.PublishedAt is not null)
                .Select(q => new { q.Quarter, PublishedAt = ChinaTime.Display(q.PublishedAt!.Value), q.Contracts }).ToArray();
            return pages.Render(http, "results.sbn", "考评结果 Results", new { Quarters = published });
        });
        app.MapGet("/results/{quarter}", (HttpContext http, Pages pages, NpgsqlDataSource database, string quarter) =>
        {
            using var connection = database.OpenConnection();
            if (!Quarter.TryParse(quarter, out var q) || !PortalData.IsPublished(connection, q)) return pages.NotFound(http);
            var rows = PortalData.Payouts(connection, null, q).Select(p => new
            {
                p.CommunityName,
                p.CompanyName,
                Score = Numbers.Fixed2(p.QuarterScore),
                Assessed = p.Status == "assessed",
                PayRatio = Numbers.Ratio(p.PayRatio),
                Decision = Explanation.Decision(p.Deduction, p.Status == "assessed").Zh,
                Reduced = p.Deduction > 0,
            }).ToArray();
            return pages.Render(http, "result.sbn", $"{q} 考评结果 Results", new { Quarter = q.ToString(), Rows = rows });
        });
    }
}
