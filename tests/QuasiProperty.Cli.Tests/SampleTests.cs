using System.Text.Json;
using QuasiProperty.Testing;

namespace QuasiProperty.Cli.Tests;

/// <summary>
/// The Chaoyangmen samples show every case of the spec; these tests hold them to the outcomes
/// listed in samples/chaoyangmen/README.md, through the command a user runs.
/// </summary>
public class SampleTests
{
    private readonly TempFolder outputs = new();
    private readonly Dictionary<string, QpRun> runs = [];

    [OneTimeSetUp]
    public void AssessEveryQuarterOf2025()
    {
        foreach (var quarter in new[] { "2025Q1", "2025Q2", "2025Q3", "2025Q4" })
        {
            runs[quarter] = QpRun.Of("assess", "--data", TestPaths.Samples, "--rules", TestPaths.Rules, "--quarter", quarter,
                "--as-of", "2026-01-15T00:00:00+08:00", "--out", outputs.Combine(quarter));
        }
    }

    [OneTimeTearDown]
    public void RemoveOutputs() => outputs.Dispose();

    [TestCase("2025Q1", "HT2025-01", "assessed", "91.65", "1.00", "168000.00", "0.00", "1")]
    [TestCase("2025Q1", "HT2025-05", "unassessable", "", "1.00", "98760.00", "0.00", "1")]
    [TestCase("2025Q2", "HT2025-02", "assessed", "56.53", "0.80", "105600.00", "26400.00", "1")]
    [TestCase("2025Q2", "HT2025-03", "assessed", "89.61", "0.95", "104880.24", "5520.01", "1")]
    [TestCase("2025Q3", "HT2025-01", "assessed", "80.88", "0.90", "151200.00", "16800.00", "2")]
    [TestCase("2025Q3", "HT2025-03", "assessed", "79.90", "0.90", "99360.23", "11040.02", "2")]
    [TestCase("2025Q3", "HT2025-04", "assessed", "87.37", "0.95", "58710.29", "3090.01", "2")]
    [TestCase("2025Q4", "HT2025-06", "assessed", "90.40", "1.00", "128650.00", "0.00", "2")]
    public void Sample_quarters_pay_what_the_samples_readme_says(
        string quarter, string contract, string status, string score, string ratio, string payout, string deduction, string ruleVersion)
    {
        var row = Ledger(quarter)[contract];
        Assert.That(new[] { row[4], row[5], row[7], row[9], row[10], row[12] },
            Is.EqualTo(new[] { status, score, ratio, payout, deduction, ruleVersion }));
    }

    [Test]
    public void Contracts_are_assessed_only_in_the_quarters_they_are_active()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Ledger("2025Q2").Keys, Does.Contain("HT2025-02").And.Not.Contain("HT2025-06"));
            Assert.That(Ledger("2025Q3").Keys, Does.Contain("HT2025-06").And.Not.Contain("HT2025-02"));
        });
    }

    [Test]
    public void The_month_floor_caps_HT2025_01_in_2025Q3_and_the_working_says_why()
    {
        using var working = Working("2025Q3", "HT2025-01");
        var decision = working.RootElement.GetProperty("decision");
        Assert.Multiple(() =>
        {
            Assert.That(decision.GetProperty("band").GetProperty("pay_ratio").GetString(), Is.EqualTo("0.95"));
            Assert.That(decision.GetProperty("month_floor_applied").GetProperty("months_below")[0].GetString(), Is.EqualTo("2025-07"));
            Assert.That(decision.GetProperty("pay_ratio").GetString(), Is.EqualTo("0.90"));
            Assert.That(decision.GetProperty("summary_zh").GetString(), Is.EqualTo("扣减 16,800.00 元"));
        });
    }

    [Test]
    public void The_GB18030_companies_file_is_read_with_its_Chinese_names()
    {
        using var working = Working("2025Q1", "HT2025-03");
        var contract = working.RootElement.GetProperty("contract");
        Assert.That(contract.GetProperty("company_name").GetString(), Is.EqualTo("北京朝内四合物业管理有限公司"));
    }

    [Test]
    public void A_household_answering_twice_is_a_warning_and_the_run_still_succeeds()
    {
        Assert.That(runs["2025Q2"].Error,
            Does.Contain("warning: ").And.Contain("surveys/2025-05.csv:8: household_ref: the same household answered again on line 70; only the later answer counts"));
    }

    [Test]
    public void Months_csv_shows_too_few_responses_missing_committee_rows_and_missing_grid_months()
    {
        var january = File.ReadAllLines(Path.Combine(outputs.Combine("2025Q1"), "months.csv"))
            .Single(l => l.StartsWith("HT2025-05,2025-01,", StringComparison.Ordinal));
        Assert.That(january, Is.EqualTo("HT2025-05,2025-01,,18,,,,"), "18 responses (< 30), no committee row, no grid file");
    }

    private Dictionary<string, string[]> Ledger(string quarter)
    {
        Assert.That(runs[quarter].ExitCode, Is.Zero, runs[quarter].Error);
        return File.ReadAllLines(Path.Combine(outputs.Combine(quarter), "ledger.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[1]);
    }

    private JsonDocument Working(string quarter, string contract)
    {
        Assert.That(runs[quarter].ExitCode, Is.Zero, runs[quarter].Error);
        return JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outputs.Combine(quarter), "contracts", contract + ".json")));
    }
}
