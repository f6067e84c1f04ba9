using QuasiProperty.Reports.Signing;
using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Reports.Tests;

/// <summary>Reports render for the samples, escape every value, and say what a reader must know.</summary>
public class RenderingTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 1, 15, 0, 0, 0, TimeSpan.FromHours(8));

    [TestCase("胡同管家<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [TestCase("\"onmouseover=alert(1) x=\"", "&quot;onmouseover=alert(1) x=&quot;")]
    [TestCase("史家 & 礼士 'A'", "史家 &amp; 礼士 &#x27;A&#x27;")]
    public void Hostile_company_and_community_names_are_escaped_everywhere(string hostile, string escaped)
    {
        using var set = DataSet.FromSpecExample();
        set.Write("communities.csv", $"community_id,name,households\nA,\"{hostile.Replace("\"", "\"\"", StringComparison.Ordinal)}\",500\n");
        set.Write("companies.csv", $"company_id,name\nP1,\"{hostile.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n");
        using var output = new TempFolder();

        Render(set, output.Path, DataSet.ExampleQuarter, DataSet.ExampleAsOf);

        foreach (var page in new[] { output.Combine("contracts", "K1.html"), output.Combine("summary.html") })
        {
            var html = File.ReadAllText(page);
            Assert.Multiple(() =>
            {
                Assert.That(html, Does.Not.Contain(hostile), page);
                Assert.That(html, Does.Contain(escaped), page);
                Assert.That(html, Does.Not.Contain("<script"), page);
            });
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void Every_sample_contract_gets_a_report_with_its_decision_and_the_verification_facts(int quarterNumber)
    {
        using var set = DataSet.FromSamples();
        using var output = new TempFolder();
        var result = Render(set, output.Path, new Quarter(2025, quarterNumber), AsOf);

        foreach (var a in result.Assessments)
        {
            var html = File.ReadAllText(output.Combine("contracts", a.Contract.Id + ".html"));
            Assert.Multiple(() =>
            {
                Assert.That(html, Does.Contain(Scoring.Explanation.Decision(a).Zh));
                Assert.That(html, Does.Contain(Outputs.Numbers.Grouped(a.Payout)));
                Assert.That(html, Does.Contain(a.Rules.Sha256));
                Assert.That(html, Does.Contain(a.InputDigest));
                Assert.That(html, Does.Contain("<svg"));
                Assert.That(html, Does.Not.Contain("<script"));
            });
        }
    }

    [Test]
    public void A_report_signed_with_the_development_key_says_so()
    {
        using var set = DataSet.FromSpecExample();
        using var output = new TempFolder();
        using var key = SigningKey.Generate(development: true);
        set.Issue(output.Path, TemplatesFromRepository(), key);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(output.Combine("contracts", "K1.html")), Does.Contain("DEVELOPMENT"));
            Assert.That(File.ReadAllText(output.Combine(SignedReports.DevelopmentPublicKey)), Does.StartWith("-----BEGIN PUBLIC KEY-----"));
        });
    }

    [Test]
    public void The_chart_covers_the_last_four_quarters()
    {
        using var set = DataSet.FromSamples();
        using var output = new TempFolder();
        Render(set, output.Path, new Quarter(2025, 4), AsOf);
        var html = File.ReadAllText(output.Combine("contracts", "HT2025-01.html"));
        Assert.That(html, Does.Contain(">2025Q1<").And.Contain(">2025Q4<"));
    }

    [Test]
    public void The_report_states_the_quarter_scores_range_in_plain_words()
    {
        using var set = DataSet.FromSpecExample();
        using var output = new TempFolder();
        var k1 = Render(set, output.Path, DataSet.ExampleQuarter, DataSet.ExampleAsOf).Assessments.Single();
        var margin = MarginOfError.Of(k1)!;
        var html = File.ReadAllText(output.Combine("contracts", "K1.html"));
        Assert.Multiple(() =>
        {
            Assert.That(margin.Low, Is.LessThan(85.27));
            Assert.That(margin.High, Is.GreaterThan(85.27));
            Assert.That(html, Does.Contain($"季度得分 85.27 受抽样误差影响的 95% 范围是 {margin.Low:0.00} 至 {margin.High:0.00}"));
        });
    }

    private static Scoring.QuarterResult Render(DataSet set, string folder, Quarter quarter, DateTimeOffset asOf)
    {
        using var key = SigningKey.Generate(development: false);
        return set.Issue(folder, TemplatesFromRepository(), key, quarter, asOf);
    }

    private static Templates TemplatesFromRepository() => Templates.Load(Path.Combine(TestPaths.RepositoryRoot, "templates"));
}
