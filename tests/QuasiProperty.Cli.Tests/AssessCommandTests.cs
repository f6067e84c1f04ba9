using QuasiProperty.Testing;

namespace QuasiProperty.Cli.Tests;

public class AssessCommandTests
{
    [Test]
    public void Assessing_the_spec_example_writes_the_expected_ledger_and_prints_the_totals()
    {
        using var set = DataSet.FromSpecExample();
        var outDir = Path.Combine(set.Root, "out");

        var run = QpRun.Of("assess", "--data", set.Data, "--rules", set.Rules, "--quarter", "2025Q2",
            "--as-of", "2025-07-10T00:00:00+08:00", "--out", outDir);

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.Multiple(() =>
        {
            AssertExpectedLedgerAndMonths(outDir);
            Assert.That(File.Exists(Path.Combine(outDir, "contracts", "K1.json")), Is.True);
            Assert.That(run.Output, Does.Contain("contracts                       1 (1 assessed, 0 unassessable)"));
            Assert.That(run.Output, Does.Contain("total fees             120,000.00 CNY"));
            Assert.That(run.Output, Does.Contain("total payout           114,000.00 CNY"));
            Assert.That(run.Output, Does.Contain("total deductions         6,000.00 CNY"));
        });
    }

    [Test]
    public void Ledger_only_writes_the_same_ledger_and_months_and_nothing_else()
    {
        using var set = DataSet.FromSpecExample();
        var outDir = Path.Combine(set.Root, "out");

        var run = QpRun.Of("assess", "--data", set.Data, "--rules", set.Rules, "--quarter", "2025Q2",
            "--as-of", "2025-07-10T00:00:00+08:00", "--out", outDir, "--ledger-only");

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.Multiple(() =>
        {
            AssertExpectedLedgerAndMonths(outDir);
            Assert.That(Directory.EnumerateFileSystemEntries(outDir).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')),
                Is.EquivalentTo(new[] { "ledger.csv", "months.csv" }));
            Assert.That(run.Output, Does.Contain("ledger.csv and months.csv only"));
            Assert.That(run.Output, Does.Not.Contain(".dsse.json"));
        });
    }

    [Test]
    public void A_malformed_file_exits_non_zero_names_file_line_and_column_and_writes_nothing()
    {
        using var set = DataSet.FromSpecExample();
        set.Write("committee/2025-05.csv", "community_id,rating,issues_raised,issues_unresolved\nA,ninety,2,0\n");
        var outDir = Path.Combine(set.Root, "out");

        var run = QpRun.Of("assess", "--data", set.Data, "--rules", set.Rules, "--quarter", "2025Q2", "--out", outDir);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InputRejected));
            Assert.That(run.Error, Does.Contain("committee/2025-05.csv:2: rating: must be a number from 0 to 100; it is 'ninety'"));
            Assert.That(run.Error, Does.Contain("nothing was written"));
            Assert.That(Directory.Exists(outDir), Is.False);
            Assert.That(Directory.GetFileSystemEntries(set.Root).Where(e => Path.GetFileName(e).StartsWith(".out", StringComparison.Ordinal)), Is.Empty,
                "no staging folder is left behind");
        });
    }

    [Test]
    public void The_next_run_removes_what_a_killed_run_left_but_not_a_running_ones_folder()
    {
        using var set = DataSet.FromSpecExample();
        var outDir = Path.Combine(set.Root, "out");
        using (var finished = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true })!)
        {
            finished.WaitForExit();
            Directory.CreateDirectory(Path.Combine(set.Root, $".out.staging-{finished.Id}-0123"));
            File.WriteAllText(Path.Combine(set.Root, $".out.staging-{finished.Id}-0123", "ledger.csv"), "half written");
            Directory.CreateDirectory(Path.Combine(set.Root, $".out.previous-{finished.Id}-4567"));
        }
        var running = Path.Combine(set.Root, $".out.staging-{Environment.ProcessId}-89ab");
        Directory.CreateDirectory(running);

        var run = QpRun.Of("assess", "--data", set.Data, "--rules", set.Rules, "--quarter", "2025Q2",
            "--as-of", "2025-07-10T00:00:00+08:00", "--out", outDir, "--ledger-only");

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.That(Directory.GetDirectories(set.Root, ".out.*").Select(Path.GetFileName), Is.EqualTo(new[] { Path.GetFileName(running) }));
    }

    [Test]
    public void A_failed_run_leaves_the_previous_output_as_it_was()
    {
        using var set = DataSet.FromSpecExample();
        var outDir = Path.Combine(set.Root, "out");
        Assert.That(QpRun.Of("assess", "--data", set.Data, "--rules", set.Rules, "--quarter", "2025Q2", "--out", outDir).ExitCode, Is.Zero);
        var before = File.ReadAllBytes(Path.Combine(outDir, "ledger.csv"));

        set.Write("grid/2025-04.csv", "incident_id,community_id,category,reported_at,due_at\n");
        var run = QpRun.Of("assess", "--data", set.Data, "--rules", set.Rules, "--quarter", "2025Q2", "--out", outDir);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InputRejected));
            Assert.That(run.Error, Does.Contain("grid/2025-04.csv:1: closed_at: column is missing from the header"));
            Assert.That(File.ReadAllBytes(Path.Combine(outDir, "ledger.csv")), Is.EqualTo(before));
        });
    }

    [Test]
    public void A_second_run_replaces_its_own_earlier_output_but_never_a_folder_it_did_not_write()
    {
        using var set = DataSet.FromSpecExample();
        var outDir = Path.Combine(set.Root, "out");
        string[] Args(string o) => ["assess", "--data", set.Data, "--rules", set.Rules, "--quarter", "2025Q2", "--out", o];
        Assert.That(QpRun.Of(Args(outDir)).ExitCode, Is.Zero);
        Assert.That(QpRun.Of(Args(outDir)).ExitCode, Is.Zero, "an earlier output is replaced");

        var foreign = Path.Combine(set.Root, "documents");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "minutes.txt"), "keep me");
        var run = QpRun.Of(Args(foreign));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.OutputFailed));
            Assert.That(run.Error, Does.Contain("already holds files that QuasiProperty did not write"));
            Assert.That(File.ReadAllText(Path.Combine(foreign, "minutes.txt")), Is.EqualTo("keep me"));
        });
    }

    [TestCase("2025-Q2", "is not a quarter")]
    [TestCase("2025Q5", "is not a quarter")]
    public void A_wrong_quarter_is_a_usage_error(string quarter, string message)
    {
        var run = QpRun.Of("assess", "--data", "x", "--quarter", quarter, "--out", "y");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(run.Error, Does.Contain(message));
        });
    }

    [Test]
    public void A_missing_required_option_is_a_usage_error()
    {
        var run = QpRun.Of("assess", "--quarter", "2025Q2");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(run.Error, Does.Contain("--data"));
            Assert.That(run.Error, Does.Contain("--out"));
        });
    }

    [Test]
    public void Help_explains_every_option_of_assess()
    {
        var run = QpRun.Of("assess", "--help");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero);
            foreach (var option in new[] { "--data", "--rules", "--quarter", "--out", "--as-of" })
            {
                Assert.That(run.Output, Does.Contain(option));
            }
            Assert.That(run.Output, Does.Contain("ledger.csv"));
        });
    }

    [Test]
    public void Help_lists_every_command()
    {
        var run = QpRun.Of("--help");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero);
            Assert.That(run.Output, Does.Contain("assess"));
            Assert.That(run.Output, Does.Contain("rules"));
            Assert.That(run.Output, Does.Contain("Exit codes"));
        });
    }

    /// <summary>The spec's worked example, byte for byte.</summary>
    private static void AssertExpectedLedgerAndMonths(string outDir)
    {
        foreach (var file in new[] { "ledger.csv", "months.csv" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(outDir, file)),
                Is.EqualTo(File.ReadAllBytes(Path.Combine(TestPaths.SpecExample, "expected", file))), file);
        }
    }
}
