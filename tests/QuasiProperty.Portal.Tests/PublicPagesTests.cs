using Microsoft.Playwright;
using QuasiProperty.Testing;

namespace QuasiProperty.Portal.Tests;

/// <summary>
/// Issue 18: the public pages at city size and on a phone. /results is paged and searched on the server,
/// with totals per quarter and the rule version of each result linked to /rules; rule changes read in
/// Chinese; the pages stay readable 390 px wide.
/// </summary>
public class PublicPagesTests : PortalFixture
{
    [OneTimeSetUp]
    public void PublishTheQuarter()
    {
        var run = QpRun.Of("publish", "--quarter", Quarter, "--db", Db.ConnectionString);
        Assert.That(run.ExitCode, Is.Zero, run.Error);
    }

    [Test]
    public async Task Rule_changes_read_in_Chinese_with_English_second()
    {
        var page = await NewPage();
        await OpenOk(page, "/rules");
        var v2 = page.Locator("#chaoyangmen-v2");
        await Assertions.Expect(v2).ToBeVisibleAsync();
        var diff = v2.Locator("table.diff");

        await Assertions.Expect(diff).ToContainTextAsync("居民满意度权重");
        await Assertions.Expect(diff).ToContainTextAsync("weight of resident satisfaction");
        await Assertions.Expect(diff).ToContainTextAsync("单月保底条款");
        await Assertions.Expect(diff).ToContainTextAsync("任一月低于 60 分，拨付比例最高 0.90");
        await Assertions.Expect(v2).ToContainTextAsync("90 分及以上拨付 1.00");
        var text = await diff.InnerTextAsync();
        Assert.That(text, Does.Not.Contain("any month < 60").And.Not.Contain("weights.satisfaction"), "raw keys or the old English wording are shown");
    }

    [Test]
    public async Task The_results_list_totals_per_quarter_and_each_result_links_its_rule_version()
    {
        var page = await NewPage();
        await OpenOk(page, "/results");
        var row = page.Locator($"#published-{Quarter}");
        await Assertions.Expect(row.Locator(".contracts")).ToHaveTextAsync(Ledger.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(row.Locator(".reduced-count")).ToHaveTextAsync(Ledger.Count(l => l.Value.Deduction > 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The samples' 2025Q2 scores: 93.60, 56.53, 89.61, 82.36, 81.85.
        await Assertions.Expect(row.Locator(".average")).ToHaveTextAsync("80.79");

        await ClickToPage(page, row.GetByRole(AriaRole.Link, new() { Name = Quarter, Exact = true }), $"/results/{Quarter}");
        var rules = page.Locator("#results a.rule-version");
        await Assertions.Expect(rules).ToHaveCountAsync(Ledger.Count);
        Assert.That(await rules.First.GetAttributeAsync("href"), Is.EqualTo("/rules#chaoyangmen-v1"));
        await ClickToPage(page, rules.First, "/rules");
        Assert.That(new Uri(page.Url).Fragment, Is.EqualTo("#chaoyangmen-v1"));
        await Assertions.Expect(page.Locator("#chaoyangmen-v1")).ToBeInViewportAsync();
    }

    [Test]
    public async Task The_results_are_paged_and_searched_on_the_server()
    {
        var page = await NewPage();
        await OpenOk(page, $"/results/{Quarter}?size=2");
        var rows = page.Locator("#results tr:has(td)");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#page-of")).ToContainTextAsync("第 1 / 3 页");

        // Following "next" to the end shows every contract exactly once.
        var seen = new List<string>();
        while (true)
        {
            seen.AddRange((await page.Locator("#results tr td:first-child").AllInnerTextsAsync()).Select(s => s.Trim()));
            if (await page.Locator("#page-next").CountAsync() == 0) break;
            var next = await page.Locator("#page-next").GetAttributeAsync("href");
            await ClickToPage(page, page.Locator("#page-next"), new Uri(new Uri(BaseUrl), next!).AbsolutePath);
        }
        Assert.That(seen, Is.EquivalentTo(new[] { "史家社区", "礼士社区", "竹杆社区", "朝西社区", "新鲜社区" }));

        // A search by company name, typed into the form, keeps only its contracts (P01 holds three).
        await OpenOk(page, $"/results/{Quarter}");
        await page.Locator("#q").FillAsync("胡同管家");
        await ClickToPage(page, page.Locator("form.search button[type=submit]"), $"/results/{Quarter}");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#matching")).ToContainTextAsync("共 3 条");
        foreach (var company in await page.Locator("#results tr td:nth-child(2)").AllInnerTextsAsync()) Assert.That(company, Does.Contain("胡同管家"));

        // By community name; LIKE's own characters match only themselves.
        await OpenOk(page, $"/results/{Quarter}?q=" + Uri.EscapeDataString("史家"));
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await OpenOk(page, $"/results/{Quarter}?q=%25");
        await Assertions.Expect(page.Locator("#matching")).ToContainTextAsync("共 0 条");
        // A page past the end shows the last page, not an error.
        await OpenOk(page, $"/results/{Quarter}?size=2&page=99");
        await Assertions.Expect(page.Locator("#page-of")).ToContainTextAsync("第 3 / 3 页");
    }

    [Test]
    public async Task Public_pages_fit_a_390_px_phone_and_are_screenshotted_at_1280_and_390()
    {
        foreach (var (path, name) in new[] { ("/results", "results"), ($"/results/{Quarter}", $"results-{Quarter}"), ("/rules", "rules"), ("/keys", "keys") })
        {
            var page = await NewPage();
            await OpenOk(page, path);
            await Screenshot(page, $"public-{name}-1280");
            await page.SetViewportSizeAsync(390, 844);
            await Screenshot(page, $"public-{name}-390");
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.That(overflow, Is.LessThanOrEqualTo(0), $"{path} at 390 px is wider than the screen by {overflow} px");
        }

        // The results table collapses into labelled cards: each cell says which column it is.
        var phone = await NewPage();
        await phone.SetViewportSizeAsync(390, 844);
        await OpenOk(phone, $"/results/{Quarter}");
        var cell = phone.Locator("#results tr:has(td) td").First;
        var label = await cell.EvaluateAsync<string>("td => getComputedStyle(td, '::before').content");
        Assert.That(label, Does.Contain("社区"), "the collapsed results table does not label its cells");
        var box = await phone.Locator("#results tr:has(td)").First.BoundingBoxAsync();
        Assert.That(box!.Width, Is.LessThanOrEqualTo(390));
    }
}
