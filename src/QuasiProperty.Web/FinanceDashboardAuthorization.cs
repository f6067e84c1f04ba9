using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using QuasiProperty.Web.Portal;

namespace QuasiProperty.Web;

/// <summary>
/// Who may open the Hangfire dashboard: finance, signed in to the portal, and nobody else: no password of its own
/// (which would escape the sign-in's throttling and lockout), no exception for the machine itself. Setting this filter
/// replaces Hangfire's local-only default, so it is the dashboard's own gate; <see cref="RequireFinanceSession"/>
/// answers before it, as the portal does.
/// </summary>
public sealed class FinanceDashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public Task<bool> AuthorizeAsync(DashboardContext context) => Task.FromResult(context.GetHttpContext().User.IsFinance());

    /// <summary>
    /// Under <paramref name="path"/>, someone not signed in is sent to sign in, and a signed-in company gets the portal's
    /// 404, as for any finance page; Hangfire would answer a bare 401 or 403.
    /// </summary>
    public static void RequireFinanceSession(WebApplication app, PathString path) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments(path), branch => branch.Use(async (http, next) =>
        {
            if (http.User.Identity?.IsAuthenticated != true)
            {
                await http.ChallengeAsync();
            }
            else if (!http.User.IsFinance())
            {
                await http.RequestServices.GetRequiredService<Pages>().NotFound(http).ExecuteAsync(http);
            }
            else
            {
                await next(http);
            }
        }));
}
