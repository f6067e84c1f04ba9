using Microsoft.Playwright;

namespace QuasiProperty.Portal.Tests;

/// <summary>Finance's ledger and the public results of a 7,000-contract city, paged on the server, in Chromium.</summary>
public class CityPagesTests : CityPortalFixture
{
    [TestCase("")]
    [TestCase("&sort=company")] // hundreds of contracts share a company: the order within a tie must hold from page to page
    public async Task Walking_every_page_of_the_quarter_ledger_meets_each_of_the_7000_contracts_exactly_once(string sort)
    {
        var page = await SignInAsFinance();
        await OpenOk(page, $"/finance/quarters/{Quarter}?size=200{sort}");
        await Assertions.Expect(page.Locator("#total-contracts")).ToHaveTextAsync(Communities.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#ledger-matching")).ToContainTextAsync("7000");

        var seen = new List<string>();
        var pages = 0;
        while (true)
        {
            pages++;
            var ids = await page.Locator("#ledger tr td.key a.scorecard").AllInnerTextsAsync();
            Assert.That(ids, Is.Not.Empty, $"page {pages} of the ledger is empty");
            Assert.That(ids, Has.Count.LessThanOrEqualTo(200), $"page {pages} holds more lines than the page size");
            seen.AddRange(ids.Select(s => s.Trim()));
            var next = page.Locator("#ledger-next");
            if (await next.CountAsync() == 0) break;
            var url = page.Url;
            await next.ClickAsync();
            await Assertions.Expect(page).Not.ToHaveURLAsync(url);
            await Assertions.Expect(page.Locator("#ledger-page")).ToHaveTextAsync((pages + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.That(new Uri(page.Url).Query, Does.Contain("size=200"), "the next-page link dropped the page size");
        }

        Assert.Multiple(() =>
        {
            Assert.That(pages, Is.EqualTo(35), "7,000 contracts at 200 a page");
            Assert.That(seen, Has.Count.EqualTo(Communities), "lines seen over all pages");
            Assert.That(seen, Is.Unique, "a contract appeared on two pages");
            Assert.That(seen, Is.EquivalentTo(ContractIds), "the pages together are not the city's contracts");
        });
    }

    [Test]
    public async Task A_search_finds_one_contract_among_7000_and_its_scorecard_opens()
    {
        var page = await SignInAsFinance();
        var id = ContractIds[4321];
        await OpenOk(page, $"/finance/quarters/{Quarter}");
        await page.Locator("#ledger-q").FillAsync(id.ToLowerInvariant());
        await page.Locator("#ledger-apply").ClickAsync();
        await Assertions.Expect(page.Locator("#ledger-matching")).ToContainTextAsync("共 1 条");
        var link = page.Locator("#ledger a.scorecard");
        await Assertions.Expect(link).ToHaveTextAsync(id);

        await link.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync($"{BaseUrl}/finance/contracts/{id}");
        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync(id);
        await Assertions.Expect(page.Locator($"#quarter-{Quarter}")).ToBeVisibleAsync();
    }

    [Test]
    public async Task The_contract_list_on_finance_is_paged_too()
    {
        var page = await SignInAsFinance();
        await Assertions.Expect(page.Locator("#all-contracts tr:has(td)")).ToHaveCountAsync(50);
        await Assertions.Expect(page.Locator("#contracts-matching")).ToContainTextAsync("7000");
        await page.Locator("#contracts-last").ClickAsync();
        await Assertions.Expect(page.Locator("#contracts-page")).ToHaveTextAsync("140");
        var ids = await page.Locator("#all-contracts a.scorecard").AllInnerTextsAsync();
        Assert.That(ids.Select(s => s.Trim()), Is.EqualTo(ContractIds.Order(StringComparer.Ordinal).TakeLast(50)));
    }

    [Test]
    public async Task Screenshots_of_the_city_ledger_at_1280_and_390_pixels()
    {
        foreach (var width in new[] { 1280, 390 })
        {
            var page = await SignInAsFinance(width);
            await OpenOk(page, $"/finance/quarters/{Quarter}?sort=score&dir=asc");
            await Assertions.Expect(page.Locator("#ledger")).ToBeVisibleAsync();
            Directory.CreateDirectory(ScreenshotFolder);
            var path = Path.Combine(ScreenshotFolder, $"city-ledger-{width}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = width == 390, Path = path });
            TestContext.AddTestAttachment(path);
            // The contract column stays in view when the table scrolls sideways on a phone.
            var key = await page.Locator("#ledger td.key").First.BoundingBoxAsync();
            Assert.That(key!.X, Is.GreaterThanOrEqualTo(0).And.LessThan(width / 2), $"contract column at {width} px");
        }
    }

    [Test]
    public async Task Walking_every_page_of_the_published_results_meets_each_of_the_7000_communities_exactly_once()
    {
        Run("publish", "--quarter", Quarter, "--db", Db.ConnectionString);
        var names = File.ReadAllLines(Path.Combine(City, "communities.csv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[1]).ToArray();
        var page = await NewPage();
        await OpenOk(page, $"/results/{Quarter}?size=200");
        await Assertions.Expect(page.Locator("#totals .card .value").First).ToHaveTextAsync("7000");

        var seen = new List<string>();
        var pages = 0;
        while (true)
        {
            pages++;
            var communities = await page.Locator("#results tr td:first-child").AllInnerTextsAsync();
            Assert.That(communities, Is.Not.Empty, $"page {pages} of the results is empty");
            seen.AddRange(communities.Select(s => s.Trim()));
            var next = page.Locator("#page-next");
            if (await next.CountAsync() == 0) break;
            await next.ClickAsync();
            await Assertions.Expect(page.Locator("#page-of")).ToContainTextAsync($"第 {pages + 1} /");
        }

        Assert.Multiple(() =>
        {
            Assert.That(pages, Is.EqualTo(35), "7,000 results at 200 a page");
            Assert.That(seen, Is.Unique, "a community appeared on two pages");
            Assert.That(seen, Is.EquivalentTo(names), "the pages together are not the city's communities");
        });
    }
}
