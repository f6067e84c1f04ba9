using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QuasiProperty.Testing;

namespace QuasiProperty.Portal.Tests;

/// <summary>
/// Sessions in Chromium: revoking a company's token ends the sessions signed in with it on their next request, and a
/// form whose anti-forgery token no longer holds gets a page that says what to do, not a blank error.
/// </summary>
public sealed partial class SessionTests : PortalFixture
{
    private const string Report = $"/contracts/HT2025-01/{Quarter}/report.html";

    [Test]
    public async Task Revoking_a_token_ends_the_sessions_signed_in_with_it_at_once()
    {
        var issued = QpRun.Of("companies", "token", "P01", "--db", Db.ConnectionString);
        Assert.That(issued.ExitCode, Is.Zero, issued.Error);
        var token = issued.Output.Trim();
        var tokenId = TokenNumber().Match(issued.Error).Groups[1].Value;
        Assert.That(tokenId, Is.Not.Empty, $"qp companies token did not name the token's number: {issued.Error}");

        var page = await SignInAsCompany(token);
        await OpenOk(page, "/company");
        await Assertions.Expect(page.Locator("#contracts")).ToBeVisibleAsync();
        var before = await page.Context.APIRequest.GetAsync(Report, new() { MaxRedirects = 0 });
        Assert.That(before.Status, Is.EqualTo(200), "the company could not download its report before the revocation");

        var revoke = QpRun.Of("companies", "revoke", tokenId, "--db", Db.ConnectionString);
        Assert.That(revoke.Output, Does.Contain($"Token #{tokenId} revoked."), revoke.Error);

        // The very next requests, with the same cookie: no contracts, no report.
        var download = await page.Context.APIRequest.GetAsync(Report, new() { MaxRedirects = 0 });
        var downloaded = await download.TextAsync();
        Assert.Multiple(() =>
        {
            Assert.That(download.Status, Is.EqualTo(302), "the report was still served after the token was revoked");
            Assert.That(download.Headers.GetValueOrDefault("location"), Does.Contain("/signin"));
            Assert.That(downloaded, Does.Not.Contain("HT2025-01"), "the report's bytes came with the refusal");
        });
        var response = await Open(page, "/company");
        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/signin"), $"/company still opened after the revocation ({response.Status})");
        var contractsShown = await page.Locator("#contracts").CountAsync();
        var text = await BodyText(page);
        var cookies = await page.Context.CookiesAsync();
        Assert.Multiple(() =>
        {
            Assert.That(contractsShown, Is.Zero);
            Assert.That(text, Does.Not.Contain("HT2025-01"));
            Assert.That(cookies.Select(c => c.Name), Has.None.EqualTo("qp.session"), "the ended session's cookie was kept");
        });

        // The revoked token no longer signs in, and the record says which token it was.
        await OpenOk(page, "/signin");
        await page.Locator("#token").FillAsync(token);
        var again = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#company-signin button[type=submit]").ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/signin/company", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(again.Status, Is.EqualTo(401));
            Assert.That(Db.Scalar<string>("select outcome || ' ' || account || ' #' || token_id from sign_in_attempts order by attempt_id desc limit 1"),
                Is.EqualTo($"revoked_token P01 #{tokenId}"));
        });

        // The fixture's other token of the same company is untouched.
        var other = await SignInAsCompany();
        await OpenOk(other, "/company");
    }

    [Test]
    public async Task A_stale_sign_in_form_says_to_reload_and_sign_in_again()
    {
        var page = await NewPage();
        await OpenOk(page, "/signin");
        await page.Locator("#user").FillAsync("finance");
        await page.Locator("#password").FillAsync(FinancePassword);
        // As after a browser restart or a long pause: the anti-forgery cookie the form was made for is gone.
        await page.Context.ClearCookiesAsync();
        var response = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#finance-signin button[type=submit]").ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/signin/finance", StringComparison.Ordinal));
        await Loaded(page);

        Assert.That(response.Status, Is.EqualTo(400));
        var expired = page.Locator("#form-expired");
        await Assertions.Expect(expired).ToBeVisibleAsync();
        await Assertions.Expect(expired).ToContainTextAsync("请重新打开登录页面后再登录");
        await Assertions.Expect(expired).ToContainTextAsync("Reload the sign-in page and sign in again");
        await Screenshot(page, "form-expired-signin-1280");
        await page.SetViewportSizeAsync(390, 844);
        await Screenshot(page, "form-expired-signin-390");

        // The way out works: a fresh form signs in.
        await ClickToPage(page, page.Locator("#reload-signin"), "/signin");
        await page.Locator("#user").FillAsync("finance");
        await page.Locator("#password").FillAsync(FinancePassword);
        await page.Locator("#finance-signin button[type=submit]").ClickAsync();
        await LoadedAt(page, "/finance");
    }

    [Test]
    public async Task A_tampered_company_sign_in_form_gets_the_same_page()
    {
        var page = await NewPage();
        await OpenOk(page, "/signin");
        await page.Locator("#token").FillAsync(CompanyToken);
        await page.Locator("#company-signin input[type=hidden]").EvaluateAsync("field => field.value = 'CfDJ8-not-the-token'");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#company-signin button[type=submit]").ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/signin/company", StringComparison.Ordinal));
        await Loaded(page);
        Assert.That(response.Status, Is.EqualTo(400));
        await Assertions.Expect(page.Locator("#form-expired")).ToContainTextAsync("登录页面已过期");
        Assert.That((await page.Context.CookiesAsync()).Select(c => c.Name), Has.None.EqualTo("qp.session"));
    }

    [Test]
    public async Task An_expired_form_of_a_signed_in_page_says_to_go_back_and_try_again()
    {
        var page = await SignInAsFinance();
        await OpenOk(page, "/finance");
        // The sign-out form is checked as the publish form is (an endpoint filter, no form binding).
        await page.Locator("header form input[type=hidden]").EvaluateAsync("field => field.value = 'CfDJ8-expired'");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#signout").ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/signout", StringComparison.Ordinal));
        await Loaded(page);

        Assert.That(response.Status, Is.EqualTo(400));
        var expired = page.Locator("#form-expired");
        await Assertions.Expect(expired).ToContainTextAsync("请返回上一页，刷新页面后再试一次");
        await Assertions.Expect(expired).ToContainTextAsync("Go back, reload the page and try again");
        Assert.That(await page.Locator("#go-back").GetAttributeAsync("href"), Is.EqualTo("/finance"));
        await Screenshot(page, "form-expired-finance-1280");
        await ClickToPage(page, page.Locator("#go-back"), "/finance");
    }

    [GeneratedRegex(@"Token #(\d+)")]
    private static partial Regex TokenNumber();
}
