using QuasiProperty.Testing;

namespace QuasiProperty.Cli.Tests;

/// <summary>What <c>qp payout</c> records and archives, and when it does not.</summary>
public class PayoutCommandTests
{
    [Test]
    public void Each_revision_keeps_the_report_its_first_payout_wrote()
    {
        using var db = ImportedSamples();
        using var outputs = new TempFolder();

        var first = QpRun.Of(Payout(db, outputs.Combine("first")));
        var second = QpRun.Of(Payout(db, outputs.Combine("second")));

        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.Zero, first.Error);
            Assert.That(second.ExitCode, Is.Zero, second.Error);
            Assert.That(db.Scalar<long>("select count(*) from payout_reports"), Is.EqualTo(5), "one report per revision");
            Assert.That(db.Scalar<string>("select report_html from payout_reports where contract_id = 'HT2025-01'"),
                Is.EqualTo(File.ReadAllText(outputs.Combine("first", "contracts", "HT2025-01.html"))));
            Assert.That(db.Scalar<string>("select envelope from payout_reports where contract_id = 'HT2025-01'"),
                Is.EqualTo(File.ReadAllText(outputs.Combine("first", "contracts", "HT2025-01.dsse.json"))));
        });
    }

    [Test]
    public void A_payout_that_cannot_write_its_output_records_the_revisions_but_archives_no_report()
    {
        using var db = ImportedSamples();
        using var outputs = new TempFolder();
        var foreign = outputs.Combine("someone-elses");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "notes.txt"), "not ours");

        var run = QpRun.Of(Payout(db, foreign));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.OutputFailed), run.Error);
            Assert.That(Directory.GetFileSystemEntries(foreign), Has.Length.EqualTo(1), "the folder is left as it was");
            Assert.That(db.Scalar<long>("select count(*) from payout_revisions"), Is.EqualTo(5));
            Assert.That(db.Scalar<long>("select count(*) from payout_reports"), Is.Zero);
        });
    }

    [Test]
    public void A_large_first_payout_names_the_first_twenty_new_revisions_and_counts_the_rest()
    {
        using var data = new TempFolder();
        var generate = QpRun.Of("samples", "generate", "--communities", "25", "--quarter", "2025Q1", "--seed", "1",
            "--responses", "5", "--incidents", "2", "--out", data.Path);
        Assert.That(generate.ExitCode, Is.Zero, generate.Error);
        using var db = TestDatabase.Create();
        var rules = Path.Combine(data.Path, "rules");
        var import = QpRun.Of("import", "folder", data.Path, "--db", db.ConnectionString, "--rules", rules);
        Assert.That(import.ExitCode, Is.Zero, import.Error);

        var run = QpRun.Of("payout", "--db", db.ConnectionString, "--rules", rules, "--quarter", "2025Q1",
            "--as-of", "2025-04-10T02:00:00+08:00", "--out", data.Combine("payout"));

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        var recorded = run.Output.Split('\n').Single(l => l.StartsWith("Recorded:", StringComparison.Ordinal));
        Assert.That(recorded, Does.StartWith("Recorded: 25 new revision(s): K00001 r1, K00002 r1, "));
        Assert.That(recorded, Does.Contain("K00020 r1 and 5 more; 0 unchanged."));
        Assert.That(recorded, Does.Not.Contain("K00021"));
    }

    private static TestDatabase ImportedSamples()
    {
        var db = TestDatabase.Create();
        var import = QpRun.Of("import", "folder", TestPaths.Samples, "--db", db.ConnectionString, "--rules", TestPaths.Rules);
        Assert.That(import.ExitCode, Is.Zero, import.Error);
        return db;
    }

    private static string[] Payout(TestDatabase db, string folder) =>
        ["payout", "--db", db.ConnectionString, "--rules", TestPaths.Rules, "--quarter", "2025Q3", "--as-of", "2026-01-15T00:00:00+08:00", "--out", folder];
}
