using System.Net;
using System.Text;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace QuasiProperty.Web;

/// <summary>
/// Who may open the Hangfire dashboard: finance, signed in to the portal or by the configured
/// credential (HTTP Basic over the operator's TLS), or anyone on the machine itself while the host
/// runs in Development. Setting
/// this filter replaces Hangfire's local-only default, so it is the only gate.
/// </summary>
public sealed class FinanceDashboardAuthorization(FinanceCredential credential, IHostEnvironment environment) : IDashboardAsyncAuthorizationFilter
{
    public Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (environment.IsDevelopment() && IsLocal(http)) return Task.FromResult(true);
        if (http.User.IsInRole(Portal.Access.Finance)) return Task.FromResult(true);
        if (FromBasicHeader(http.Request.Headers.Authorization.ToString()) is var (user, password) && credential.Matches(user, password))
        {
            return Task.FromResult(true);
        }
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"QuasiProperty finance\", charset=\"UTF-8\"";
        return Task.FromResult(false);
    }

    private static bool IsLocal(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);

    private static (string User, string Password)? FromBasicHeader(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
