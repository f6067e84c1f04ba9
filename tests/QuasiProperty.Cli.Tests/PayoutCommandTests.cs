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
