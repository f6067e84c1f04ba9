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
}
