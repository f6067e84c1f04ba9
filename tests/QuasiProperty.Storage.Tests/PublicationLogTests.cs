using Npgsql;
using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Storage.Tests;

/// <summary>
/// Migration 0011: publishing is an append-only log of publications and withdrawals, and
/// <c>quarter_publications</c> lists the quarters public now. A store published before it keeps its publications.
/// </summary>
public class PublicationLogTests
{
    [Test]
    public void A_quarter_published_before_the_log_stays_published_and_can_then_be_withdrawn_and_published_again()
    {
        using var db = TestDatabase.Create(migrate: false);
        db.Execute("""
            create table schema_migrations (version integer primary key, name text not null, sha256 text not null, applied_at timestamptz not null default now())
            """);
        foreach (var migration in Migrator.All.Where(m => m.Version < 11))
        {
            db.Execute(migration.Sql);
            using var record = db.DataSource.CreateCommand("insert into schema_migrations (version, name, sha256) values ($1, $2, $3)");
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Sha256 });
            record.ExecuteNonQuery();
        }
        db.Execute("insert into quarter_publications (quarter, published_by, published_at) values ('2025Q1', 'alice', '2025-05-02T10:00:00+08:00')");

        Migrator.Migrate(db.DataSource);
        using var connection = db.DataSource.OpenConnection();
        var q1 = Quarter.Parse("2025Q1");
        Assert.Multiple(() =>
        {
            Assert.That(Publications.IsPublished(connection, q1), Is.True);
            Assert.That(db.Scalar<string>("select published_by from quarter_publications where quarter = '2025Q1'"), Is.EqualTo("alice"));
            Assert.That(Publications.Publish(connection, q1, "bob"), Is.EqualTo(PublicationOutcome.Unchanged), "publishing a public quarter again");
        });

        Assert.That(Publications.Withdraw(connection, q1, "wrong committee file", "bob"), Is.EqualTo(PublicationOutcome.Recorded));
        Assert.Multiple(() =>
        {
            Assert.That(Publications.IsPublished(connection, q1), Is.False);
            Assert.That(db.Scalar<long>("select count(*) from quarter_publications"), Is.Zero, "the view still lists a withdrawn quarter");
            Assert.That(Publications.Withdraw(connection, q1, "again", "bob"), Is.EqualTo(PublicationOutcome.Unchanged));
        });
        Assert.That(Publications.Publish(connection, q1, "carol"), Is.EqualTo(PublicationOutcome.Recorded));
        var history = Publications.History(connection, q1);
        Assert.Multiple(() =>
        {
            Assert.That(history.Select(e => (e.Published, e.By, e.Reason)),
                Is.EqualTo(new[] { (true, "alice", (string?)null), (false, "bob", "wrong committee file"), (true, "carol", null) }));
            Assert.That(db.Scalar<string>("select published_by from quarter_publications where quarter = '2025Q1'"), Is.EqualTo("carol"));
        });
    }

    [TestCase("update publication_log set reason = 'x'")]
    [TestCase("delete from publication_log")]
    [TestCase("truncate publication_log")]
    [TestCase("insert into publication_log (quarter, seq, action, recorded_by) values ('2025Q1', 2, 'publish', 'x')")] // even events withdraw
    [TestCase("insert into publication_log (quarter, seq, action, recorded_by) values ('2025Q1', 1, 'publish', 'x')")] // the same event twice
    [TestCase("insert into publication_log (quarter, seq, action, recorded_by) values ('2025Q1', 2, 'withdraw', 'x')")] // no reason
    public void The_log_refuses_rewriting_and_events_out_of_turn(string sql)
    {
        using var db = TestDatabase.Create();
        db.Execute("insert into publication_log (quarter, seq, action, recorded_by) values ('2025Q1', 1, 'publish', 'alice')");
        Assert.Throws<PostgresException>(() => db.Execute(sql));
        Assert.That(db.Scalar<long>("select count(*) from publication_log"), Is.EqualTo(1));
    }
}
