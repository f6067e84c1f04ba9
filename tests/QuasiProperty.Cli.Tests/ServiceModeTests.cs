using QuasiProperty.Testing;

namespace QuasiProperty.Cli.Tests;

/// <summary>The README's service-mode sequence — migrate, import the samples, payout — through the commands.</summary>
public class ServiceModeTests
{
    [Test]
    public void Migrate_import_and_payout_give_the_file_mode_ledger_and_record_revisions_once()
    {
        using var db = TestDatabase.Create(migrate: false);
        using var outputs = new TempFolder();
        string[] Payout(string name) =>
            ["payout", "--db", db.ConnectionString, "--rules", TestPaths.Rules, "--quarter", "2025Q3", "--as-of", "2026-01-15T00:00:00+08:00", "--out", outputs.Combine(name)];

        var migrate = QpRun.Of("db", "migrate", "--db", db.ConnectionString);
        var import = QpRun.Of("import", "folder", TestPaths.Samples, "--db", db.ConnectionString, "--rules", TestPaths.Rules);
        var reimport = QpRun.Of("import", "surveys", Path.Combine(TestPaths.Samples, "surveys", "2025-07.csv"), "--db", db.ConnectionString, "--rules", TestPaths.Rules);
        var first = QpRun.Of(Payout("db1"));
        var second = QpRun.Of(Payout("db2"));
        var files = QpRun.Of("assess", "--data", TestPaths.Samples, "--rules", TestPaths.Rules, "--quarter", "2025Q3",
            "--as-of", "2026-01-15T00:00:00+08:00", "--out", outputs.Combine("files"));

        Assert.Multiple(() =>
        {
            Assert.That(migrate.ExitCode, Is.Zero, migrate.Error);
            Assert.That(migrate.Output, Does.Contain("applied 0001_store"));
            Assert.That(import.ExitCode, Is.Zero, import.Error);
            Assert.That(import.Output, Does.Contain("samples/chaoyangmen/grid/2025-12.csv: imported as #"));
            Assert.That(reimport.Output, Does.Contain("already imported as #").And.Contain("nothing changed"));
            Assert.That(first.ExitCode, Is.Zero, first.Error);
            Assert.That(first.Output, Does.Contain("Recorded: 5 new revision(s)"));
            Assert.That(second.Output, Does.Contain("Recorded: no new revision"));
            Assert.That(File.ReadAllBytes(outputs.Combine("db1", "ledger.csv")), Is.EqualTo(File.ReadAllBytes(outputs.Combine("files", "ledger.csv"))));
            Assert.That(File.ReadAllBytes(outputs.Combine("db1", "months.csv")), Is.EqualTo(File.ReadAllBytes(outputs.Combine("files", "months.csv"))));
        });
    }

    [Test]
    public void A_rejected_import_exits_one_and_lists_the_problems()
    {
        using var db = TestDatabase.Create();
        var run = QpRun.Of("import", "contracts", Path.Combine(TestPaths.Samples, "contracts.csv"), "--db", db.ConnectionString, "--rules", TestPaths.Rules);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InputRejected));
            Assert.That(run.Error, Does.Contain("contracts.csv:2: company_id: 'P01' is not a company in companies.csv"));
            Assert.That(run.Error, Does.Contain("rejected").And.Contain("nothing was stored"));
        });
    }

    [Test]
    public void Payout_on_a_database_without_schema_says_to_migrate()
    {
        using var db = TestDatabase.Create(migrate: false);
        using var outputs = new TempFolder();
        var run = QpRun.Of("payout", "--db", db.ConnectionString, "--rules", TestPaths.Rules, "--quarter", "2025Q3", "--out", outputs.Combine("x"));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.DatabaseFailed));
            Assert.That(run.Error, Does.Contain("run 'qp db migrate' first"));
        });
    }

    [Test]
    public void An_unreachable_database_is_one_clear_line()
    {
        var run = QpRun.Of("db", "migrate", "--db", "Host=127.0.0.1;Port=1;Username=nobody;Timeout=2");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.DatabaseFailed));
            Assert.That(run.Error, Does.StartWith("qp: database:"));
        });
    }
}
