using System.Globalization;
using Microsoft.Playwright;
using Npgsql;
using QuasiProperty.Testing;

namespace QuasiProperty.Portal.Tests;

/// <summary>
/// Finance's ledger on the samples: sorting, filters and search as links, validation of the
/// address, scorecards finance may open, publishing with a confirmation step and its withdrawal,
/// and revision histories by field with the import behind the change.
/// </summary>
public class FinanceLedgerTests : PortalFixture
{
    private const string LedgerPath = "/finance/quarters/" + Quarter;

    private static async Task<string[]> Ids(IPage page) =>
        [.. (await page.Locator("#ledger a.scorecard").AllInnerTextsAsync()).Select(s => s.Trim())];

    [Test, Order(1)]
    public async Task Sorting_by_score_orders_the_lines_and_the_links_keep_the_filters()
    {
        var page = await SignInAsFinance();
        await OpenOk(page, LedgerPath);
        await ClickToPage(page, page.Locator("#sort-score"), LedgerPath);
        Assert.That(new Uri(page.Url).Query, Does.Contain("sort=score").And.Contain("dir=asc"));

        var assessed = Ledger.Where(l => l.Value.Status == "assessed").Select(l => l.Key).ToArray();
        var ids = await Ids(page);
        var scores = await page.Locator("#ledger tr:has(td) td:nth-child(4)").AllInnerTextsAsync();
        var numbers = scores.Take(assessed.Length).Select(s => decimal.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(ids, Has.Length.EqualTo(Ledger.Count));
            Assert.That(numbers, Is.Ordered.Ascending, "scores ascending");
            Assert.That(ids.Skip(assessed.Length), Has.All.Matches<string>(id => Ledger[id].Status != "assessed"), "unassessable last");
        });

        // Descending on the second click, then a filter: the form keeps the order, the sort links keep the filter.
        await ClickToPage(page, page.Locator("#sort-score"), LedgerPath);
        Assert.That(new Uri(page.Url).Query, Does.Contain("dir=desc"));
        await page.Locator("#ledger-reduced").CheckAsync();
        await ClickToPage(page, page.Locator("#ledger-apply"), LedgerPath);
        Assert.That(new Uri(page.Url).Query, Does.Contain("reduced=1").And.Contain("sort=score").And.Contain("dir=desc"));
        Assert.That(await page.Locator("#sort-deduction").GetAttributeAsync("href"), Does.Contain("reduced=1"));
    }

    [Test, Order(1)]
    public async Task Filters_and_search_narrow_the_ledger_and_say_how_many_match_while_totals_stay_the_quarters()
    {
        var page = await SignInAsFinance();
        var reduced = Ledger.Where(l => l.Value.Deduction > 0).Select(l => l.Key).ToArray();
        var unassessable = Ledger.Where(l => l.Value.Status != "assessed").Select(l => l.Key).ToArray();

        await OpenOk(page, LedgerPath + "?reduced=1");
        Assert.That(await Ids(page), Is.EquivalentTo(reduced));
        await Assertions.Expect(page.Locator("#ledger-matching")).ToContainTextAsync($"共 {reduced.Length} 条");
        await Assertions.Expect(page.Locator("#total-contracts")).ToHaveTextAsync(Ledger.Count.ToString(CultureInfo.InvariantCulture));

        await OpenOk(page, LedgerPath + "?unassessable=1");
        Assert.That(await Ids(page), Is.EquivalentTo(unassessable));

        await OpenOk(page, LedgerPath + "?company=P01");
        Assert.That(await Ids(page), Is.EquivalentTo(new[] { "HT2025-01", "HT2025-02", "HT2025-05" }));
        await OpenOk(page, LedgerPath + "?community=LS");
        Assert.That(await Ids(page), Is.EqualTo(new[] { "HT2025-02" }));

        // Search: an id in any case, part of a community's name, part of a company's name.
        await OpenOk(page, LedgerPath);
        await page.Locator("#ledger-q").FillAsync("ht2025-03");
        await ClickToPage(page, page.Locator("#ledger-apply"), LedgerPath);
        Assert.That(await Ids(page), Is.EqualTo(new[] { "HT2025-03" }));
        await OpenOk(page, LedgerPath + "?q=" + Uri.EscapeDataString("史家"));
        Assert.That(await Ids(page), Is.EqualTo(new[] { "HT2025-01" }));
        await OpenOk(page, LedgerPath + "?q=" + Uri.EscapeDataString("胡同管家"));
        Assert.That(await Ids(page), Is.EquivalentTo(new[] { "HT2025-01", "HT2025-02", "HT2025-05" }));

        // Score range, both ends included.
        await OpenOk(page, LedgerPath + "?min=0&max=100");
        Assert.That(await Ids(page), Has.Length.EqualTo(Ledger.Count - unassessable.Length));
    }

    [Test, Order(1)]
    public async Task Pages_of_one_line_walk_the_whole_ledger_and_keep_the_filter()
    {
        var page = await SignInAsFinance();
        // The smallest offered page is 50, larger than the samples; the address asks for 1 a page, which is not offered: 50 it is.
        await OpenOk(page, LedgerPath + "?size=1");
        Assert.That(await Ids(page), Has.Length.EqualTo(Ledger.Count));
        await Assertions.Expect(page.Locator("#ledger-next")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#ledger-page")).ToHaveTextAsync("1");
    }

    [TestCase("?page=abc&size=-5&sort=drop%20table&dir=sideways&min=x&max=1e9")]
    [TestCase("?page=999999999999&reduced=yes&unassessable=2")]
    [TestCase("?q=%27%3B%20drop%20table%20payout_revisions%3B%20--&company=%27%20or%201%3D1%20--")]
    [TestCase("?q=%25&page=99")]
    [TestCase("?page=1&page=2&sort=score&sort=company")]
    [Order(1)]
    public async Task Nonsense_in_the_address_gives_the_default_view_never_an_error(string query)
    {
        var page = await SignInAsFinance();
        await OpenOk(page, LedgerPath + query);
        await Assertions.Expect(page.Locator("#ledger")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#total-contracts")).ToHaveTextAsync(Ledger.Count.ToString(CultureInfo.InvariantCulture));
        Assert.That(Db.Scalar<long>($"select count(*) from payout_revisions where quarter = '{Quarter}'"), Is.GreaterThanOrEqualTo(Ledger.Count));
        await OpenOk(page, "/finance" + query);
        await Assertions.Expect(page.Locator("#all-contracts")).ToBeVisibleAsync();
    }

    [TestCase("/finance/quarters/2025Q9")]
    [TestCase("/finance/quarters/1999Q1")]
    [TestCase("/finance/contracts/NO-SUCH")]
    [Order(1)]
    public async Task A_quarter_or_contract_that_does_not_exist_is_404(string path)
    {
        var page = await SignInAsFinance();
        var response = await Open(page, path);
        Assert.That(response.Status, Is.EqualTo(404));
    }

    [Test, Order(1)]
    public async Task Finance_opens_any_contracts_scorecard_and_revision_history_from_the_ledger()
    {
        var page = await SignInAsFinance();
        await OpenOk(page, LedgerPath + "?q=HT2025-03");
        await ClickToPage(page, page.Locator("#ledger a.scorecard", new() { HasText = "HT2025-03" }), "/finance/contracts/HT2025-03");
        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync("HT2025-03");
        await Assertions.Expect(page.Locator($"#quarter-{Quarter} .tag")).ToHaveTextAsync(DecisionOf("HT2025-03"));

        await OpenOk(page, LedgerPath + "?q=HT2025-03");
        await ClickToPage(page, page.Locator("#ledger a.revisions"), $"/finance/contracts/HT2025-03/{Quarter}");
        await Assertions.Expect(page.Locator("#revisions")).ToContainTextAsync("首次计算");
    }

    [Test, Order(2)]
    public async Task Publishing_asks_for_confirmation_records_who_and_when_and_can_be_withdrawn_with_a_reason()
    {
        var page = await SignInAsFinance();
        await OpenOk(page, LedgerPath);
        await ClickToPage(page, page.Locator("#publish"), LedgerPath + "/publish");
        // The confirmation shows the quarter's totals and publishes nothing yet.
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(Ledger.Values.Sum(l => l.Deduction).ToString("N2", CultureInfo.InvariantCulture));
        await Screenshot(page, $"finance-publish-confirm-{Quarter}");
        var anonymous = await NewPage();
        Assert.That((await Open(anonymous, $"/results/{Quarter}")).Status, Is.EqualTo(404), "public before confirming");
        await ClickToPage(page, page.Locator("#cancel"), LedgerPath);
        await Assertions.Expect(page.Locator("#publish")).ToBeVisibleAsync();

        await ClickToPage(page, page.Locator("#publish"), LedgerPath + "/publish");
        await ClickToPage(page, page.Locator("#confirm-publish"), LedgerPath);
        await Assertions.Expect(page.Locator("#published-by")).ToHaveTextAsync("财务 Finance");
        await Assertions.Expect(page.Locator("#published-at")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$"));
        await OpenOk(anonymous, $"/results/{Quarter}");
        await OpenOk(anonymous, "/results");
        await Assertions.Expect(anonymous.Locator("main")).ToContainTextAsync(Quarter);

        // Withdraw, with a reason.
        await ClickToPage(page, page.Locator("#withdraw"), LedgerPath + "/withdraw");
        await page.Locator("#reason").FillAsync("HT2025-02 的自管会报告有误 committee report wrong");
        await ClickToPage(page, page.Locator("#confirm-withdraw"), LedgerPath);
        await Assertions.Expect(page.Locator("#withdrawn-reason")).ToHaveTextAsync("HT2025-02 的自管会报告有误 committee report wrong");
        await Assertions.Expect(page.Locator("#publish")).ToBeVisibleAsync();
        await Screenshot(page, $"finance-quarter-withdrawn-{Quarter}");
        Assert.That((await Open(anonymous, $"/results/{Quarter}")).Status, Is.EqualTo(404), "a withdrawn quarter is still public");
        await OpenOk(anonymous, "/results");
        await Assertions.Expect(anonymous.Locator("main")).Not.ToContainTextAsync(Quarter);

        // Both events stay on record, and the record cannot be rewritten.
        await Assertions.Expect(page.Locator("#publication-log li")).ToHaveCountAsync(2);
        Assert.That(Db.Scalar<long>($"select count(*) from publication_log where quarter = '{Quarter}'"), Is.EqualTo(2));
        foreach (var sql in new[] { "delete from publication_log", "update publication_log set reason = 'x'", "truncate publication_log" })
        {
            var refused = Assert.Throws<PostgresException>(() => Db.Execute(sql), sql);
            Assert.That(refused!.MessageText, Does.Contain("permanent record"), sql);
        }

        // Published again: public again, three events.
        await ClickToPage(page, page.Locator("#publish"), LedgerPath + "/publish");
        await ClickToPage(page, page.Locator("#confirm-publish"), LedgerPath);
        await OpenOk(anonymous, $"/results/{Quarter}");
        Assert.That(Db.Scalar<long>($"select count(*) from publication_log where quarter = '{Quarter}'"), Is.EqualTo(3));
    }

    [Test, Order(2)]
    public async Task A_withdrawal_without_a_reason_is_refused()
    {
        var page = await SignInAsFinance();
        await OpenOk(page, LedgerPath + "/withdraw");
        var field = page.Locator("form.box input[type=hidden]");
        var form = page.Context.APIRequest.CreateFormData();
        form.Set((await field.GetAttributeAsync("name"))!, (await field.GetAttributeAsync("value"))!);
        form.Set("reason", "   ");
        var before = Db.Scalar<long>("select count(*) from publication_log");
        var response = await page.Context.APIRequest.PostAsync(LedgerPath + "/withdraw", new APIRequestContextOptions { Form = form, MaxRedirects = 0 });
        Assert.Multiple(async () =>
        {
            Assert.That(response.Status, Is.EqualTo(400));
            Assert.That(await response.TextAsync(), Does.Contain("请写明撤回原因"));
            Assert.That(Db.Scalar<long>("select count(*) from publication_log"), Is.EqualTo(before));
        });
    }

    [Test, Order(3)]
    public async Task A_revision_shows_each_changed_field_old_and_new_and_links_the_import_that_caused_it()
    {
        // A corrected committee file for 2025-05: 史家 (SJ, contract HT2025-01) now rated 40, then the payout again.
        using var folder = new TempFolder();
        var corrected = folder.Combine("2025-05.csv");
        var lines = File.ReadAllLines(Path.Combine(TestPaths.Samples, "committee", "2025-05.csv"));
        var sj = Array.FindIndex(lines, l => l.StartsWith("SJ,", StringComparison.Ordinal));
        var old = lines[sj].Split(',');
        lines[sj] = $"SJ,40,{old[2]},{old[3]}";
        File.WriteAllLines(corrected, lines);
        var import = QpRun.Of("import", "committee", corrected, "--db", Db.ConnectionString, "--rules", TestPaths.Rules);
        Assert.That(import.ExitCode, Is.Zero, import.Error + import.Output);
        var importId = Db.Scalar<long>("select max(import_id) from imports where source = 'committee' and month = '2025-05'");
        var payout = QpRun.Of("payout", "--db", Db.ConnectionString, "--rules", TestPaths.Rules, "--quarter", Quarter, "--as-of", AsOf,
            "--out", folder.Combine("payout"), "--templates", Path.Combine(TestPaths.RepositoryRoot, "templates"));
        Assert.That(payout.ExitCode, Is.Zero, payout.Error);

        var page = await SignInAsFinance();
        await OpenOk(page, $"/finance/contracts/HT2025-01/{Quarter}");
        var latest = page.Locator("#revision-2");
        await Assertions.Expect(latest).ToContainTextAsync("2025-05 自管会 committee");
        await Assertions.Expect(latest).ToContainTextAsync("2025-05 月得分 month score");
        await Assertions.Expect(latest).ToContainTextAsync("季度得分 score");
        var committee = latest.Locator("table.changes tr", new() { HasText = "2025-05 自管会 committee" });
        await Assertions.Expect(committee.Locator("td").Nth(2)).ToHaveTextAsync("40.00");
        Assert.That(await BodyText(page), Does.Not.Contain("SJ,"), "raw months.csv cells on the page");
        await Screenshot(page, "finance-revisions-HT2025-01");

        var link = latest.Locator("a.import");
        await Assertions.Expect(link).ToHaveCountAsync(1);
        await Assertions.Expect(link).ToHaveTextAsync($"#{importId}");
        await link.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync($"{BaseUrl}/finance/imports#import-{importId}");
        await Assertions.Expect(page.Locator($"#import-{importId}")).ToContainTextAsync("2025-05");
        await Assertions.Expect(page.Locator($"#import-{importId}")).ToContainTextAsync("committee");
    }
}
