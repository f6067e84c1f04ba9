using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace QuasiProperty.Web.Portal;

/// <summary>
/// A form whose anti-forgery token no longer holds (a page left open, the cookie gone, signed in or out in another tab)
/// gets a page that says what to do, with status 400, instead of a blank error.
/// </summary>
internal static class FormErrors
{
    /// <summary>
    /// For endpoints that bind form fields ([FromForm]), the antiforgery middleware records a failed check in
    /// <see cref="IAntiforgeryValidationFeature"/>, and the minimal-API form binding then answers a bare 400 (throwing
    /// BadHttpRequestException in Development) before the handler or any endpoint filter runs. This middleware, placed
    /// after UseAntiforgery, answers those requests first. Endpoints without form binding check with
    /// <see cref="FinanceEndpoints.RequireAntiforgery"/>, which answers with the same page.
    /// </summary>
    public static void UseFriendlyFormErrors(this IApplicationBuilder app) =>
        app.Use((http, next) => http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
            ? Expired(http).ExecuteAsync(http)
            : next(http));

    public static IResult Expired(HttpContext http)
    {
        var pages = http.RequestServices.GetRequiredService<Pages>();
        var signIn = http.Request.Path.StartsWithSegments("/signin");
        return pages.Render(http, "form_expired.sbn", "表单已过期 Form expired", new { SignIn = signIn, Back = SameSiteReferrer(http) },
            StatusCodes.Status400BadRequest);
    }

    /// <summary>The page the form was on, when it was one of ours; the home page otherwise.</summary>
    private static string SameSiteReferrer(HttpContext http) =>
        Uri.TryCreate(http.Request.Headers.Referer.ToString(), UriKind.Absolute, out var referrer)
        && string.Equals(referrer.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase)
        && referrer.PathAndQuery.StartsWith('/') && !referrer.PathAndQuery.StartsWith("//", StringComparison.Ordinal)
            ? referrer.PathAndQuery
            : "/";
}
