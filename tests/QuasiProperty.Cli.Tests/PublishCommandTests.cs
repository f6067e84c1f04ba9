using QuasiProperty.Testing;

namespace QuasiProperty.Cli.Tests;

/// <summary><c>qp publish</c>: publishing a quarter, and withdrawing it with a reason, both kept in the publication log.</summary>
public class PublishCommandTests
{
    [Test]
    public void A_quarter_is_published_withdrawn_with_a_reason_and_published_again()
    {
        using var db = TestDatabase.Create();
        using var folder = new TempFolder();
        var cs = db.ConnectionString;
        Assert.That(QpRun.Of("import", "folder", TestPaths.Samples, "--db", cs, "--rules", TestPaths.Rules).ExitCode, Is.Zero);
        var payout = QpRun.Of("payout", "--db", cs, "--rules", TestPaths.Rules, "--quarter", "2025Q2", "--as-of", "2026-01-15T00:00:00+08:00",
            "--out", folder.Combine("out"));
        Assert.That(payout.ExitCode, Is.Zero, payout.Error);

        var noReason = QpRun.Of("publish", "--quarter", "2025Q2", "--withdraw", "--db", cs);
        var publish = QpRun.Of("publish", "--quarter", "2025Q2", "--db", cs);
        var again = QpRun.Of("publish", "--quarter", "2025Q2", "--db", cs);
        var withdraw = QpRun.Of("publish", "--quarter", "2025Q2", "--withdraw", "--reason", "wrong committee file", "--db", cs);
        var twice = QpRun.Of("publish", "--quarter", "2025Q2", "--withdraw", "--reason", "again", "--db", cs);
        Assert.Multiple(() =>
        {
            Assert.That(noReason.ExitCode, Is.Not.Zero);
            Assert.That(noReason.Error, Does.Contain("--reason"));
            Assert.That(publish.Output, Does.Contain("2025Q2 published."));
            Assert.That(again.Output, Does.Contain("already published"));
            Assert.That(withdraw.ExitCode, Is.Zero, withdraw.Error);
            Assert.That(withdraw.Output, Does.Contain("2025Q2 withdrawn"));
            Assert.That(twice.Output, Does.Contain("nothing to withdraw"));
            Assert.That(db.Scalar<long>("select count(*) from quarter_publications"), Is.Zero);
            Assert.That(db.Scalar<string>("select string_agg(action || ':' || coalesce(reason, ''), ',' order by seq) from publication_log"),
                Is.EqualTo("publish:,withdraw:wrong committee file"));
        });
    }
}
