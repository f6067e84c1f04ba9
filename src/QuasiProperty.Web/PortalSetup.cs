using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QuasiProperty.Reports;
using QuasiProperty.Web.Portal;

namespace QuasiProperty.Web;

/// <summary>The portal's services and pages inside <c>qp serve</c>.</summary>
public static class PortalSetup
{
    public static void AddPortal(this IServiceCollection services, IConfiguration configuration)
    {
        // Cookies are Secure whenever the request came over HTTPS (directly, or through a TLS proxy that says so
        // in X-Forwarded-Proto); QuasiProperty:Portal:SecureCookies=true refuses plain HTTP altogether.
        var secureCookies = string.Equals(configuration["QuasiProperty:Portal:SecureCookies"], "true", StringComparison.OrdinalIgnoreCase);
        services.AddPortalAccess(secureCookies);
        services.AddSignInThrottling(SignInLimits.From(configuration));
        services.Configure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        services.AddSingleton(_ => new Pages(Templates.Load(
            Path.Combine(Templates.Locate(configuration["QuasiProperty:Templates"]), "portal"), Pages.Required)));
    }

    public static void UsePortal(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.Use(async (context, next) =>
        {
            // No page of the portal may be framed, sniffed or run inline scripts.
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.XFrameOptions = "DENY";
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";
            context.Response.Headers["Referrer-Policy"] = "same-origin";
            await next();
        });
        app.UseRateLimiter();
        app.UseFriendlyFormErrors();
        SignInEndpoints.Map(app);
        SignInRecordEndpoints.Map(app);
        PublicEndpoints.Map(app);
        CompanyEndpoints.Map(app);
        FinanceEndpoints.Map(app);
        // Any other address looks exactly like a page the user may not see.
        app.MapFallback((HttpContext http, Pages pages) => pages.NotFound(http));
    }
}
