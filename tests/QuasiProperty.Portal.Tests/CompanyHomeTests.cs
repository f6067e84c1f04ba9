using QuasiProperty.Application;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Npgsql;
using QuasiProperty.Scheduling;
using QuasiProperty.Testing;

namespace QuasiProperty.Portal.Tests;

/// <summary>
/// Issue 18: a company's home page shows each contract's latest decision in colour and, for the running
/// quarter, the interim months with "if the quarter ended now", decided by the engine's own rule; the
/// month tables say why a cell is empty; and the pages read on a 390 px phone. Besides the fixture's
/// 2025Q2 payout, 2025Q1 is paid out (its months have gaps) and 2025Q3 runs on monthly scorecards.
/// </summary>
public class CompanyHomeTests : PortalFixture
{
    private const string Running = "2025Q3";
    // As of the payout's time, so that overdue incidents count alike in the months and in the quarter's assessment.
    private static readonly DateTimeOffset MonthlyAsOf = DateTimeOffset.Parse(AsOf, System.Globalization.CultureInfo.InvariantCulture);
    private NpgsqlDataSource database = null!;

    [OneTimeSetUp]
    public void PayTheFirstQuarterAndScoreJuly()
    {
        var payout = QpRun.Of("payout", "--db", Db.ConnectionString, "--rules", TestPaths.Rules, "--quarter", "2025Q1", "--as-of", AsOf,
            "--out", Work.Combine("payout-2025Q1"), "--templates", Path.Combine(TestPaths.RepositoryRoot, "templates"));
        Assert.That(payout.ExitCode, Is.Zero, payout.Error);
        database = NpgsqlDataSource.Create(Db.ConnectionString);
        ScoreMonth("2025-07");
    }

    [OneTimeTearDown]
    public void CloseDatabase() => database?.Dispose();

    [Test, Order(1)]
    public async Task The_home_page_shows_each_contracts_latest_score_ratio_and_coloured_decision()
    {
        var page = await SignInAsCompany();
        foreach (var (id, score, ratio, tag) in new[]
                 {
                     ("HT2025-01", "93.60", "1.00", "full"), ("HT2025-02", "56.53", "0.80", "reduced"), ("HT2025-05", "81.85", "0.95", "reduced"),
                 })
        {
            var row = page.Locator($"#contract-{id}");
            await Assertions.Expect(row.Locator(".latest")).ToContainTextAsync("2025Q2");
            await Assertions.Expect(row.Locator(".latest-score")).ToHaveTextAsync(score);
            await Assertions.Expect(row.Locator(".latest-ratio")).ToHaveTextAsync(ratio);
            await Assertions.Expect(row.Locator(".decision")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex($"\\b{tag}\\b"));
            await Assertions.Expect(row.Locator(".decision")).ToHaveTextAsync(DecisionOf(id));
        }
        var colour = await page.Locator("#contract-HT2025-02 .decision").EvaluateAsync<string>("e => getComputedStyle(e).color");
        Assert.That(colour, Is.EqualTo("rgb(180, 35, 24)"), "a reduced payment is not shown in red");
    }

    [Test, Order(2)]
    public async Task With_one_month_scored_the_running_quarter_would_be_unassessable()
    {
        var page = await SignInAsCompany();
        var interim = page.Locator("#contract-HT2025-01 .interim");
        await Assertions.Expect(interim).ToContainTextAsync("2025-07：55.09");
        await Assertions.Expect(interim.Locator(".projection")).ToContainTextAsync("若本季度现在结束：考核月数不足（1 < 2），无法评定 → 支付比例 1.00");
    }

    /// <summary>With all three months scored, "if the quarter ended now" must be what the 2025Q3 assessment decides.</summary>
    [Test, Order(3)]
    public async Task With_the_quarters_months_scored_the_estimate_agrees_with_the_quarters_assessment()
    {
        ScoreMonth("2025-08");
        ScoreMonth("2025-09");
        using var assessed = new TempFolder();
        var assess = QpRun.Of("assess", "--data", TestPaths.Samples, "--rules", TestPaths.Rules, "--quarter", Running, "--as-of", AsOf, "--out", assessed.Combine("out"));
        Assert.That(assess.ExitCode, Is.Zero, assess.Error);
        var ledger = File.ReadAllLines(assessed.Combine("out", "ledger.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[1]);

        var page = await SignInAsCompany();
        foreach (var id in new[] { "HT2025-01", "HT2025-05" })
        {
            var (score, ratio) = (ledger[id][5], ledger[id][7]);
            await Assertions.Expect(page.Locator($"#contract-{id} .projection")).ToContainTextAsync($"若本季度现在结束：≈ {score} 分 → 支付比例 {ratio}");
        }
        // HT2025-01's July is below the month floor of version 2, which caps the ratio at 0.90.
        await Assertions.Expect(page.Locator("#contract-HT2025-01 .projection")).ToContainTextAsync("2025-07 低于 60 分，单月保底条款封顶");
        await Assertions.Expect(page.Locator("#contract-HT2025-01 .projection")).ToContainTextAsync("If the quarter ended now: ≈ 80.88 → pay ratio 0.90");

        await OpenOk(page, "/company/contracts/HT2025-01");
        await Assertions.Expect(page.Locator("#projection")).ToContainTextAsync("≈ 80.88 分 → 支付比例 0.90");
    }

    [Test, Order(4)]
    public async Task Empty_cells_of_a_month_table_say_why()
    {
        var page = await SignInAsCompany();
        await OpenOk(page, "/company/contracts/HT2025-05");
        // 2025-01 of HT2025-05: 18 valid responses of the 30 needed, no committee report, no grid file, so no month score.
        var january = page.Locator("#quarter-2025Q1 table tr", new() { HasText = "2025-01" });
        await Assertions.Expect(january).ToContainTextAsync("样本不足 too few responses（18 < 30）");
        await Assertions.Expect(january).ToContainTextAsync("自管会未报送 no committee report");
        await Assertions.Expect(january).ToContainTextAsync("无网格数据 no grid data");
        await Assertions.Expect(january).ToContainTextAsync("未考核 not assessed");
        await Assertions.Expect(page.Locator("#quarter-2025Q1 .tag.unassessable")).ToBeVisibleAsync();
    }

    [Test, Order(5)]
    public async Task Company_pages_fit_a_390_px_phone_and_are_screenshotted_at_1280_and_390()
    {
        var page = await SignInAsCompany();
        foreach (var (path, name) in new[] { ("/company", "company"), ("/company/contracts/HT2025-01", "company-scorecard-HT2025-01"), ("/company/contracts/HT2025-05", "company-scorecard-HT2025-05") })
        {
            await page.SetViewportSizeAsync(1280, 900);
            await OpenOk(page, path);
            await Screenshot(page, $"{name}-1280");
            await page.SetViewportSizeAsync(390, 844);
            await OpenOk(page, path);
            await Screenshot(page, $"{name}-390");
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.That(overflow, Is.LessThanOrEqualTo(0), $"{path} at 390 px is wider than the screen by {overflow} px");
        }

        // On the phone the month column stays in view while the table scrolls, and the chart's labels keep a readable size.
        await OpenOk(page, "/company/contracts/HT2025-01");
        var monthCell = page.Locator("#quarter-2025Q2 table.months tr:has(td) td").First;
        Assert.That(await monthCell.EvaluateAsync<string>("td => getComputedStyle(td).position"), Is.EqualTo("sticky"));
        var label = await page.Locator(".chart svg text").First.BoundingBoxAsync();
        Assert.That(label!.Height, Is.GreaterThanOrEqualTo(9), "the chart's labels are too small to read at 390 px");
    }

    private void ScoreMonth(string month)
    {
        var jobs = new ScorecardJobs(database, new RulesFolder(TestPaths.Rules), new ScheduleSettings(), TimeProvider.System, NullLogger<ScorecardJobs>.Instance);
        Assert.That(jobs.Run(month, MonthlyAsOf, "test"), Is.GreaterThan(0), $"no scorecard recorded for {month}");
    }
}
