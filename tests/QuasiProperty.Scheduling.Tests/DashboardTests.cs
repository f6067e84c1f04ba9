using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using QuasiProperty.Testing;
using QuasiProperty.Web;

namespace QuasiProperty.Scheduling.Tests;

/// <summary>
/// The Hangfire dashboard of 'qp serve' is for finance only, signed in to the portal: the same sign-in, with its
/// throttling, lockout and record, and no other way in (no password of its own, no exception for the machine itself).
/// </summary>
public partial class DashboardTests : JobsFixture
{
    private const string Password = "s3cret-Pa55";

    // A web host points Hangfire's process-wide logging at its own logger factory, which dies with the host.
    [TearDown]
    public void ForgetTheHostsLogging() => Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);

    [TestCase(null)]
    [TestCase("finance:" + Password)]
    public async Task Someone_not_signed_in_is_sent_to_sign_in_even_with_the_finance_password(string? basicCredential)
    {
        await using var app = await Start("Production", Password);
        using var client = Client(app);
        if (basicCredential is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basicCredential)));
        }

        using var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(SentTo(client, response), Is.EqualTo("/signin"));
            Assert.That(response.Headers.WwwAuthenticate, Is.Empty, "the dashboard still asks for a password of its own");
        });
    }

    [Test]
    public async Task A_finance_session_opens_the_dashboard()
    {
        await using var app = await Start("Production", Password);
        using var client = Client(app);
        Assert.That(await SignIn(client, "/signin/finance", new() { ["user"] = "finance", ["password"] = Password }), Is.EqualTo(HttpStatusCode.Redirect));

        using var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("QuasiProperty jobs"));
    }

    [Test]
    public async Task A_wrong_password_opens_nothing()
    {
        await using var app = await Start("Production", Password);
        using var client = Client(app);
        Assert.That(await SignIn(client, "/signin/finance", new() { ["user"] = "finance", ["password"] = "wrong" }), Is.EqualTo(HttpStatusCode.Unauthorized));
        using var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task A_company_session_gets_the_portals_not_found()
    {
        var token = QpRun.Of("companies", "token", "P01", "--db", Db.ConnectionString).Output.Trim();
        await using var app = await Start("Production", Password);
        using var client = Client(app);
        Assert.That(await SignIn(client, "/signin/company", new() { ["token"] = token }), Is.EqualTo(HttpStatusCode.Redirect));
        using var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task In_development_too_the_machine_itself_needs_the_finance_session()
    {
        await using var app = await Start("Development", password: null);
        using var client = Client(app);
        using var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(SentTo(client, response), Is.EqualTo("/signin"));
    }

    [Test]
    public async Task The_dashboard_never_shows_the_connection_string()
    {
        await using var app = await Start("Production", Password);
        using var client = Client(app);
        await SignIn(client, "/signin/finance", new() { ["user"] = "finance", ["password"] = Password });
        var page = await client.GetStringAsync(new Uri("/hangfire/servers", UriKind.Relative));
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("QuasiProperty jobs"));
            Assert.That(page, Does.Not.Contain(Db.Name));
            Assert.That(page, Does.Not.Contain("Username="));
        });
    }

    private async Task<WebApplication> Start(string environment, string? password)
    {
        var args = new List<string> { "--environment", environment, "--QuasiProperty:Templates", Path.Combine(TestPaths.RepositoryRoot, "templates") };
        if (password is not null) args.AddRange(["--QuasiProperty:Finance:Password", password]);
        var app = ServeHost.Build([.. args], Db.ConnectionString, TestPaths.Rules, "http://127.0.0.1:0");
        await app.StartAsync();
        return app;
    }

    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    private static HttpClient Client(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(address) };
    }

    /// <summary>The path a redirect leads to.</summary>
    private static string? SentTo(HttpClient client, HttpResponseMessage response) =>
        response.Headers.Location is { } location ? new Uri(client.BaseAddress!, location).AbsolutePath : null;

    /// <summary>Posts a sign-in form as a browser does, with the anti-forgery token of the sign-in page.</summary>
    private static async Task<HttpStatusCode> SignIn(HttpClient client, string action, Dictionary<string, string> form)
    {
        var html = await client.GetStringAsync(new Uri("/signin", UriKind.Relative));
        form["__RequestVerificationToken"] = FormToken().Match(html).Groups[1].Value;
        using var content = new FormUrlEncodedContent(form);
        using var response = await client.PostAsync(new Uri(action, UriKind.Relative), content);
        return response.StatusCode;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
