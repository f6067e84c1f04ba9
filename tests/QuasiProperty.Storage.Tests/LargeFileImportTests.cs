using System.Globalization;
using System.Text;
using Npgsql;
using QuasiProperty.Inputs;
using QuasiProperty.Scoring;
using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Storage.Tests;

/// <summary>
/// Files large enough that most of their rows are already on their way to PostgreSQL when the file
/// turns out to be rejected, replaced or cut off: what is stored must still be all of a file or none.
/// </summary>
public class LargeFileImportTests : StoreFixture
{
    private static readonly string[] Communities = ["SJ", "LS", "ZG", "CX", "XX"];

    [Test]
    public void A_file_rejected_on_its_last_line_stores_none_of_the_rows_before_it()
    {
        ImportSamples();
        var before = Db.Fingerprint();
        using var folder = new TempFolder();
        var file = SurveyFile(folder, "2025-04", 100_000, lastLine: "S2504-LAST,SJ,h-SJ-LAST,4,4,4,9");

        var outcome = Importer.Import(ImportSource.Surveys, file);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(ImportStatus.Rejected));
            Assert.That(outcome.Problems.Single().ToString(), Does.EndWith(
                "2025-04.csv:100002: convenience: must be a whole number from 1 to 5, or empty when not answered; it is '9'"));
            Assert.That(Db.Fingerprint(), Is.EqualTo(before), "no rows, no half-loaded table, the earlier 2025-04 rows intact");
        });
    }

    [Test]
    public void A_corrected_survey_month_replaces_the_month_and_reads_back_as_the_new_file()
    {
        ImportSamples();
        var april = Db.Fingerprint().Split('\n').Single(t => t.StartsWith("survey_responses_2025_04:", StringComparison.Ordinal));
        using var folder = new TempFolder();
        // The last household answers again: its first answer is replaced.
        var file = SurveyFile(folder, "2025-05", 30_000, lastLine: "S2505-LAST,LS,h-LS-00000001,1,1,1,1");

        var outcome = Importer.Import(ImportSource.Surveys, file);

        using var connection = Db.DataSource.OpenConnection();
        var reference = StoredInputs.LoadReference(connection);
        var storedMonth = StoredInputs.LoadMonths(connection, null, [Month.Parse("2025-05")], reference, AsOf, communities: null).Single();
        var stored = reference.Communities.Select(c => storedMonth.For(c).Survey).ToArray();
        var read = QuasiProperty.Inputs.SurveyFile.Read(file, "2025-05.csv", reference).Data!.Tallies;
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(ImportStatus.Replaced));
            Assert.That(outcome.Rows, Is.EqualTo(30_001));
            Assert.That(Db.Scalar<long>("select count(*) from survey_responses where month = '2025-05'"), Is.EqualTo(30_001));
            Assert.That(Db.Scalar<long>("select count(distinct import_id) from survey_responses where month = '2025-05'"), Is.EqualTo(1));
            Assert.That(Db.Scalar<string>("select string_agg(line::text, ' ') from replaced_survey_answers where month = '2025-05'"), Is.EqualTo("3"));
            Assert.That(stored.Select(Bytes), Is.EqualTo(read.Select(Bytes)), "the tallies a payout reads are those of the new file");
            Assert.That(Db.Fingerprint().Split('\n'), Does.Contain(april), "other months untouched");
        });
    }

    [Test]
    public void An_import_cut_off_while_its_rows_are_being_sent_leaves_nothing_half_written()
    {
        ImportSamples();
        var before = Db.Fingerprint();
        using var folder = new TempFolder();
        var file = SurveyFile(folder, "2025-06", 300_000);
        var cutOff = new CutOffImport(Db.DataSource);

        Assert.That(() => Importer.Import(ImportSource.Surveys, file, cutOff), Throws.InstanceOf<NpgsqlException>());
        Assert.Multiple(() =>
        {
            Assert.That(cutOff.Happened, Is.True, "the import's connection was cut while its COPY ran");
            Assert.That(Db.Fingerprint(), Is.EqualTo(before));
        });
    }

    [Test]
    public void A_large_grid_month_is_stored_row_for_row()
    {
        ImportSamples();
        using var folder = new TempFolder();
        var file = folder.Combine("2025-05.csv");
        var text = new StringBuilder("incident_id,community_id,category,reported_at,due_at,closed_at\n");
        for (var i = 0; i < 50_000; i++)
        {
            var closed = i % 3 == 0 ? "" : "2025-05-09T10:00:00+08:00";
            text.Append(CultureInfo.InvariantCulture, $"G2505-{i:D6},{Communities[i % 5]},GARBAGE,2025-05-02T08:{i % 60:D2}:00,2025-05-04T08:00:00,{closed}\n");
        }
        File.WriteAllText(file, text.ToString());

        var outcome = Importer.Import(ImportSource.Grid, file);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(ImportStatus.Replaced));
            Assert.That(Db.Scalar<long>("select count(*) from grid_incidents where month = '2025-05'"), Is.EqualTo(50_000));
            Assert.That(Db.Scalar<long>("select count(*) from grid_incidents where month = '2025-05' and closed_at is null"), Is.EqualTo(16_667));
            Assert.That(Db.Scalar<string>("""
                select incident_id || ' ' || line || ' ' || community_id || ' ' || category || ' ' || to_char(reported_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI') || ' ' || to_char(closed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI')
                from grid_incidents where month = '2025-05' and line = 50001
                """), Is.EqualTo("G2505-049999 50001 XX GARBAGE 2025-05-02T08:19 2025-05-09T02:00"));
        });
    }

    /// <summary>A survey month of the samples' communities with distinct ids and households, and optionally one more line at the end.</summary>
    private static string SurveyFile(TempFolder folder, string month, int rows, string? lastLine = null)
    {
        var path = folder.Combine($"{month}.csv");
        using var writer = new StreamWriter(path);
        writer.Write("response_id,community_id,household_ref,cleaning,greening,order,convenience\n");
        for (var i = 0; i < rows; i++)
        {
            var community = Communities[i % Communities.Length];
            var greening = i % 7 == 0 ? "" : (1 + i % 5).ToString(CultureInfo.InvariantCulture);
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"S{month.Replace("-", "", StringComparison.Ordinal)[2..]}-{i:D8},{community},h-{community}-{i:D8},{1 + i % 5},{greening},{1 + i / 5 % 5},{1 + i / 25 % 5}\n"));
        }
        if (lastLine is not null) writer.Write(lastLine + "\n");
        return path;
    }

    private static byte[]? Bytes(SurveyTally? tally)
    {
        if (tally is null) return null;
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream)) tally.WriteTo(writer);
        return stream.ToArray();
    }

    /// <summary>
    /// When the reader reports its first progress, ends the import's connection from the server side,
    /// as PostgreSQL does when the importing process is killed or its connection drops.
    /// </summary>
    private sealed class CutOffImport(NpgsqlDataSource database) : IProgress<long>
    {
        public bool Happened { get; private set; }

        public void Report(long value)
        {
            if (Happened) return;
            using var command = database.CreateCommand("""
                select coalesce(bool_or(pg_terminate_backend(pid)), false) from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid() and query ilike 'copy %'
                """);
            Happened = (bool)command.ExecuteScalar()!;
        }
    }
}
