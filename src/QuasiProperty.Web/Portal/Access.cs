using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace QuasiProperty.Web.Portal;

/// <summary>
/// Who is signed in: a property company (by an access token finance issued, and only while it is not
/// revoked) or finance (by the finance credential). Sessions are cookies that scripts cannot read,
/// sent only to this site, and marked Secure whenever the request came over HTTPS (always, with <c>QuasiProperty:Portal:SecureCookies=true</c>).
/// </summary>
public static class Access
{
    public const string Company = "company";
    public const string Finance = "finance";
    public const string CompanyIdClaim = "qp:company_id";
    public const string TokenIdClaim = "qp:token_id";

    /// <param name="secureCookies">True to send session cookies only over HTTPS whatever the request; otherwise they are Secure whenever the request is.</param>
    public static IServiceCollection AddPortalAccess(this IServiceCollection services, bool secureCookies)
    {
        var policy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.Cookie.Name = "qp.session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = policy;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.LoginPath = "/signin";
            options.AccessDeniedPath = "/not-found";
            // A company session lasts only while the token it signed in with does.
            options.Events.OnValidatePrincipal = CompanySessions.EndIfTokenRevoked;
        });
        services.AddAuthorization();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "qp.antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = policy;
        });
        return services;
    }

    public static Task SignIn(HttpContext http, string role, string name, string? companyId = null, long? tokenId = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.Role, role), new(ClaimTypes.Name, name) };
        if (companyId is not null) claims.Add(new Claim(CompanyIdClaim, companyId));
        if (tokenId is not null) claims.Add(new Claim(TokenIdClaim, tokenId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
    }

    public static bool IsFinance(this ClaimsPrincipal user) => user.IsInRole(Finance);

    /// <summary>The company a signed-in company user may see, or null.</summary>
    public static string? CompanyId(this ClaimsPrincipal user) => user.IsInRole(Company) ? user.FindFirstValue(CompanyIdClaim) : null;
}
