using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using QuasiProperty.Reports;

namespace QuasiProperty.Web.Portal;

/// <summary>
/// Renders portal pages from <c>templates/portal/*.sbn</c> with the same escaping as the reports:
/// the page template, then <c>layout.sbn</c> around it.
/// </summary>
public sealed class Pages(Templates templates)
{
    public const string Layout = "layout.sbn";

    public static readonly string[] Required =
        [Layout, "home.sbn", "signin.sbn", "company.sbn", "scorecard.sbn", "finance.sbn", "quarter.sbn", "revisions.sbn", "imports.sbn",
         "rules.sbn", "results.sbn", "result.sbn", "not_found.sbn",
         "form_expired.sbn", "too_many_attempts.sbn", "sign_ins.sbn", "ledger_controls.sbn", "publish.sbn", "keys.sbn"];

    public IResult Render(HttpContext http, string template, string title, object model, int status = StatusCodes.Status200OK)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var user = http.User;
        // Every page sees who is signed in and the anti-forgery field its forms must carry.
        var context = new PageContext(
            user.Identity?.IsAuthenticated == true ? user.Identity.Name : null,
            user.IsFinance(),
            user.CompanyId() is not null,
            tokens.FormFieldName,
            tokens.RequestToken ?? "");
        var body = new RawHtml(templates.Render(template, model, context));
        return Results.Content(templates.Render(Layout, new { Title = title, Body = body }, context), "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>A part of a page rendered on its own (escaped like a page), for the page's template to place where it needs it.</summary>
    public RawHtml Fragment(string template, params object[] models) => new(templates.Render(template, models));

    /// <summary>Every page a user may not see, or that does not exist, looks the same: 404.</summary>
    public IResult NotFound(HttpContext http) => Render(http, "not_found.sbn", "未找到 Not found", new { }, StatusCodes.Status404NotFound);
}

public sealed record PageContext(string? User, bool IsFinance, bool IsCompany, string CsrfField, string CsrfToken);
