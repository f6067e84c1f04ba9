using System.Text;
using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Storage.Tests;

public class ReportArchiveTests : StoreFixture
{
    private static readonly Quarter Q3 = new(2025, 3);

    [Test]
    public void Each_revision_keeps_the_report_first_issued_for_it()
    {
        ImportSamples();
        var revisions = Payout(Q3).Revisions;
        using var connection = Db.DataSource.OpenConnection();

        var first = ReportArchive.Store(connection, Reports(revisions, "first"), "key-1", development: true);
        var again = ReportArchive.Store(connection, Reports(revisions, "second"), "key-2", development: true);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(5));
            Assert.That(again, Is.Zero, "a revision's report is issued once");
            Assert.That(Db.Scalar<long>("select count(*) from payout_reports"), Is.EqualTo(5));
            Assert.That(ReportArchive.Current(connection, "HT2025-01", Q3)!.ReportHtml, Is.EqualTo("<p>first HT2025-01</p>"));
        });
    }

    [Test]
    public void Reports_of_a_new_revision_are_archived_next_to_those_of_the_old_one()
    {
        ImportSamples();
        var revisions = Payout(Q3).Revisions;
        using var connection = Db.DataSource.OpenConnection();
        ReportArchive.Store(connection, Reports(revisions, "r1"), "key", development: true);
        using var folder = new TempFolder();
        var corrected = folder.Combine("2025-07.csv");
        File.WriteAllText(corrected, File.ReadAllText(Sample("committee/2025-07.csv")).Replace("SJ,80,6,2", "SJ,99,6,2", StringComparison.Ordinal));
        Importer.Import(ImportSource.Committee, corrected);
        var rerun = Payout(Q3).Revisions;

        var stored = ReportArchive.Store(connection, Reports(rerun, "r2"), "key", development: true);

        Assert.Multiple(() =>
        {
            Assert.That(stored, Is.EqualTo(1));
            Assert.That(ReportArchive.Current(connection, "HT2025-01", Q3)!.ReportHtml, Is.EqualTo("<p>r2 HT2025-01</p>"));
            Assert.That(Db.Scalar<string>("select report_html from payout_reports where contract_id = 'HT2025-01' and revision = 1"),
                Is.EqualTo("<p>r1 HT2025-01</p>"));
        });
    }

    private static IssuedReport[] Reports(IEnumerable<RevisionOutcome> revisions, string text) =>
        revisions.Select(r => new IssuedReport(r.ContractId, r.Quarter, r.Revision, Encoding.UTF8.GetBytes($"<p>{text} {r.ContractId}</p>"),
            Encoding.UTF8.GetBytes("{}"), Encoding.UTF8.GetBytes("{}"))).ToArray();
}
