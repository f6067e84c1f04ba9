using Npgsql;
using QuasiProperty.Testing;

namespace QuasiProperty.Storage.Tests;

/// <summary>
/// Migration 0006 moves a store's existing survey and grid rows into one partition per month; 0008
/// sums the stored survey responses into the monthly tallies that payouts read; 0009 keeps which
/// answers were replaced as rows of their own instead of a flag on every response.
/// </summary>
public class MonthlyPartitionMigrationTests
{
    /// <summary>Every stored survey row, ending with whether it counts as <paramref name="counts"/> tells.</summary>
    private static string SurveyRows(string counts) => $"""
        select string_agg(concat_ws(',', month, response_id, import_id, line, community_id, household_ref, cleaning, greening, "order", convenience, {counts}),
                          ';' order by month, line)
        from survey_responses s
        """;

    private const string GridRows = """
        select string_agg(concat_ws(',', month, incident_id, import_id, line, community_id, category, reported_at, due_at, closed_at), ';' order by month, line)
        from grid_incidents
        """;

    [Test]
    public void Rows_stored_before_the_move_to_monthly_partitions_are_all_kept()
    {
        using var db = StoreOfAnEarlierRelease();
        var surveys = db.Scalar<string>(SurveyRows("counts"));
        var grid = db.Scalar<string>(GridRows);

        var applied = Migrator.Migrate(db.DataSource);

        Assert.Multiple(() =>
        {
            Assert.That(applied.Select(m => m.Version), Does.Contain(6).And.Contain(9));
            Assert.That(db.Scalar<string>(SurveyRows(
                "not exists (select from replaced_survey_answers r where r.month = s.month and r.line = s.line)")), Is.EqualTo(surveys), "every row kept, and the replaced answer still replaced");
            Assert.That(db.Scalar<string>("select string_agg(concat_ws(' ', month, import_id, line), '; ') from replaced_survey_answers"), Is.EqualTo("2025-04 1 2"));
            Assert.That(Partitions(db, "replaced_survey_answers"), Is.EqualTo("replaced_survey_answers_2025_04 replaced_survey_answers_2025_05"));
            Assert.That(db.Scalar<string>(GridRows), Is.EqualTo(grid));
            Assert.That(Partitions(db, "survey_responses"), Is.EqualTo("survey_responses_2025_04 survey_responses_2025_05"));
            Assert.That(Partitions(db, "grid_incidents"), Is.EqualTo("grid_incidents_2025_04 grid_incidents_2025_05"));
            Assert.That(db.Scalar<long>("select count(*) from pg_tables where tablename like '%unpartitioned'"), Is.Zero);
        });
    }

    [Test]
    public void Survey_tallies_are_summed_from_the_responses_already_stored()
    {
        using var db = StoreOfAnEarlierRelease();

        Migrator.Migrate(db.DataSource);

        // S1 was replaced by the same household's S2, so it does not count. Sums: count, Σd per item, then Σdᵢ·dⱼ (i ≤ j), d = answer − 1.
        Assert.Multiple(() =>
        {
            Assert.That(db.Scalar<string>("""
                select string_agg(concat_ws(' ', month, community_id, import_id, pattern, sums::text), '; ' order by month, community_id, pattern)
                from survey_tallies
                """), Is.EqualTo(
                "2025-04 SJ 1 15 {2,1,3,5,7,1,2,3,4,5,8,11,13,18,25}; " +
                "2025-05 LS 2 8 {1,0,0,0,1,0,0,0,0,0,0,0,0,0,1}"));
            Assert.That(Partitions(db, "survey_tallies"), Is.EqualTo("survey_tallies_2025_04 survey_tallies_2025_05"));
        });
    }

    /// <summary>A store migrated up to 0005, before monthly partitions, with survey and grid rows of two months.</summary>
    private static TestDatabase StoreOfAnEarlierRelease()
    {
        var db = TestDatabase.Create(migrate: false);
        MigrateUpTo(db, 5);
        db.Execute("""
            insert into survey_responses (month, response_id, import_id, line, community_id, household_ref, cleaning, greening, "order", convenience, counts)
            values ('2025-04', 'S1', 1, 2, 'SJ', 'h-1', 5, null, 4, 3, false),
                   ('2025-04', 'S2', 1, 3, 'SJ', 'h-1', 1, 2, 3, 4, true),
                   ('2025-04', 'S3', 1, 4, 'SJ', 'h-3', 2, 3, 4, 5, true),
                   ('2025-05', 'S1', 2, 2, 'LS', 'h-2', null, null, null, 2, true)
            """);
        db.Execute("""
            insert into grid_incidents (month, incident_id, import_id, line, community_id, category, reported_at, due_at, closed_at)
            values ('2025-04', 'G1', 3, 2, 'SJ', 'GARBAGE', '2025-04-01T08:00+08', '2025-04-02T08:00+08', null),
                   ('2025-05', 'G1', 4, 2, 'XX', 'LITTER', '2025-05-01T08:00+08', '2025-05-02T08:00+08', '2025-05-01T09:00+08')
            """);
        return db;
    }

    private static string Partitions(TestDatabase db, string table) => db.Scalar<string>($"""
        select string_agg(c.relname, ' ' order by c.relname) from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = '{table}'::regclass
        """);

    /// <summary>The store as an earlier release left it: the migrations up to <paramref name="version"/>, recorded as the migrator does.</summary>
    private static void MigrateUpTo(TestDatabase db, int version)
    {
        db.Execute("""
            create table schema_migrations (
                version    integer primary key,
                name       text not null,
                sha256     text not null,
                applied_at timestamptz not null default now())
            """);
        foreach (var migration in Migrator.All.Where(m => m.Version <= version))
        {
            db.Execute(migration.Sql);
            using var record = db.DataSource.CreateCommand("insert into schema_migrations (version, name, sha256) values ($1, $2, $3)");
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Sha256 });
            record.ExecuteNonQuery();
        }
    }
}
