using System.Globalization;
using System.Text.RegularExpressions;
using QuasiProperty.Reports.Signing;
using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Reports.Tests;

/// <summary>What a reader of the samples' reports was told wrongly, and is now told rightly (issue 18, item 6).</summary>
public partial class ReportDefectTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 1, 15, 0, 0, 0, TimeSpan.FromHours(8));

    [Test]
    public void The_band_table_highlights_the_pay_ratio_applied_when_the_month_floor_capped_it()
    {
        // 2025Q3 HT2025-01: the quarter scores 80.88 (band 0.95) and July is below the floor, so 0.90 is paid.
        var html = Report(new Quarter(2025, 3), "HT2025-01");
        var highlighted = HighlightedRatios().Matches(html).Select(m => m.Groups["ratio"].Value).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(highlighted, Is.EqualTo(new[] { "0.90" }), "the one highlighted pay ratio is the one paid");
            Assert.That(html, Does.Contain("<span class=\"was\">0.95</span><span class=\"now\">→ 0.90</span>"), "the band's own ratio, struck out");
            Assert.That(html, Does.Contain("因月度底线封顶为 0.90"));
        });
    }

    [Test]
    public void The_band_table_highlights_the_band_when_no_floor_capped_it()
    {
        var html = Report(new Quarter(2025, 2), "HT2025-03"); // 89.61: band 0.95, no month below the floor
        Assert.That(HighlightedRatios().Matches(html).Select(m => m.Groups["ratio"].Value), Is.EqualTo(new[] { "0.95" }));
    }

    [Test]
    public void The_month_floor_line_on_the_chart_is_red_dotted_and_legible()
    {
        var svg = ScoreChart.Render(new Quarter(2025, 3), [], [90m, 80m, 70m], 60m).Html;
        // Y(60) of the plot: 14 + 190 × 0.4 = 90. The light grid line at 60 has no dashes; the floor line has.
        var line = Regex.Matches(svg, "<line [^>]*y1=\"90\" [^>]*y2=\"90\"[^>]*>").Select(m => m.Value).Single(l => l.Contains("stroke-dasharray", StringComparison.Ordinal));
        var stroke = Attribute(line, "stroke")!;
        var (r, g, b) = (Convert.ToInt32(stroke[1..3], 16), Convert.ToInt32(stroke[3..5], 16), Convert.ToInt32(stroke[5..7], 16));
        Assert.Multiple(() =>
        {
            Assert.That(r, Is.GreaterThanOrEqualTo(0xC0), $"red: {stroke}");
            Assert.That(Math.Max(g, b), Is.LessThanOrEqualTo(0x40), $"red, not pink or grey: {stroke}");
            Assert.That(Attribute(line, "stroke-opacity"), Is.Null, "not faded");
            Assert.That(double.Parse(Attribute(line, "stroke-width") ?? "1", CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(2), "thick enough to see");
            Assert.That(Attribute(line, "stroke-linecap"), Is.EqualTo("round"), "round caps on empty dashes: dots");
            Assert.That(svg, Does.Contain(">月度底线 60</text>"), "labelled");
        });
    }

    [Test]
    public void The_reason_for_the_lowest_band_reads_as_a_sentence()
    {
        // 2025Q2 HT2025-02 scores 56.53: the lowest band, whose minimum is 0.
        var html = Report(new Quarter(2025, 2), "HT2025-02", out var summary);
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("0.00 分档"));
            Assert.That(html, Does.Contain("季度得分 56.53（3 个考核月的平均），未达 70.00 分，属最低档，支付比例 0.80。"));
            Assert.That(summary, Does.Not.Contain("0.00 分档"));
        });
    }

    [Test]
    public void The_reasons_name_the_band_by_the_scores_it_covers()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Report(new Quarter(2025, 2), "HT2025-03"), Does.Contain("季度得分 89.61（3 个考核月的平均），达到 80.00 分、未达 90.00 分，支付比例 0.95。"));
            Assert.That(Report(new Quarter(2025, 2), "HT2025-01"), Does.Contain("季度得分 93.60（3 个考核月的平均），达到 90.00 分，属最高档，支付比例 1.00。"));
        });
    }

    [GeneratedRegex("<td class=\"num ratio[^\"]*\\bapplied\\b[^\"]*\">(?:≤ )?(?<ratio>[0-9.]+)</td>")]
    private static partial Regex HighlightedRatios();

    private static string? Attribute(string element, string name)
    {
        var match = Regex.Match(element, $"\\s{Regex.Escape(name)}=\"([^\"]*)\"");
        return match.Success ? match.Groups[1].Value : null;
    }

    private static string Report(Quarter quarter, string contract) => Report(quarter, contract, out _);

    private static string Report(Quarter quarter, string contract, out string summary)
    {
        using var set = DataSet.FromSamples();
        using var output = new TempFolder();
        using var key = SigningKey.Generate(development: false);
        set.Issue(output.Path, Templates.Load(Path.Combine(TestPaths.RepositoryRoot, "templates")), key, quarter, AsOf);
        summary = File.ReadAllText(output.Combine(SignedReports.SummaryFile));
        return File.ReadAllText(output.Combine("contracts", contract + ".html"));
    }
}
