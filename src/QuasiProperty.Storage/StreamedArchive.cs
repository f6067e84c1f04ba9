using System.Collections.Concurrent;
using Npgsql;
using QuasiProperty.Reports;
using QuasiProperty.Reports.Signing;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Storage;

/// <summary>
/// Archives each revision's signed report while the other reports are still being rendered: on its
/// own connection and thread, from the moment the revisions are recorded, in one transaction that
/// stores nothing unless <see cref="Commit"/> is called once the whole output is written.
/// </summary>
internal sealed class StreamedArchive : IDisposable
{
    // Reports wait here while the revisions are recorded and whenever the database stores them slower than
    // they render; bounded, so that memory stays flat however many contracts a quarter has (a city's 7,000
    // reports are 280 MB).
    private readonly BlockingCollection<(string ContractId, SignedReport Report)> queue = new(boundedCapacity: 1024);
    private readonly CancellationTokenSource failed = new();
    private readonly Task<int> archiving;
    private volatile bool commit;

    public StreamedArchive(NpgsqlDataSource database, Task<IReadOnlyList<RevisionOutcome>> recording, Quarter quarter, SigningKey key)
    {
        archiving = Task.Factory.StartNew(() =>
        {
            try
            {
                var revisions = recording.GetAwaiter().GetResult().ToDictionary(r => r.ContractId, StringComparer.Ordinal);
                using var connection = database.OpenConnection();
                // The key first: no archived report may have a signer the portal cannot publish.
                SigningKeys.Record(connection, key.KeyId, key.PublicKeyPem, key.IsDevelopment);
                using var writer = new ReportArchiveWriter(connection, [quarter], key.KeyId, key.IsDevelopment);
                foreach (var (id, report) in queue.GetConsumingEnumerable())
                {
                    var revision = revisions[id];
                    writer.Add(new IssuedReport(id, revision.Quarter, revision.Revision, report.Html, report.Json, report.Envelope));
                }
                return commit ? writer.Commit() : 0;
            }
            catch
            {
                // Nobody takes reports off the queue any more: let those who add them go on.
                failed.Cancel();
                throw;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// Queues a report, waiting while the queue is full; safe to call from several threads at once.
    /// Once the archive has failed, reports are dropped: <see cref="Commit"/> throws its failure.
    /// </summary>
    public void Add(QuarterAssessment assessment, SignedReport report)
    {
        try
        {
            queue.Add((assessment.Contract.Id, report), failed.Token);
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested)
        {
        }
    }

    /// <summary>Stores the queued reports of revisions that have none yet; returns how many were stored.</summary>
    public int Commit()
    {
        commit = true;
        queue.CompleteAdding();
        return archiving.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        if (!queue.IsAddingCompleted) queue.CompleteAdding();
        // Uncommitted, the archive's transaction rolls back; its failure, if any, was reported by whatever made this one not commit.
        ((IAsyncResult)archiving).AsyncWaitHandle.WaitOne();
        queue.Dispose();
        failed.Dispose();
    }
}
