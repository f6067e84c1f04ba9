using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QuasiProperty.Testing;
using QuasiProperty.Web;

namespace QuasiProperty.Portal.Tests;

/// <summary>
/// <c>qp serve</c> on a generated city: <c>qp samples generate --communities 7000</c> at a small
/// volume (20 survey responses and 5 grid incidents per community and month), imported, its
/// <see cref="Quarter"/> paid out with signed reports, and a headless Chromium. About a minute to
/// set up on two cores. Any page test that must hold for 7,000 contracts can derive from it.
/// </summary>
public abstract class CityPortalFixture
{
    protected const int Communities = 7000;
    protected const string Quarter = "2025Q2";
    protected const string FinancePassword = "city-Fin4nce-pw";
    protected const float DefaultTimeout = 30_000;

    private readonly List<IBrowserContext> contexts = [];
    private WebApplication? app;
    private IPlaywright? playwright;

    protected TestDatabase Db { get; private set; } = null!;

    protected TempFolder Work { get; private set; } = null!;

    /// <summary>The generated data folder; its rules are in <c>rules/</c>.</summary>
    protected string City => Work.Combine("city");

    /// <summary>Every contract id of the city's contracts.csv.</summary>
    protected IReadOnlyList<string> ContractIds { get; private set; } = null!;

    protected string BaseUrl { get; private set; } = null!;

    protected IBrowser Browser { get; private set; } = null!;

    protected static string ScreenshotFolder => Path.Combine(TestPaths.RepositoryRoot, "out", "portal-screenshots");

    [OneTimeSetUp]
    public async Task StartCityPortal()
    {
        Assertions.SetDefaultExpectTimeout(DefaultTimeout);
        (playwright, Browser) = await Chromium.Launch();

        Work = new TempFolder();
        Db = TestDatabase.Create(migrate: false);
        var cs = Db.ConnectionString;
        var rules = Path.Combine(City, "rules");
        Run("samples", "generate", "--communities", Communities.ToString(System.Globalization.CultureInfo.InvariantCulture), "--quarter", Quarter,
            "--responses", "20", "--incidents", "5", "--out", City);
        Run("db", "migrate", "--db", cs);
        Run("import", "folder", City, "--db", cs, "--rules", rules);
        Run("payout", "--db", cs, "--rules", rules, "--quarter", Quarter, "--as-of", "2026-01-15T00:00:00+08:00", "--out", Work.Combine("payout"),
            "--templates", Path.Combine(TestPaths.RepositoryRoot, "templates"));
        ContractIds = [.. File.ReadAllLines(Path.Combine(City, "contracts.csv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0])];
        Assert.That(ContractIds, Has.Count.EqualTo(Communities), "the generated city should have one contract per community");

        app = ServeHost.Build(
            [
                "--environment", "Production",
                "--QuasiProperty:Finance:Password", FinancePassword,
                "--QuasiProperty:Portal:SecureCookies", "false",
                "--QuasiProperty:Templates", Path.Combine(TestPaths.RepositoryRoot, "templates"),
            ],
            cs, rules, "http://127.0.0.1:0");
        await app.StartAsync();
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    [OneTimeTearDown]
    public async Task StopCityPortal()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        Db?.Dispose();
        Work?.Dispose();
    }

    [TearDown]
    public async Task CloseContexts()
    {
        foreach (var context in contexts) await context.DisposeAsync();
        contexts.Clear();
    }

    /// <summary>A fresh browser context (its own cookies) <paramref name="width"/> pixels wide.</summary>
    protected async Task<IPage> NewPage(int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        contexts.Add(context);
        context.SetDefaultTimeout(DefaultTimeout);
        context.SetDefaultNavigationTimeout(DefaultTimeout);
        return await context.NewPageAsync();
    }

    /// <summary>Opens a path and fails unless it answers 200.</summary>
    protected static async Task OpenOk(IPage page, string path)
    {
        var response = await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.That(response?.Status, Is.EqualTo(200), $"GET {path} answered {response?.Status}");
    }

    /// <summary>Signs in as finance on /signin and waits for /finance.</summary>
    protected async Task<IPage> SignInAsFinance(int width = 1280)
    {
        var page = await NewPage(width);
        await OpenOk(page, "/signin");
        await page.Locator("#user").FillAsync("finance");
        await page.Locator("#password").FillAsync(FinancePassword);
        await page.Locator("#finance-signin button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(BaseUrl + "/finance");
        return page;
    }

    private static QpRun Run(params string[] args)
    {
        var run = QpRun.Of(args);
        Assert.That(run.ExitCode, Is.Zero, $"qp {string.Join(' ', args.Take(2))} failed ({run.ExitCode}):\n{run.Error[..Math.Min(run.Error.Length, 4000)]}");
        return run;
    }
}
