using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using QuasiProperty.Outputs;
using QuasiProperty.Storage;
using QuasiProperty.Time;

namespace QuasiProperty.Web.Portal;

/// <summary>
/// Publishing a quarter to the public pages, and withdrawing it. Each is two steps: a page that
/// shows what is about to happen (the quarter's totals, or the reason asked for), then the form
/// that does it. Every event goes to the append-only publication log with who and when.
/// </summary>
internal static class FinancePublishing
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/finance/quarters/{quarter}/publish", (HttpContext http, Pages pages, NpgsqlDataSource database, string quarter) =>
            Confirmation(http, pages, database, quarter, withdraw: false, error: null, StatusCodes.Status200OK)).RequireAuthorization();

        app.MapGet("/finance/quarters/{quarter}/withdraw", (HttpContext http, Pages pages, NpgsqlDataSource database, string quarter) =>
            Confirmation(http, pages, database, quarter, withdraw: true, error: null, StatusCodes.Status200OK)).RequireAuthorization();

        app.MapPost("/finance/quarters/{quarter}/publish", (HttpContext http, Pages pages, NpgsqlDataSource database, string quarter) =>
        {
            if (!http.User.IsFinance() || !Quarter.TryParse(quarter, out var q)) return pages.NotFound(http);
            using var connection = database.OpenConnection();
            if (PortalData.Payouts(connection, null, q).Count == 0) return pages.NotFound(http);
            Publications.Publish(connection, q, By(http));
            return Results.Redirect($"/finance/quarters/{q}");
        }).RequireAuthorization().AddEndpointFilter(FinanceEndpoints.RequireAntiforgery);

        app.MapPost("/finance/quarters/{quarter}/withdraw", (HttpContext http, Pages pages, NpgsqlDataSource database, string quarter, [FromForm] string? reason) =>
        {
            if (!http.User.IsFinance() || !Quarter.TryParse(quarter, out var q)) return pages.NotFound(http);
            if (string.IsNullOrWhiteSpace(reason))
            {
                return Confirmation(http, pages, database, quarter, withdraw: true,
                    "请写明撤回原因。Say why the results are withdrawn.", StatusCodes.Status400BadRequest);
            }
            using var connection = database.OpenConnection();
            if (PortalData.Payouts(connection, null, q).Count == 0) return pages.NotFound(http);
            Publications.Withdraw(connection, q, reason.Length > 500 ? reason[..500] : reason, By(http));
            return Results.Redirect($"/finance/quarters/{q}");
        }).RequireAuthorization().AddEndpointFilter(FinanceEndpoints.RequireAntiforgery);
    }

    /// <summary>The quarter page's publication block: whether it is public, and every event so far.</summary>
    public static object State(NpgsqlConnection connection, Quarter quarter)
    {
        var history = Publications.History(connection, quarter);
        var latest = history.Count == 0 ? null : history[^1];
        return new
        {
            Published = latest?.Published == true,
            Withdrawn = latest is { Published: false },
            By = latest?.By ?? "",
            At = latest is null ? "" : ChinaTime.Display(latest.At),
            Reason = latest?.Reason ?? "",
            Events = history.Reverse().Select(e => new
            {
                e.Published, e.By, At = ChinaTime.Display(e.At), Reason = e.Reason ?? "",
            }).ToArray(),
        };
    }

    private static IResult Confirmation(HttpContext http, Pages pages, NpgsqlDataSource database, string quarter, bool withdraw, string? error, int status)
    {
        if (!http.User.IsFinance() || !Quarter.TryParse(quarter, out var q)) return pages.NotFound(http);
        using var connection = database.OpenConnection();
        var quarters = PortalData.Quarters(connection);
        if (quarters.FirstOrDefault(o => o.Quarter == q.ToString()) is not { } totals) return pages.NotFound(http);
        var published = Publications.IsPublished(connection, q);
        var title = withdraw ? $"撤回 {q} 公布 Withdraw" : $"公布 {q} Publish";
        return pages.Render(http, "publish.sbn", title, new
        {
            Quarter = q.ToString(),
            Withdraw = withdraw,
            // Nothing to confirm when the quarter is already where the form would take it.
            AlreadyDone = withdraw ? !published : published,
            Error = error ?? "",
            totals.Contracts,
            totals.Reduced,
            Fees = Numbers.Grouped(totals.TotalFees),
            Payout = Numbers.Grouped(totals.TotalPayout),
            Deductions = Numbers.Grouped(totals.TotalDeductions),
        }, status);
    }

    private static string By(HttpContext http) => http.User.Identity?.Name ?? "finance";
}
