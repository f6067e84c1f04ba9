using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using QuasiProperty.Testing;
using QuasiProperty.Web;

namespace QuasiProperty.Scheduling.Tests;

/// <summary>The Hangfire dashboard of 'qp serve' is for finance only.</summary>
public class DashboardTests : JobsFixture
{
    // A web host points Hangfire's process-wide logging at its own logger factory, which dies with the host.
    [TearDown]
    public void ForgetTheHostsLogging() => Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);

    [TestCase(null, HttpStatusCode.Unauthorized)]
    [TestCase("finance:wrong", HttpStatusCode.Unauthorized)]
    [TestCase("someone:s3cret-Pa55", HttpStatusCode.Unauthorized)]
    [TestCase("finance:s3cret-Pa55", HttpStatusCode.OK)]
    public async Task Only_the_finance_credential_opens_the_dashboard(string? credential, HttpStatusCode expected)
    {
        await using var app = await Start("Production", password: "s3cret-Pa55");
        using var client = Client(app, credential);

        using var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        if (expected == HttpStatusCode.Unauthorized) Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.StartWith("Basic"));
    }

    [Test]
    public async Task Without_a_configured_password_nobody_gets_in_outside_development()
    {
        await using var app = await Start("Production", password: null);
        using var client = Client(app, "finance:");
        using var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task In_development_the_machine_itself_gets_in_without_a_password()
    {
        await using var app = await Start("Development", password: null);
        using var client = Client(app, null);
        using var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_dashboard_never_shows_the_connection_string()
    {
        await using var app = await Start("Production", password: "s3cret-Pa55");
        using var client = Client(app, "finance:s3cret-Pa55");
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
        var args = new List<string> { "--environment", environment };
        if (password is not null) args.AddRange(["--QuasiProperty:Finance:Password", password]);
        var app = ServeHost.Build([.. args], Db.ConnectionString, TestPaths.Rules, "http://127.0.0.1:0");
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication app, string? credential)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        if (credential is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credential)));
        }
        return client;
    }
}
