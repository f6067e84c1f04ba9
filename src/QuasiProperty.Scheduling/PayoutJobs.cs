using System.ComponentModel;
using Hangfire;
using Microsoft.Extensions.Logging;
using Npgsql;
using QuasiProperty.Application;
using QuasiProperty.Reports;
using QuasiProperty.Reports.Signing;
using QuasiProperty.Storage;
using QuasiProperty.Time;

namespace QuasiProperty.Scheduling;

/// <summary>
/// The quarterly payout as Hangfire jobs: a start job opens the run, applies the pipeline's refusals to
/// all its contracts, and enqueues one job per chunk of contracts; each chunk issues its contracts through
/// the pipeline into the database and marks itself done; the chunk that completes the run writes the
/// quarter's ledger. Any job may run twice, concurrently, or again after a crash: the database keys make
/// every effect happen once. An input or rule problem marks the run failed and is not retried.
/// </summary>
public sealed class PayoutJobs(
    NpgsqlDataSource database, RulesFolder rules, IBackgroundJobClient jobs, ScheduleSettings schedule, JobSettings settings,
    Templates templates, SigningKey key, TimeProvider clock, ILogger<PayoutJobs> log)
{
    /// <summary>The recurring job: the previous quarter, as of the scheduled time.</summary>
    [DisplayName("Quarterly payout (scheduled)")]
    public long Scheduled()
    {
        var asOf = Periods.LatestOccurrence(schedule.QuarterlyCron, schedule.Zone, clock.GetUtcNow());
        return Start(Periods.PreviousQuarter(asOf, schedule.Zone).ToString(), asOf, "schedule");
    }

    [DisplayName("Quarterly payout {0} as of {1}")]
    public long Start(string quarter, DateTimeOffset asOf, string requestedBy)
    {
        using var connection = database.OpenConnection();
        var run = PayoutRuns.Open(connection, Quarter.Parse(quarter), asOf, requestedBy, settings.ChunkSize);
        // Refused here, before any chunk is queued, rather than by every chunk: nothing is recorded.
        FailRunOnRefusal(connection, run.RunId, () => new QuarterPipeline(new StoreInputs(database), rules).Check(new QuarterRequest(run.Quarter, asOf)));
        PayoutRuns.ClearFailure(connection, run.RunId);
        var pending = PayoutRuns.PendingChunks(connection, run.RunId);
        foreach (var chunk in pending) jobs.Enqueue<PayoutJobs>(j => j.Chunk(run.RunId, chunk));
        if (run.Chunks == 0) PayoutRuns.TryFinish(connection, run.RunId);
        Log.RunOpened(log, run.RunId, quarter, asOf, run.Contracts, pending.Length, run.Chunks);
        return run.RunId;
    }

    [DisplayName("Quarterly payout run {0}, chunk {1}")]
    public void Chunk(long runId, int chunk)
    {
        using var connection = database.OpenConnection();
        var run = PayoutRuns.Get(connection, runId);
        var contracts = PayoutRuns.ChunkContracts(connection, runId, chunk);
        var created = 0;
        FailRunOnRefusal(connection, runId, () =>
        {
            var pipeline = new QuarterPipeline(new StoreInputs(database), rules);
            var assessed = pipeline.Assess(new QuarterRequest(run.Quarter, run.AsOf) { Contracts = contracts });
            foreach (var gone in contracts.Except(assessed.Result.Assessments.Select(a => a.Contract.Id), StringComparer.Ordinal))
            {
                Log.ContractGone(log, gone, runId, run.Quarter.ToString());
            }
            using var revisions = new RevisionSink(database, $"run {runId}", key);
            using var paced = new PacedSink(revisions, settings.PauseBetweenContracts, clock);
            pipeline.Issue(assessed, new ReportSigning(templates, key), paced);
            created = revisions.Revisions.Count(r => r.Created);
        });
        var ledger = PayoutRuns.CompleteChunk(connection, runId, chunk);
        Log.ChunkDone(log, runId, chunk, contracts.Length, created, ledger is not null);
    }

    /// <summary>
    /// Runs a step of the run; an input or rule problem marks the run failed with its message and fails the job,
    /// which Hangfire does not retry (<see cref="SchedulingServices"/>): retrying cannot help until the files are fixed.
    /// </summary>
    private void FailRunOnRefusal(NpgsqlConnection connection, long runId, Action step)
    {
        try
        {
            step();
        }
        catch (InvalidInputException e)
        {
            PayoutRuns.Fail(connection, runId, e.Message);
            Log.RunRefused(log, runId, e.Message);
            throw;
        }
    }
}
