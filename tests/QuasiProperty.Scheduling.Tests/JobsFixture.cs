using System.Diagnostics;
using QuasiProperty.Testing;

namespace QuasiProperty.Scheduling.Tests;

/// <summary>A migrated database (our schema and Hangfire's, by 'qp db migrate') holding the samples.</summary>
public abstract class JobsFixture
{
    protected const string AsOf = "2026-01-15T00:00:00+08:00";

    protected TestDatabase Db { get; private set; } = null!;

    [SetUp]
    public void CreateDatabase()
    {
        Db = TestDatabase.Create(migrate: false);
        var migrate = QpRun.Of("db", "migrate", "--db", Db.ConnectionString);
        Assert.That(migrate.ExitCode, Is.Zero, migrate.Error);
        var import = QpRun.Of("import", "folder", TestPaths.Samples, "--db", Db.ConnectionString, "--rules", TestPaths.Rules);
        Assert.That(import.ExitCode, Is.Zero, import.Error);
    }

    [TearDown]
    public void DropDatabase() => Db.Dispose();

    /// <summary>The ledger and months of <c>qp assess</c> on the same samples, for comparison.</summary>
    protected static (byte[] Ledger, byte[] Months) FileModeOutput(string quarter)
    {
        using var folder = new TempFolder();
        var run = QpRun.Of("assess", "--data", TestPaths.Samples, "--rules", TestPaths.Rules, "--quarter", quarter, "--as-of", AsOf, "--out", folder.Combine("out"));
        Assert.That(run.ExitCode, Is.Zero, run.Error);
        return (File.ReadAllBytes(folder.Combine("out", "ledger.csv")), File.ReadAllBytes(folder.Combine("out", "months.csv")));
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> after the timeout.</summary>
    protected static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what, Func<string>? diagnostics = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) Assert.Fail($"{what} did not happen within {timeout.TotalSeconds} s\n{diagnostics?.Invoke()}");
            Thread.Sleep(100);
        }
    }
}
