using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QuasiProperty.Testing;

namespace QuasiProperty.Portal.Tests;

/// <summary>
/// The portal (<see cref="PortalHost"/>) on a database holding the samples and the stored 2025Q2 payout
/// (with its signed reports), and a company token for P01.
/// </summary>
public abstract partial class PortalFixture : PortalHost
{
    protected const string Quarter = "2025Q2";
    protected const string AsOf = "2026-01-15T00:00:00+08:00";

    /// <summary>What <c>qp payout</c> wrote: ledger.csv, contracts/, and the development key's public half.</summary>
    protected string PayoutOut => Work.Combine("payout");

    protected string PublicKey => Path.Combine(PayoutOut, "signing-key.pub.pem");

    /// <summary>The access token finance issued to company P01 (contracts HT2025-01, -02, -05).</summary>
    protected string CompanyToken { get; private set; } = null!;

    /// <summary>The payout's ledger.csv by contract: (status, deduction).</summary>
    protected IReadOnlyDictionary<string, (string Status, decimal Deduction)> Ledger { get; private set; } = null!;

    protected override string Seed(string connectionString)
    {
        Run("import", "folder", TestPaths.Samples, "--db", connectionString, "--rules", TestPaths.Rules);
        Run("payout", "--db", connectionString, "--rules", TestPaths.Rules, "--quarter", Quarter, "--as-of", AsOf, "--out", PayoutOut,
            "--templates", Templates);
        Assert.That(PublicKey, Does.Exist, "qp payout without a signing key should leave its development public key in --out");
        Ledger = ReadLedger(Path.Combine(PayoutOut, "ledger.csv"));

        var token = Run("companies", "token", "P01", "--db", connectionString);
        CompanyToken = token.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();
        Assert.That(CompanyToken, Is.Not.Empty, "qp companies token printed no token");
        return TestPaths.Rules;
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

    /// <summary>The decision the portal should show for a ledger line: "全额支付" or "扣减 26,400.00 元".</summary>
    protected string DecisionOf(string contractId) =>
        Ledger[contractId].Deduction > 0
            ? $"扣减 {Ledger[contractId].Deduction.ToString("N2", CultureInfo.InvariantCulture)} 元"
            : "全额支付";

    /// <summary>A pseudonymous household reference of the survey files, such as h-SJ-1361.</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9-])h-[A-Za-z0-9]")]
    protected static partial Regex HouseholdPseudonym();

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
