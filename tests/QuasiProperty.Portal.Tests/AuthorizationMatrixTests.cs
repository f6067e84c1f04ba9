using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using QuasiProperty.Testing;
using QuasiProperty.Web;

namespace QuasiProperty.Portal.Tests;

/// <summary>
/// Every role against every page and download, with its own and another company's ids, on the real
/// portal and a real database. A company reaching anything of another company gets 404, exactly as
/// for a page that does not exist; nobody signed out reaches anything private.
/// </summary>
public sealed partial class AuthorizationMatrixTests
{
    private const string FinancePassword = "matrix-Fin4nce";
    private TestDatabase db = null!;
    private TempFolder work = null!;
    private WebApplication app = null!;
    private readonly Dictionary<string, HttpClient> clients = [];

    public enum Role { Anonymous, CompanyP01, CompanyP02, Finance }

    [OneTimeSetUp]
    public async Task StartPortal()
    {
        work = new TempFolder();
        db = TestDatabase.Create(migrate: false);
        var cs = db.ConnectionString;
        Run("db", "migrate", "--db", cs);
        Run("import", "folder", TestPaths.Samples, "--db", cs, "--rules", TestPaths.Rules);
        foreach (var quarter in new[] { "2025Q2", "2025Q3" })
        {
            Run("payout", "--db", cs, "--rules", TestPaths.Rules, "--quarter", quarter, "--as-of", "2026-01-15T00:00:00+08:00",
                "--out", work.Combine(quarter), "--templates", Path.Combine(TestPaths.RepositoryRoot, "templates"));
        }
        Run("publish", "--quarter", "2025Q2", "--db", cs);
        var tokens = new Dictionary<Role, string>
        {
            [Role.CompanyP01] = Run("companies", "token", "P01", "--db", cs).Output.Trim(),
            [Role.CompanyP02] = Run("companies", "token", "P02", "--db", cs).Output.Trim(),
        };

        app = ServeHost.Build(
            ["--environment", "Production", "--QuasiProperty:Finance:Password", FinancePassword, "--QuasiProperty:Portal:SecureCookies", "false",
             "--QuasiProperty:Templates", Path.Combine(TestPaths.RepositoryRoot, "templates")],
            cs, TestPaths.Rules, "http://127.0.0.1:0");
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        foreach (var role in Enum.GetValues<Role>())
        {
            var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = address };
            clients[role.ToString()] = client;
            if (role == Role.Anonymous) continue;
            var form = role == Role.Finance
                ? new Dictionary<string, string> { ["user"] = "finance", ["password"] = FinancePassword }
                : new Dictionary<string, string> { ["token"] = tokens[role] };
            var response = await SignIn(client, role == Role.Finance ? "/signin/finance" : "/signin/company", form);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"{role} signs in");
        }
    }

    [OneTimeTearDown]
    public async Task StopPortal()
    {
        foreach (var client in clients.Values) client.Dispose();
        await app.DisposeAsync();
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        db.Dispose();
        work.Dispose();
    }

    // Expected status for: anonymous, company P01 (owns HT2025-01/02/05), company P02 (owns HT2025-03/04), finance.
    [TestCase("/", 200, 200, 200, 200)]
    [TestCase("/rules", 200, 200, 200, 200)]
    [TestCase("/results", 200, 200, 200, 200)]
    [TestCase("/results/2025Q2", 200, 200, 200, 200)]
    [TestCase("/results/2025Q3", 404, 404, 404, 404)] // not published
    [TestCase("/company", 302, 200, 200, 404)]
    [TestCase("/company/contracts/HT2025-01", 302, 200, 404, 404)]
    [TestCase("/company/contracts/HT2025-03", 302, 404, 200, 404)]
    [TestCase("/company/contracts/NO-SUCH", 302, 404, 404, 404)]
    [TestCase("/contracts/HT2025-01/2025Q2/report.html", 302, 200, 404, 200)]
    [TestCase("/contracts/HT2025-01/2025Q2/assessment.json", 302, 200, 404, 200)]
    [TestCase("/contracts/HT2025-01/2025Q2/signature.dsse.json", 302, 200, 404, 200)]
    [TestCase("/contracts/HT2025-03/2025Q3/report.html", 302, 404, 200, 200)]
    [TestCase("/contracts/HT2025-03/2025Q3/signature.dsse.json", 302, 404, 200, 200)]
    [TestCase("/contracts/HT2025-01/2024Q4/report.html", 302, 404, 404, 404)]
    [TestCase("/contracts/HT2025-01/2025Q2/view", 302, 200, 404, 200)]
    [TestCase("/contracts/HT2025-01/2025Q2/verify.zip", 302, 200, 404, 200)]
    [TestCase("/contracts/HT2025-03/2025Q3/view", 302, 404, 200, 200)]
    [TestCase("/contracts/HT2025-03/2025Q3/verify.zip", 302, 404, 200, 200)]
    [TestCase("/keys", 200, 200, 200, 200)]
    [TestCase("/keys/0000000000000000000000000000000000000000000000000000000000000000.pub.pem", 404, 404, 404, 404)]
    [TestCase("/finance", 302, 404, 404, 200)]
    [TestCase("/finance/quarters/2025Q2", 302, 404, 404, 200)]
    [TestCase("/finance/quarters/2025Q2/ledger.csv", 302, 404, 404, 200)]
    [TestCase("/finance/contracts/HT2025-01/2025Q2", 302, 404, 404, 200)]
    [TestCase("/finance/imports", 302, 404, 404, 200)]
    [TestCase("/finance/sign-ins", 302, 404, 404, 200)]
    [TestCase("/finance/contracts/HT2025-01", 302, 404, 404, 200)]
    [TestCase("/finance/contracts/HT2025-03", 302, 404, 404, 200)]
    [TestCase("/finance/quarters/2025Q2/publish", 302, 404, 404, 200)]
    [TestCase("/finance/quarters/2025Q2/withdraw", 302, 404, 404, 200)]
    [TestCase("/finance/quarters/2025Q2?sort=score&dir=asc&q=%27--&page=x", 302, 404, 404, 200)]
    [TestCase("/hangfire", 302, 404, 404, 200)] // the finance session, as for any finance page
    public async Task Each_role_reaches_exactly_what_it_may(string url, int anonymous, int p01, int p02, int finance)
    {
        var expected = new Dictionary<Role, int> { [Role.Anonymous] = anonymous, [Role.CompanyP01] = p01, [Role.CompanyP02] = p02, [Role.Finance] = finance };
        var actual = new Dictionary<Role, int>();
        foreach (var role in Enum.GetValues<Role>())
        {
            using var response = await clients[role.ToString()].GetAsync(new Uri(url, UriKind.Relative));
            actual[role] = (int)response.StatusCode;
            if (actual[role] == 302) Assert.That(response.Headers.Location?.ToString(), Does.Contain("/signin"), $"{role} {url}");
        }
        Assert.That(actual, Is.EqualTo(expected), url);
    }

    [TestCase(Role.CompanyP01, "/company/contracts/HT2025-01")]
    [TestCase(Role.CompanyP02, "/company/contracts/HT2025-03")]
    [TestCase(Role.Anonymous, "/results/2025Q2")]
    [TestCase(Role.Anonymous, "/rules")]
    public async Task No_company_or_public_page_shows_a_household(Role role, string url)
    {
        var page = await clients[role.ToString()].GetStringAsync(new Uri(url, UriKind.Relative));
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Not.Contain("household_ref"));
            Assert.That(HouseholdPseudonym().IsMatch(page), Is.False, "no h-XX-0000 pseudonym on the page");
        });
    }

    [Test]
    public async Task A_form_posted_without_its_anti_forgery_token_is_refused()
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>());
        using var response = await clients[nameof(Role.Finance)].PostAsync(new Uri("/finance/quarters/2025Q3/publish", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body, Does.Contain("表单已过期"), "not the page that says what to do");
            Assert.That(db.Scalar<long>("select count(*) from quarter_publications where quarter = '2025Q3'"), Is.Zero);
        });
    }

    [Test]
    public async Task A_company_cannot_publish_a_quarter()
    {
        var client = clients[nameof(Role.CompanyP01)];
        var token = await AntiforgeryToken(client);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var response = await client.PostAsync(new Uri("/finance/quarters/2025Q3/publish", UriKind.Relative), content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_session_cookie_is_http_only_and_same_site()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = clients[nameof(Role.Anonymous)].BaseAddress };
        using var page = await client.GetAsync(new Uri("/signin", UriKind.Relative));
        var antiforgeryCookie = page.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("qp.antiforgery", StringComparison.Ordinal));
        var html = await page.Content.ReadAsStringAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signin/finance")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["user"] = "finance", ["password"] = FinancePassword, ["__RequestVerificationToken"] = TokenIn(html),
            }),
        };
        request.Headers.Add("Cookie", antiforgeryCookie.Split(';')[0]);
        using var response = await client.SendAsync(request);
        var session = response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("qp.session", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Multiple(() =>
        {
            Assert.That(session, Does.Contain("httponly"));
            Assert.That(session, Does.Contain("samesite=strict"));
        });
    }

    private static async Task<HttpResponseMessage> SignIn(HttpClient client, string action, Dictionary<string, string> form)
    {
        form["__RequestVerificationToken"] = await AntiforgeryToken(client);
        using var content = new FormUrlEncodedContent(form);
        return await client.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    private static async Task<string> AntiforgeryToken(HttpClient client) => TokenIn(await client.GetStringAsync(new Uri("/signin", UriKind.Relative)));

    private static string TokenIn(string html) => FormToken().Match(html).Groups[1].Value;

    private static QpRun Run(params string[] args)
    {
        var run = QpRun.Of(args);
        Assert.That(run.ExitCode, Is.Zero, $"qp {string.Join(' ', args)}\n{run.Error}");
        return run;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex(@"\bh-[A-Z]{2}-\d{4}\b")]
    private static partial Regex HouseholdPseudonym();
}
