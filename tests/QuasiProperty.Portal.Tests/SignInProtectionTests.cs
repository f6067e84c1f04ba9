using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Npgsql;
using QuasiProperty.Testing;
using QuasiProperty.Time;
using QuasiProperty.Web;

namespace QuasiProperty.Portal.Tests;

/// <summary>
/// Throttling, lockout and the sign-in record, in Chromium, on a portal whose clock the tests move on. Each test comes
/// from its own addresses (as a reverse proxy on the machine would say in X-Forwarded-For), so the in-memory limit of one
/// test is not another's. The order matters only because a finance lockout holds until the clock passes it.
/// </summary>
public sealed partial class SignInProtectionTests : PortalFixture
{
    private const int PermitLimit = 5;
    private const int FinanceFailures = 5;
    private const int AddressFailures = 3;
    private static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    protected override TimeProvider? Clock => clock;

    protected override IEnumerable<string> ServeSettings =>
    [
        "--QuasiProperty:Portal:SignIn:PermitLimit", $"{PermitLimit}",
        "--QuasiProperty:Portal:SignIn:PermitWindow", "01:00:00", // longer than any run: the limit never refills mid-test
        "--QuasiProperty:Portal:SignIn:FinanceFailures", $"{FinanceFailures}",
        "--QuasiProperty:Portal:SignIn:AddressFailures", $"{AddressFailures}",
        "--QuasiProperty:Portal:SignIn:FailureWindow", "00:15:00",
        "--QuasiProperty:Portal:SignIn:LockoutDuration", "00:15:00",
    ];

    [Test, Order(1)]
    public async Task One_address_may_post_only_so_many_sign_in_forms_and_another_is_not_held_back()
    {
        var page = await NewPage("192.0.2.11");
        for (var i = 1; i <= PermitLimit; i++) Assert.That(await CompanySignIn(page, CompanyToken), Is.EqualTo(302), $"sign-in {i} of {PermitLimit}");

        var (status, retryAfter) = await CompanySignInWithRetryAfter(page, CompanyToken);

        Assert.That(status, Is.EqualTo(429), "the sign-in form was not throttled");
        Assert.That(int.Parse(retryAfter!, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
        await Assertions.Expect(page.Locator("#try-later")).ToContainTextAsync("登录请求过于频繁");
        await Assertions.Expect(page.Locator("#try-again-at")).ToHaveTextAsync(DisplayedTime());
        await Screenshot(page, "throttled-1280");

        var elsewhere = await NewPage("192.0.2.12");
        Assert.That(await CompanySignIn(elsewhere, CompanyToken), Is.EqualTo(302), "another address was throttled too");
        Assert.That(Db.Scalar<long>("select count(*) from sign_in_attempts where client_address = '192.0.2.11'"), Is.EqualTo(PermitLimit),
            "throttled requests never reach the sign-in, so they are not recorded");
    }

    [Test, Order(2)]
    public async Task Wrong_tokens_lock_their_address_even_against_the_right_token_until_the_lockout_passes()
    {
        var page = await NewPage("198.51.100.21");
        for (var i = 1; i <= AddressFailures; i++) Assert.That(await CompanySignIn(page, $"qpc_wrong-guess-{i}"), Is.EqualTo(401));

        Assert.That(await CompanySignIn(page, CompanyToken), Is.EqualTo(429), "a locked address signed in");
        await Assertions.Expect(page.Locator("#try-later")).ToContainTextAsync("登录失败次数过多");

        var other = await NewPage("198.51.100.22");
        Assert.That(await CompanySignIn(other, CompanyToken), Is.EqualTo(302), "the lockout of one address held back another");

        clock.Advance(LockoutDuration + TimeSpan.FromMinutes(1));
        Assert.That(await CompanySignIn(page, CompanyToken), Is.EqualTo(302), "the address was still locked after the lockout passed");
        await LoadedAt(page, "/company");
    }

    [Test, Order(3)]
    public async Task Repeated_wrong_finance_passwords_lock_finance_out_until_the_lockout_passes_even_with_the_right_password()
    {
        // From a different address each time: the lockout is of the account, wherever the guesses come from.
        for (var i = 1; i <= FinanceFailures; i++)
        {
            Assert.That(await FinanceSignIn(await NewPage($"203.0.113.{30 + i}"), $"guess-{i}"), Is.EqualTo(401), $"wrong password {i}");
        }
        var lastFailure = clock.GetUtcNow();

        var page = await NewPage("203.0.113.40");
        Assert.That(await FinanceSignIn(page, FinancePassword), Is.EqualTo(429), "the right password was let in during the lockout");
        await Assertions.Expect(page.Locator("#try-later")).ToContainTextAsync("登录失败次数过多，登录已暂时锁定");
        await Assertions.Expect(page.Locator("#try-again-at")).ToHaveTextAsync(TimeStamp(lastFailure + LockoutDuration));
        Assert.That((await page.Context.CookiesAsync()).Select(c => c.Name), Has.None.EqualTo("qp.session"));
        await Screenshot(page, "locked-out-1280");
        await page.SetViewportSizeAsync(390, 844);
        await Screenshot(page, "locked-out-390");

        // Another qp serve on the same database, with nothing in its memory, refuses as well.
        Assert.That(await FinanceSignInOnAnotherInstance(), Is.EqualTo(HttpStatusCode.TooManyRequests));

        clock.Advance(LockoutDuration - TimeSpan.FromMinutes(1));
        Assert.That(await FinanceSignIn(await NewPage("203.0.113.41"), FinancePassword), Is.EqualTo(429), "the lockout ended early");

        clock.Advance(TimeSpan.FromMinutes(2));
        var after = await NewPage("203.0.113.42");
        Assert.That(await FinanceSignIn(after, FinancePassword), Is.EqualTo(302), "the right password was refused after the lockout passed");
        await LoadedAt(after, "/finance");
        Assert.That(Db.Scalar<long>("select count(*) from sign_in_attempts where portal_role = 'finance' and outcome = 'locked_out'"), Is.EqualTo(3));
    }

    [Test, Order(4)]
    public async Task Finance_reads_every_attempt_newest_first_and_a_company_cannot()
    {
        // Enough older attempts for a second page; they are long past, so they lock nobody.
        Db.Execute($"""
            insert into sign_in_attempts (attempted_at, client_address, portal_role, outcome)
            select '{ChinaTime.Format(clock.GetUtcNow().AddDays(-1))}', '192.0.2.99', 'company', 'failed' from generate_series(1, 60)
            """);
        Assert.That(await FinanceSignIn(await NewPage("192.0.2.51"), "not-the-password"), Is.EqualTo(401));
        Assert.That(await CompanySignIn(await NewPage("192.0.2.52"), "qpc_not-a-token"), Is.EqualTo(401));
        var page = await NewPage("192.0.2.53");
        Assert.That(await FinanceSignIn(page, FinancePassword), Is.EqualTo(302));
        await LoadedAt(page, "/finance");

        await ClickToPage(page, page.Locator("#sign-ins-link"), "/finance/sign-ins");
        var rows = page.Locator("#sign-ins tr:has(td)");
        await Assertions.Expect(rows).ToHaveCountAsync(50);
        var newest = (await rows.AllInnerTextsAsync()).Take(3).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(newest[0], Does.Contain("192.0.2.53").And.Contain("财务 Finance").And.Contain("finance").And.Contain("登录成功"));
            Assert.That(newest[1], Does.Contain("192.0.2.52").And.Contain("物业公司 Company").And.Contain("失败 failed"));
            Assert.That(newest[2], Does.Contain("192.0.2.51").And.Contain("财务 Finance").And.Contain("失败 failed"));
            Assert.That(newest[0], Does.Contain(ChinaTime.Display(clock.GetUtcNow())));
        });
        await Screenshot(page, "sign-ins-1280");
        await page.SetViewportSizeAsync(390, 844);
        await Screenshot(page, "sign-ins-390");
        await page.SetViewportSizeAsync(1280, 900);
        await ClickToPage(page, page.Locator("#older"), "/finance/sign-ins");
        await Assertions.Expect(page.Locator("#sign-ins")).ToContainTextAsync("192.0.2.99");
        await Assertions.Expect(page.Locator("#newer")).ToBeVisibleAsync();

        // What was typed is nowhere: not on the page, not in the record.
        var record = Db.Scalar<string>("select string_agg(t::text, ' ') from sign_in_attempts t")!;
        foreach (var secret in new[] { "not-the-password", "qpc_not-a-token", FinancePassword, CompanyToken, "guess-" })
        {
            Assert.That(record, Does.Not.Contain(secret));
        }

        // Append-only, like the import log.
        Assert.Multiple(() =>
        {
            Assert.Throws<PostgresException>(() => Db.Execute("update sign_in_attempts set outcome = 'signed_in'"));
            Assert.Throws<PostgresException>(() => Db.Execute("delete from sign_in_attempts"));
            Assert.Throws<PostgresException>(() => Db.Execute("truncate sign_in_attempts"));
        });

        var company = await NewPage("192.0.2.54");
        Assert.That(await CompanySignIn(company, CompanyToken), Is.EqualTo(302));
        var response = await Open(company, "/finance/sign-ins");
        Assert.That(response.Status, Is.EqualTo(404), "a company opened the sign-in record");
        Assert.That(await BodyText(company), Does.Not.Contain("192.0.2.53"));
    }

    private static async Task<int> CompanySignIn(IPage page, string token) => (await CompanySignInWithRetryAfter(page, token)).Status;

    private static async Task<(int Status, string? RetryAfter)> CompanySignInWithRetryAfter(IPage page, string token)
    {
        await OpenOk(page, "/signin");
        await page.Locator("#token").FillAsync(token);
        var response = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#company-signin button[type=submit]").ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/signin/company", StringComparison.Ordinal));
        await Loaded(page);
        return (response.Status, await response.HeaderValueAsync("retry-after"));
    }

    private static async Task<int> FinanceSignIn(IPage page, string password)
    {
        await OpenOk(page, "/signin");
        await page.Locator("#user").FillAsync("finance");
        await page.Locator("#password").FillAsync(password);
        var response = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#finance-signin button[type=submit]").ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/signin/finance", StringComparison.Ordinal));
        await Loaded(page);
        return response.Status;
    }

    /// <summary>The right finance password on a second <c>qp serve</c> on the same database, started for this and stopped after.</summary>
    private async Task<HttpStatusCode> FinanceSignInOnAnotherInstance()
    {
        var other = ServeHost.Build(
            ["--environment", "Production", "--QuasiProperty:Finance:Password", FinancePassword, "--QuasiProperty:Portal:SecureCookies", "false",
             "--QuasiProperty:Templates", Path.Combine(TestPaths.RepositoryRoot, "templates"), .. ServeSettings],
            Db.ConnectionString, TestPaths.Rules, "http://127.0.0.1:0", clock);
        try
        {
            await other.StartAsync();
            var address = other.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
            {
                BaseAddress = new Uri(address),
            };
            var html = await client.GetStringAsync(new Uri("/signin", UriKind.Relative));
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["user"] = "finance", ["password"] = FinancePassword, ["__RequestVerificationToken"] = FormToken().Match(html).Groups[1].Value,
            });
            using var response = await client.PostAsync(new Uri("/signin/finance", UriKind.Relative), form);
            return response.StatusCode;
        }
        finally
        {
            await other.StopAsync();
            await other.DisposeAsync();
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        }
    }

    /// <summary>How the page shows when to try again: China time, to the minute, rounded up.</summary>
    private static string TimeStamp(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        var rounded = new DateTimeOffset(ticks - ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        return ChinaTime.Display(rounded.UtcTicks < ticks ? rounded.AddMinutes(1) : rounded);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")]
    private static partial Regex DisplayedTime();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
