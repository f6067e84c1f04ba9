using QuasiProperty.Testing;

namespace QuasiProperty.Cli.Tests;

public class RulesCommandTests
{
    [Test]
    public void Validate_lists_the_repository_rule_versions_and_exits_zero()
    {
        var run = QpRun.Of("rules", "validate", TestPaths.Rules);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Output, Does.Contain("version 1 from 2025Q1"));
            Assert.That(run.Output, Does.Contain("version 2 from 2025Q3"));
            Assert.That(run.Output, Does.Contain("All rule files are valid."));
        });
    }

    [Test]
    public void Validate_reports_each_problem_with_file_and_field_and_exits_one()
    {
        using var set = DataSet.FromSpecExample();
        set.WriteRule("chaoyangmen/v3.yaml", set.ReadRule("chaoyangmen/v2.yaml")
            .Replace("version: 2", "version: 3", StringComparison.Ordinal)
            .Replace("effective_from: 2025Q2", "effective_from: 2025Q4", StringComparison.Ordinal)
            .Replace("grid: 0.25", "grid: 0.35", StringComparison.Ordinal));

        var run = QpRun.Of("rules", "validate", set.Rules);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InputRejected));
            Assert.That(run.Error, Does.Contain("chaoyangmen/v3.yaml:8: weights: the three weights must add up to exactly 1; they add up to 1.10"));
        });
    }

    [Test]
    public void Diff_shows_each_change_between_two_versions_with_old_and_new_values()
    {
        var run = QpRun.Of("rules", "diff", Path.Combine(TestPaths.Rules, "chaoyangmen", "v1.yaml"), Path.Combine(TestPaths.Rules, "chaoyangmen", "v2.yaml"));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Output, Does.Contain("weights.satisfaction").And.Contain("0.40 → 0.45"));
            Assert.That(run.Output, Does.Contain("居民满意度权重：0.40 → 0.45"));
            Assert.That(run.Output, Does.Contain("payout.month_floor").And.Contain("none → any month below 60: pay ratio at most 0.90"));
        });
    }

    [Test]
    public void Whatif_prints_each_contracts_old_and_new_payout_and_writes_csv_and_html()
    {
        using var folder = new TempFolder();
        var candidate = folder.Combine("v3-draft.yaml");
        File.WriteAllText(candidate, File.ReadAllText(Path.Combine(TestPaths.Rules, "chaoyangmen", "v2.yaml"))
            .Replace("version: 2", "version: 3", StringComparison.Ordinal)
            .Replace("effective_from: 2025Q3", "effective_from: 2025Q4", StringComparison.Ordinal)
            .Replace("  satisfaction: 0.45", "  satisfaction: 0.50", StringComparison.Ordinal)
            .Replace("  grid: 0.25", "  grid: 0.20", StringComparison.Ordinal));

        var run = QpRun.Of("rules", "whatif", "--candidate", candidate, "--quarter", "2025Q3", "--data", TestPaths.Samples, "--rules", TestPaths.Rules,
            "--as-of", "2026-01-15T00:00:00+08:00", "--out", folder.Combine("out"), "--templates", Path.Combine(TestPaths.RepositoryRoot, "templates"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Output, Does.Contain("HT2025-03").And.Contain("99,360.23     104,880.24    +5,520.01"));
            Assert.That(run.Output, Does.Contain("Budget effect: +5,520.01 CNY"));
            Assert.That(File.ReadAllLines(folder.Combine("out", "whatif.csv")), Has.Length.EqualTo(6));
            Assert.That(File.ReadAllText(folder.Combine("out", "whatif.html")), Does.Contain("5,520.01").And.Contain("HT2025-03"));
            // The rule changes in words people read, Chinese first: no raw rule-file keys.
            Assert.That(File.ReadAllText(folder.Combine("out", "whatif.html")),
                Does.Contain("居民满意度权重").And.Contain("weight of resident satisfaction").And.Contain("生效季度").And.Not.Contain("weights.satisfaction"));
        });
    }
}
