using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QuasiProperty.Reports;
using QuasiProperty.Web.Portal;

namespace QuasiProperty.Web;

/// <summary>The portal's services and pages inside <c>qp serve</c>.</summary>
public static class PortalSetup
{
    public static void AddPortal(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var secureCookies = configuration["QuasiProperty:Portal:SecureCookies"] is { } setting
            ? !string.Equals(setting, "false", StringComparison.OrdinalIgnoreCase)
            : !environment.IsDevelopment();
        services.AddPortalAccess(secureCookies);
        services.AddSingleton(_ => new Pages(Templates.Load(
            Path.Combine(Templates.Locate(configuration["QuasiProperty:Templates"]), "portal"), Pages.Required)));
    }

    public static void UsePortal(this WebApplication app)
    {
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
        PublicEndpoints.Map(app);
        CompanyEndpoints.Map(app);
        FinanceEndpoints.Map(app);
    }
}
