using Npgsql;
using QuasiProperty.Reports;
using QuasiProperty.Reports.Signing;
using QuasiProperty.Storage;
using QuasiProperty.Testing;

namespace QuasiProperty.Storage.Tests;

/// <summary>The bounded queue between <c>qp payout</c>'s report renderers and the connection that archives the reports.</summary>
public class StreamedArchiveTests
{
    [Test]
    public void When_the_archive_fails_adding_reports_goes_on_and_committing_reports_the_failure()
    {
        using var set = DataSet.FromSamples();
        var result = set.Assess();
        // Never opened: the recording the archive waits for has already failed.
        using var database = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1");
        using var key = SigningKey.Generate(development: true);
        var recording = Task.FromException<IReadOnlyList<RevisionOutcome>>(new NpgsqlException("the connection was lost"));
        using var archive = new StreamedArchive(database, recording, result.Quarter, key);
        var report = new SignedReport([1], [2], [3]);

        var adding = Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++) archive.Add(result.Assessments[i % result.Assessments.Count], report);
        });

        Assert.Multiple(() =>
        {
            Assert.That(adding.Wait(TimeSpan.FromMinutes(1)), Is.True, "5,000 reports into a queue of 1,024 that nobody empties any more");
            Assert.That(() => archive.Commit(), Throws.InstanceOf<NpgsqlException>().With.Message.Contains("connection was lost"));
        });
    }
}
