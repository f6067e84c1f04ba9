using Npgsql;
using QuasiProperty.Application;
using QuasiProperty.Reports;
using QuasiProperty.Reports.Signing;
using QuasiProperty.Scoring;

namespace QuasiProperty.Storage;

/// <summary>
/// Records an issued quarter in the database: a new payout revision for each contract whose inputs or rules
/// changed (in one transaction, started as soon as the working documents exist), and with a signing key the
/// report first issued for each revision (archived in another transaction while the reports are rendered).
/// Uncommitted, the archive stores nothing; revisions already recorded stay, and a later run archives their reports.
/// </summary>
/// <param name="computedBy">Who or what is recorded as having computed the revisions.</param>
/// <param name="key">The key the reports are signed with; null when the run issues no reports.</param>
public sealed class RevisionSink(NpgsqlDataSource database, string computedBy, SigningKey? key) : IQuarterSink
{
    private Task<IReadOnlyList<RevisionOutcome>>? recording;
    private StreamedArchive? archive;

    public bool NeedsDocuments => true;

    /// <summary>What recording did for each contract, in contract order; once committed.</summary>
    public IReadOnlyList<RevisionOutcome> Revisions { get; private set; } = [];

    /// <summary>How many reports the commit archived (revisions that already had one keep it).</summary>
    public int Archived { get; private set; }

    public void Open(QuarterResult result, IReadOnlyDictionary<string, byte[]>? documents)
    {
        if (documents is null) throw new ArgumentNullException(nameof(documents), "a revision records its working document");
        var payouts = result.Assessments.Select(a => new AssessedPayout(a, documents[a.Contract.Id])).ToArray();
        recording = Task.Factory.StartNew(() =>
        {
            using var connection = database.OpenConnection();
            return PayoutRevisions.Record(connection, payouts, result.AsOf, computedBy);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (key is not null) archive = new StreamedArchive(database, recording, result.Quarter, key);
    }

    public void Add(QuarterAssessment assessment, SignedReport report) =>
        (archive ?? throw new InvalidOperationException("reports need a signing key to be archived")).Add(assessment, report);

    /// <summary>Waits for the revisions, recorded in their own transaction, while the archive goes on storing reports.</summary>
    public void Prepare(QuarterResult result) =>
        Revisions = (recording ?? throw new InvalidOperationException("the sink was not opened")).GetAwaiter().GetResult();

    public void Commit()
    {
        if (archive is not null) Archived = archive.Commit();
    }

    public void Dispose()
    {
        archive?.Dispose();
        // A recording still under way ends on its own, committed or not; its failure, if any, is the run's failure already.
        if (recording is not null) ((IAsyncResult)recording).AsyncWaitHandle.WaitOne();
    }
}
