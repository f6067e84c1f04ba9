using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using QuasiProperty.Storage;

namespace QuasiProperty.Web.Portal;

/// <summary>
/// Signing in and out. Every attempt is recorded (<see cref="SignInAttempts"/>); the forms are rate limited per address
/// (<see cref="Throttling"/>), and an account or address with too many recent failures is refused, right credential
/// or not, until its lockout passes (<see cref="Lockout"/>).
/// </summary>
internal static class SignInEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/signin", (HttpContext http, Pages pages) => SignInPage(http, pages, null, StatusCodes.Status200OK));

        app.MapPost("/signin/company", async (HttpContext http, Pages pages, NpgsqlDataSource database, Lockout lockout, TimeProvider clock,
            [FromForm] string? token) =>
        {
            var now = clock.GetUtcNow();
            var address = ClientAddress.Of(http);
            if (lockout.OfCompaniesFrom(address, now) is { } until)
            {
                SignInAttempts.Record(database, new SignInAttempt(now, address, SignInRole.Company, null, null, SignInOutcome.LockedOut));
                return Throttling.TooManyAttempts(http, now, until, lockedOut: true);
            }
            var found = token is null ? null : CompanyTokens.Find(database, token.Trim());
            var outcome = found is null ? SignInOutcome.Failed : found.Revoked ? SignInOutcome.RevokedToken : SignInOutcome.SignedIn;
            SignInAttempts.Record(database, new SignInAttempt(now, address, SignInRole.Company, found?.CompanyId, found?.TokenId, outcome));
            if (found is null || outcome != SignInOutcome.SignedIn)
            {
                return SignInPage(http, pages, "访问令牌无效或已撤销。The access token is not valid or has been revoked.", StatusCodes.Status401Unauthorized);
            }
            using var connection = database.OpenConnection();
            var contracts = PortalData.Contracts(connection, found.CompanyId);
            var name = contracts.Count > 0 ? contracts[0].CompanyName : found.CompanyId;
            await Access.SignIn(http, Access.Company, name, found.CompanyId, found.TokenId);
            return Results.Redirect("/company");
        }).RequireRateLimiting(Throttling.SignInPolicy);

        app.MapPost("/signin/finance", async (HttpContext http, Pages pages, NpgsqlDataSource database, FinanceCredential credential, Lockout lockout,
            TimeProvider clock, [FromForm] string? user, [FromForm] string? password) =>
        {
            var now = clock.GetUtcNow();
            var address = ClientAddress.Of(http);
            var account = user is not null && credential.IsUser(user) ? credential.User : null;
            if (lockout.OfFinance(now) is { } until)
            {
                // The password is not even compared: while locked, the right one is refused like any other.
                SignInAttempts.Record(database, new SignInAttempt(now, address, SignInRole.Finance, account, null, SignInOutcome.LockedOut));
                return Throttling.TooManyAttempts(http, now, until, lockedOut: true);
            }
            var matches = user is not null && password is not null && credential.Matches(user, password);
            SignInAttempts.Record(database,
                new SignInAttempt(now, address, SignInRole.Finance, account, null, matches ? SignInOutcome.SignedIn : SignInOutcome.Failed));
            if (!matches) return SignInPage(http, pages, "用户名或密码不正确。Wrong user or password.", StatusCodes.Status401Unauthorized);
            await Access.SignIn(http, Access.Finance, "财务 Finance");
            return Results.Redirect("/finance");
        }).RequireRateLimiting(Throttling.SignInPolicy);

        app.MapPost("/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync();
            return Results.Redirect("/");
        }).AddEndpointFilter(FinanceEndpoints.RequireAntiforgery);
    }

    private static IResult SignInPage(HttpContext http, Pages pages, string? error, int status) =>
        pages.Render(http, "signin.sbn", "登录 Sign in", new { Error = error ?? "" }, status);
}
