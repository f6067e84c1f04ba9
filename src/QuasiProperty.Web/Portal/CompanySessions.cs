using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QuasiProperty.Storage;

namespace QuasiProperty.Web.Portal;

/// <summary>
/// A company session carries the id of the token it signed in with, and every request checks that token is still
/// current: revoking it (<c>qp companies revoke</c>) ends the session on its next request, not when the cookie expires.
/// A session without a token id (issued before sessions carried one) is ended too.
/// </summary>
internal static class CompanySessions
{
    public static async Task EndIfTokenRevoked(CookieValidatePrincipalContext context)
    {
        var user = context.Principal;
        if (user is null || !user.IsInRole(Access.Company)) return;
        var http = context.HttpContext;
        var database = http.RequestServices.GetRequiredService<NpgsqlDataSource>();
        if (user.CompanyId() is { } company
            && long.TryParse(user.FindFirstValue(Access.TokenIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var tokenId)
            && await CompanyTokens.IsCurrentAsync(database, tokenId, company, http.RequestAborted))
        {
            return;
        }
        context.RejectPrincipal();
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
