using System.Text.RegularExpressions;
using QuasiProperty.Testing;

namespace QuasiProperty.Cli.Tests;

/// <summary>
/// A city's quarter (7,000 contracts) gives a summary that holds every contract and still verifies:
/// a signed document is never cut short.
/// </summary>
[TestFixture]
public sealed partial class CityDocumentsTests
{
    private const int Communities = 7000;

    [Test]
    public void The_summary_of_a_city_quarter_lists_every_contract_and_verifies()
    {
        using var folder = new TempFolder();
        var data = folder.Combine("city");
        var outDir = folder.Combine("out");
        // Few responses and incidents: this is about the number of contracts, not the volume of rows.
        var generate = QpRun.Of("samples", "generate", "--communities", $"{Communities}", "--quarter", "2025Q2",
            "--responses", "5", "--incidents", "2", "--out", data);
        Assert.That(generate.ExitCode, Is.Zero, generate.Error);

        var assess = QpRun.Of("assess", "--data", data, "--rules", Path.Combine(data, "rules"), "--quarter", "2025Q2",
            "--as-of", "2025-07-10T00:00:00+08:00", "--out", outDir);
        Assert.That(assess.ExitCode, Is.Zero, assess.Error);

        var summary = File.ReadAllText(Path.Combine(outDir, "summary.html"));
        var listed = ReportLink().Matches(summary).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var verify = QpRun.Of("verify", Path.Combine(outDir, "summary.html"), "--key", Path.Combine(outDir, "signing-key.pub.pem"));
        Assert.Multiple(() =>
        {
            Assert.That(summary, Has.Length.GreaterThan(1_048_576), "a city's summary is larger than Scriban's default output limit");
            Assert.That(summary.TrimEnd(), Does.EndWith("</html>"));
            Assert.That(listed, Has.Count.EqualTo(Communities));
            Assert.That(verify.ExitCode, Is.Zero, verify.Output + verify.Error);
        });
    }

    [GeneratedRegex("href=\"contracts/([^\"]+)\\.html\"")]
    private static partial Regex ReportLink();
}
