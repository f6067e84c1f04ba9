using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QuasiProperty.Testing;
using QuasiProperty.Web;

namespace QuasiProperty.Portal.Tests;

/// <summary>
/// <c>qp serve</c> in-process on a database holding the samples and the stored 2025Q2 payout (with
/// its signed reports), a company token for P01, and a headless Chromium. Each test opens its own
/// browser context, so no test shares cookies with another.
/// </summary>
public abstract partial class PortalFixture
{
    protected const string Quarter = "2025Q2";
    protected const string AsOf = "2026-01-15T00:00:00+08:00";
    protected const string FinancePassword = "portal-Fin4nce-pw";
    protected const float DefaultTimeout = 30_000;

    private readonly List<IBrowserContext> contexts = [];

    protected TestDatabase Db { get; private set; } = null!;

    protected TempFolder Work { get; private set; } = null!;

    /// <summary>What <c>qp payout</c> wrote: ledger.csv, contracts/, and the development key's public half.</summary>
    protected string PayoutOut => Work.Combine("payout");

    protected string PublicKey => Path.Combine(PayoutOut, "signing-key.pub.pem");

    /// <summary>The access token finance issued to company P01 (contracts HT2025-01, -02, -05).</summary>
    protected string CompanyToken { get; private set; } = null!;

    protected string BaseUrl { get; private set; } = null!;

    protected IBrowser Browser { get; private set; } = null!;

    /// <summary>The payout's ledger.csv by contract: (status, deduction).</summary>
    protected IReadOnlyDictionary<string, (string Status, decimal Deduction)> Ledger { get; private set; } = null!;

    protected static string ScreenshotFolder => Path.Combine(TestPaths.RepositoryRoot, "out", "portal-screenshots");

    /// <summary>Settings added to <c>qp serve</c>'s command line after the fixture's own (a later one wins).</summary>
    protected virtual IEnumerable<string> ServeSettings => [];

    /// <summary>The clock <c>qp serve</c> takes time from: the system's, unless a fixture needs to move time on.</summary>
    protected virtual TimeProvider? Clock => null;

    private WebApplication? app;
    private IPlaywright? playwright;

    [OneTimeSetUp]
    public async Task StartPortal()
    {
        Assertions.SetDefaultExpectTimeout(DefaultTimeout);
        // First the browser: without Chromium nothing below is worth doing.
        (playwright, Browser) = await Chromium.Launch();

        Work = new TempFolder();
        Db = TestDatabase.Create(migrate: false);
        var cs = Db.ConnectionString;
        Run("db", "migrate", "--db", cs);
        Run("import", "folder", TestPaths.Samples, "--db", cs, "--rules", TestPaths.Rules);
        Run("payout", "--db", cs, "--rules", TestPaths.Rules, "--quarter", Quarter, "--as-of", AsOf, "--out", PayoutOut,
            "--templates", Path.Combine(TestPaths.RepositoryRoot, "templates"));
        Assert.That(PublicKey, Does.Exist, "qp payout without a signing key should leave its development public key in --out");
        Ledger = ReadLedger(Path.Combine(PayoutOut, "ledger.csv"));

        var token = Run("companies", "token", "P01", "--db", cs);
        CompanyToken = token.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();
        Assert.That(CompanyToken, Is.Not.Empty, "qp companies token printed no token");

        app = ServeHost.Build(
            [
                "--environment", "Production",
                "--QuasiProperty:Finance:Password", FinancePassword,
                "--QuasiProperty:Portal:SecureCookies", "false",
                "--QuasiProperty:Templates", Path.Combine(TestPaths.RepositoryRoot, "templates"),
                // The tests sign in far more often than people do; throttling has its own tests.
                "--QuasiProperty:Portal:SignIn:PermitLimit", "1000",
                .. ServeSettings,
            ],
            cs, TestPaths.Rules, "http://127.0.0.1:0", Clock);
        await app.StartAsync();
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    [OneTimeTearDown]
    public async Task StopPortal()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        // A web host points Hangfire's process-wide logging at its own logger factory, which dies with the host.
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

    /// <summary>
    /// A fresh browser context (its own cookies) on the portal, with a 30 s timeout for every wait; with
    /// <paramref name="clientAddress"/>, its requests come as if through a reverse proxy from that address (X-Forwarded-For).
    /// </summary>
    protected async Task<IPage> NewPage(string? clientAddress = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ExtraHTTPHeaders = clientAddress is null ? null : new Dictionary<string, string> { ["X-Forwarded-For"] = clientAddress },
            BaseURL = BaseUrl,
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        contexts.Add(context);
        context.SetDefaultTimeout(DefaultTimeout);
        context.SetDefaultNavigationTimeout(DefaultTimeout);
        var page = await context.NewPageAsync();
        // Anything the browser complains about goes to the test's output; a page the portal's own CSP breaks fails the test.
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning") TestContext.Out.WriteLine($"[browser {message.Type}] {page.Url}: {message.Text}");
        };
        page.PageError += (_, error) => TestContext.Out.WriteLine($"[page error] {page.Url}: {error}");
        return page;
    }

    /// <summary>Opens a portal path and returns the response of the navigation (its status, its page).</summary>
    protected static async Task<IResponse> Open(IPage page, string path)
    {
        var response = await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.That(response, Is.Not.Null, $"no response for {path}");
        return response!;
    }

    /// <summary>Opens a path and fails unless it answers 200.</summary>
    protected static async Task OpenOk(IPage page, string path)
    {
        var response = await Open(page, path);
        Assert.That(response.Status, Is.EqualTo(200), $"GET {path} answered {response.Status}:\n{await BodyText(page)}");
    }

    /// <summary>
    /// Clicks something that leads to another page (a link, a form's button, through a redirect or not)
    /// and waits until the browser has loaded <paramref name="path"/>; fails unless it answered 200.
    /// </summary>
    protected static async Task ClickToPage(IPage page, ILocator target, string path)
    {
        var response = await page.RunAndWaitForResponseAsync(
            () => target.ClickAsync(),
            r => r.Request.IsNavigationRequest && r.Request.Method == "GET" && new Uri(r.Url).AbsolutePath == path);
        await Loaded(page);
        Assert.That(response.Status, Is.EqualTo(200), $"clicking to {path} answered {response.Status}:\n{await BodyText(page)}");
        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo(path));
    }

    /// <summary>
    /// Waits until the page's document has loaded. Playwright's .NET client checks the load state and then
    /// subscribes to its event, and an event that arrives in between is lost: the wait then runs out its whole
    /// timeout although the page loaded (microsoft/playwright-dotnet#3364; here about one run of the portal
    /// tests in four). A lost event is still recorded, so short waits in turn find it.
    /// </summary>
    protected static async Task Loaded(IPage page)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                await page.WaitForLoadStateAsync(LoadState.Load, new PageWaitForLoadStateOptions { Timeout = 1000 });
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    /// <summary>Waits until the page shows <paramref name="path"/>, loaded; the address is polled, not awaited as an event (see <see cref="Loaded"/>).</summary>
    protected async Task LoadedAt(IPage page, string path)
    {
        await Assertions.Expect(page).ToHaveURLAsync(BaseUrl + path);
        await Loaded(page);
    }

    /// <summary>Signs in as company P01 on /signin (with its fixture token, or <paramref name="token"/>) and waits for /company.</summary>
    protected async Task<IPage> SignInAsCompany(string? token = null)
    {
        var page = await NewPage();
        await OpenOk(page, "/signin");
        await page.Locator("#token").FillAsync(token ?? CompanyToken);
        var response = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#company-signin button[type=submit]").ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/signin/company", StringComparison.Ordinal));
        Assert.That(response.Status, Is.EqualTo(302), $"signing in with the company token answered {response.Status}");
        await LoadedAt(page, "/company");
        return page;
    }

    /// <summary>Signs in as finance on /signin and waits for /finance.</summary>
    protected async Task<IPage> SignInAsFinance()
    {
        var page = await NewPage();
        await OpenOk(page, "/signin");
        await page.Locator("#user").FillAsync("finance");
        await page.Locator("#password").FillAsync(FinancePassword);
        var response = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#finance-signin button[type=submit]").ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/signin/finance", StringComparison.Ordinal));
        Assert.That(response.Status, Is.EqualTo(302), $"signing in as finance answered {response.Status}");
        await LoadedAt(page, "/finance");
        return page;
    }

    /// <summary>Publishes the quarter through finance's page unless it is published already (for tests that only need it published).</summary>
    protected async Task EnsurePublished()
    {
        var page = await SignInAsFinance();
        await OpenOk(page, $"/finance/quarters/{Quarter}");
        if (await page.Locator("#publish").CountAsync() == 0) return;
        await ClickToPage(page, page.Locator("#publish"), $"/finance/quarters/{Quarter}/publish");
        await ClickToPage(page, page.Locator("#confirm-publish"), $"/finance/quarters/{Quarter}");
        Assert.That(await page.Locator("#publish").CountAsync(), Is.Zero, "the quarter is still not published after clicking #publish");
    }

    /// <summary>A full-page screenshot into out/portal-screenshots, attached to the test.</summary>
    protected static async Task<string> Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Path = path });
        Assert.That(new FileInfo(path), Has.Property(nameof(FileInfo.Length)).GreaterThan(1000), $"screenshot {path} is empty");
        TestContext.AddTestAttachment(path, $"{name} ({page.Url})");
        TestContext.Out.WriteLine($"screenshot: {path}");
        return path;
    }

    protected static async Task<string> BodyText(IPage page) => await page.Locator("body").InnerTextAsync();

    /// <summary>The decision the portal should show for a ledger line: "全额支付" or "扣减 26,400.00 元".</summary>
    protected string DecisionOf(string contractId) =>
        Ledger[contractId].Deduction > 0
            ? $"扣减 {Ledger[contractId].Deduction.ToString("N2", CultureInfo.InvariantCulture)} 元"
            : "全额支付";

    /// <summary>A pseudonymous household reference of the survey files, such as h-SJ-1361.</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9-])h-[A-Za-z0-9]")]
    protected static partial Regex HouseholdPseudonym();

    private static QpRun Run(params string[] args)
    {
        var run = QpRun.Of(args);
        Assert.That(run.ExitCode, Is.Zero, $"qp {string.Join(' ', args.Take(2))} failed ({run.ExitCode}):\n{run.Error}\n{run.Output}");
        return run;
    }

    private static Dictionary<string, (string, decimal)> ReadLedger(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].TrimStart('\uFEFF').Split(',');
        int Column(string name)
        {
            var index = Array.IndexOf(header, name);
            Assert.That(index, Is.GreaterThanOrEqualTo(0), $"{path} has no column {name}: {lines[0]}");
            return index;
        }
        int id = Column("contract_id"), status = Column("status"), deduction = Column("deduction");
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(
            f => f[id], f => (f[status], decimal.Parse(f[deduction], CultureInfo.InvariantCulture)), StringComparer.Ordinal);
    }
}
