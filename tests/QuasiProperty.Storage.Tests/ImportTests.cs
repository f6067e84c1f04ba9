using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Storage.Tests;

public class ImportTests : StoreFixture
{
    [Test]
    public void A_file_with_one_bad_row_leaves_the_database_exactly_as_before()
    {
        ImportSamples();
        var before = Db.Fingerprint();
        using var folder = new TempFolder();
        var lines = File.ReadAllLines(Sample("surveys/2025-04.csv"));
        lines[^1] = lines[^1][..lines[^1].LastIndexOf(',')] + ",7"; // an answer out of range on the last line
        var bad = folder.Combine("2025-04.csv");
        File.WriteAllLines(bad, lines);

        var outcome = Importer.Import(ImportSource.Surveys, bad);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(ImportStatus.Rejected));
            Assert.That(outcome.Problems.Single().ToString(), Does.EndWith($"2025-04.csv:{lines.Length}: convenience: must be a whole number from 1 to 5, or empty when not answered; it is '7'"));
            Assert.That(Db.Fingerprint(), Is.EqualTo(before));
        });
    }

    [Test]
    public void Importing_the_same_file_again_is_reported_and_changes_nothing()
    {
        ImportSamples();
        var before = Db.Fingerprint();

        var again = Importer.Import(ImportSource.Grid, Sample("grid/2025-07.csv"));

        Assert.Multiple(() =>
        {
            Assert.That(again.Status, Is.EqualTo(ImportStatus.AlreadyImported));
            Assert.That(again.Previous!.FileName, Is.EqualTo("2025-07.csv"));
            Assert.That(Db.Fingerprint(), Is.EqualTo(before));
        });
    }

    [Test]
    public void A_corrected_file_replaces_that_months_rows_and_both_imports_stay_in_the_log()
    {
        ImportSamples();
        using var folder = new TempFolder();
        var corrected = folder.Combine("2025-07.csv");
        File.WriteAllText(corrected, "community_id,rating,issues_raised,issues_unresolved\nSJ,99,6,2\nLS,70,1,1\n");

        var outcome = Importer.Import(ImportSource.Committee, corrected);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(ImportStatus.Replaced));
            Assert.That(outcome.Rows, Is.EqualTo(2));
            Assert.That(Db.Scalar<long>("select count(*) from committee_reports where month = '2025-07'"), Is.EqualTo(2));
            Assert.That(Db.Scalar<decimal>("select rating from committee_reports where month = '2025-07' and community_id = 'SJ'"), Is.EqualTo(99m));
            Assert.That(Db.Scalar<long>("select count(*) from committee_reports where month = '2025-06'"), Is.EqualTo(5), "other months untouched");
            Assert.That(Db.Scalar<long>("select count(*) from imports where source = 'committee' and month = '2025-07'"), Is.EqualTo(2));
            Assert.That(Db.Scalar<long>("select import_id from current_imports where source = 'committee' and month = '2025-07'"), Is.EqualTo(outcome.ImportId));
        });
    }

    [Test]
    public void The_import_log_records_who_when_what_and_how_many_rows()
    {
        var outcome = Importer.Import(ImportSource.Communities, Sample("communities.csv"));
        var entry = ImportLog.All(Db.DataSource.OpenConnection()).Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.ImportId, Is.EqualTo(outcome.ImportId));
            Assert.That(entry.Source, Is.EqualTo("communities"));
            Assert.That(entry.FileName, Is.EqualTo("communities.csv"));
            Assert.That(entry.Sha256, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Sample("communities.csv"))))));
            Assert.That(entry.Rows, Is.EqualTo(5));
            Assert.That(entry.ImportedBy, Is.EqualTo("test"));
            Assert.That(entry.ImportedAt, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(5)));
        });
    }

    [Test]
    public void The_import_log_cannot_be_rewritten()
    {
        ImportSamples();
        Assert.Multiple(() =>
        {
            Assert.That(() => Db.Execute("update imports set imported_by = 'someone else'"), Throws.Exception.With.Message.Contains("permanent record"));
            Assert.That(() => Db.Execute("delete from imports"), Throws.Exception.With.Message.Contains("permanent record"));
        });
    }

    [Test]
    public void Monthly_rows_are_checked_against_the_stored_communities_with_file_mode_messages()
    {
        Importer.Import(ImportSource.Communities, Sample("communities.csv"));
        using var folder = new TempFolder();
        var file = folder.Combine("2025-04.csv");
        File.WriteAllText(file, "community_id,rating,issues_raised,issues_unresolved\nNOPE,80,1,0\n");

        var outcome = Importer.Import(ImportSource.Committee, file);

        Assert.That(outcome.Problems.Single().ToString(), Does.EndWith("2025-04.csv:2: community_id: 'NOPE' is not a community in communities.csv"));
    }

    [Test]
    public void A_monthly_file_must_be_named_after_its_month()
    {
        var outcome = Importer.Import(ImportSource.Grid, Sample("communities.csv"));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(ImportStatus.Rejected));
            Assert.That(outcome.Problems.Single().Message, Does.Contain("must be named YYYY-MM.csv"));
        });
    }

    [Test]
    public void Replacing_the_communities_cannot_drop_one_that_stored_data_still_uses()
    {
        ImportSamples();
        var before = Db.Fingerprint();
        using var folder = new TempFolder();
        var file = folder.Combine("communities.csv");
        File.WriteAllLines(file, File.ReadAllLines(Sample("communities.csv")).Where(l => !l.StartsWith("XX,", StringComparison.Ordinal)));

        var outcome = Importer.Import(ImportSource.Communities, file);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(ImportStatus.Rejected));
            Assert.That(outcome.Problems.Single().Message, Does.Contain("XX"));
            Assert.That(Db.Fingerprint(), Is.EqualTo(before));
        });
    }

    [Test]
    public void Each_survey_month_is_stored_with_the_sums_of_its_counted_responses()
    {
        ImportSamples();
        // The database's own sums of the stored answers, as migration 0008 computes them for older stores.
        const string summed = """
            select string_agg(concat_ws(' ', month, community_id, pattern, sums::text), '; ' order by month, community_id, pattern) from (
                select month, community_id,
                       (cleaning is not null)::int + 2 * (greening is not null)::int + 4 * ("order" is not null)::int + 8 * (convenience is not null)::int as pattern,
                       array[count(*), coalesce(sum(cleaning - 1), 0), coalesce(sum(greening - 1), 0), coalesce(sum("order" - 1), 0),
                             coalesce(sum(convenience - 1), 0), coalesce(sum((cleaning - 1) * (cleaning - 1)), 0),
                             coalesce(sum((cleaning - 1) * (greening - 1)), 0), coalesce(sum((cleaning - 1) * ("order" - 1)), 0),
                             coalesce(sum((cleaning - 1) * (convenience - 1)), 0), coalesce(sum((greening - 1) * (greening - 1)), 0),
                             coalesce(sum((greening - 1) * ("order" - 1)), 0), coalesce(sum((greening - 1) * (convenience - 1)), 0),
                             coalesce(sum(("order" - 1) * ("order" - 1)), 0), coalesce(sum(("order" - 1) * (convenience - 1)), 0),
                             coalesce(sum((convenience - 1) * (convenience - 1)), 0)] as sums
                from survey_responses s
                where not exists (select from replaced_survey_answers r where r.month = s.month and r.line = s.line)
                group by 1, 2, 3) x
            """;
        const string stored = "select string_agg(concat_ws(' ', month, community_id, pattern, sums::text), '; ' order by month, community_id, pattern) from survey_tallies";

        Assert.Multiple(() =>
        {
            Assert.That(Db.Scalar<string>(stored), Is.EqualTo(Db.Scalar<string>(summed)));
            Assert.That(Db.Scalar<long>("select sum(sums[1])::bigint from survey_tallies where month = '2025-05'"),
                Is.EqualTo(Db.Scalar<long>("select count(*) from survey_responses where month = '2025-05'") - 1), "the replaced answer does not count");
            Assert.That(Db.Scalar<long>("select count(distinct import_id) from survey_tallies where month = '2025-05'"), Is.EqualTo(1));
        });
    }

    [Test]
    public void A_household_answering_twice_is_stored_with_only_the_later_answer_counting()
    {
        ImportSamples();
        Assert.Multiple(() =>
        {
            Assert.That(Db.Scalar<string>("select string_agg(concat_ws(' ', month, line), '; ') from replaced_survey_answers"), Is.EqualTo("2025-05 8"));
            Assert.That(Db.Scalar<string>("select household_ref from survey_responses where month = '2025-05' and line = 8"),
                Is.EqualTo(Db.Scalar<string>("select household_ref from survey_responses where month = '2025-05' and line = 70")), "line 70 answered again");
        });
    }

    // The importer stores the text of a row as the parser hands it over, without making strings of it:
    // quoted values with doubled quotes, commas and Chinese must arrive as they are meant, each cell its own.
    [TestCase(ImportSource.Surveys, """"
        response_id,community_id,household_ref,cleaning,greening,order,convenience
        "S ""1""",SJ,"h,""甲""",4,4,4,4
        S2,"LS",户-2,,5,"3",2
        """", "select string_agg(response_id || '|' || community_id || '|' || household_ref, '; ' order by line) from survey_responses where month = '2026-01'",
        "S \"1\"|SJ|h,\"甲\"; S2|LS|户-2")]
    [TestCase(ImportSource.Grid, """"
        incident_id,community_id,category,reported_at,due_at,closed_at
        "G,""1""",SJ,"垃圾 ""满溢""",2026-01-02T08:00:00,2026-01-03T08:00:00,
        G2,LS,GARBAGE,2026-01-02T09:00:00,"2026-01-03T08:00:00",2026-01-02T10:00:00
        """", "select string_agg(incident_id || '|' || community_id || '|' || category, '; ' order by line) from grid_incidents where month = '2026-01'",
        "G,\"1\"|SJ|垃圾 \"满溢\"; G2|LS|GARBAGE")]
    public void Quoted_cells_are_stored_as_the_file_means_them(ImportSource source, string text, string storedQuery, string stored)
    {
        ImportSamples();
        using var folder = new TempFolder();
        var file = folder.Combine("2026-01.csv");
        File.WriteAllText(file, text + "\n");

        var outcome = Importer.Import(source, file);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(ImportStatus.Imported), string.Join("; ", outcome.Problems));
            Assert.That(Db.Scalar<string>(storedQuery), Is.EqualTo(stored));
        });
    }

    [Test]
    public void Migrating_twice_and_from_two_processes_at_once_applies_each_migration_once()
    {
        using var fresh = TestDatabase.Create(migrate: false);
        var runs = Enumerable.Range(0, 4).Select(_ => Task.Run(() => Migrator.Migrate(fresh.DataSource))).ToArray();
        Task.WaitAll(runs);

        Assert.Multiple(() =>
        {
            Assert.That(runs.Sum(r => r.Result.Count), Is.EqualTo(Migrator.All.Count), "each migration applied by exactly one of them");
            Assert.That(Migrator.Migrate(fresh.DataSource), Is.Empty, "a later run finds nothing to do");
            Assert.That(fresh.Scalar<long>("select count(*) from schema_migrations"), Is.EqualTo(Migrator.All.Count));
        });
    }
}
