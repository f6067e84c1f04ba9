using System.ComponentModel;
using Hangfire;
using Microsoft.Extensions.Logging;
using Npgsql;
using QuasiProperty.Outputs;
using QuasiProperty.Reports;
using QuasiProperty.Reports.Signing;
using QuasiProperty.Scoring;
using QuasiProperty.Storage;
using QuasiProperty.Time;

namespace QuasiProperty.Scheduling;

/// <summary>
/// The quarterly payout as Hangfire jobs: a start job opens the run and enqueues one job per chunk
/// of contracts; each chunk records its contracts' revisions and marks itself done; the chunk that
/// completes the run writes the quarter's ledger. Any job may run twice, concurrently, or again
/// after a crash: the database keys make every effect happen once.
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
        var contractIds = PayoutRuns.ChunkContracts(connection, runId, chunk);
        var book = rules.Load();

        var (reference, months) = Snapshot.Read(database, run.Quarter.Months, run.AsOf, contractIds);
        var history = EarlierMonths(reference, book, run, contractIds);
        var assessed = new List<(AssessedPayout Payout, SignedReport Report)>();
        foreach (var id in contractIds)
        {
            var contract = reference.Contracts.FirstOrDefault(c => c.Id == id);
            if (contract is null || !contract.IsActiveIn(run.Quarter))
            {
                Log.ContractGone(log, id, runId, run.Quarter.ToString());
                continue;
            }
            var community = reference.Community(contract.CommunityId);
            var version = book.InForce(contract.RuleSet, run.Quarter)
                ?? throw new InvalidOperationException($"no version of rule set '{contract.RuleSet}' is in force in {run.Quarter}");
            var assessment = Assessor.AssessContract(contract, community, version, run.Quarter, months);
            var company = reference.Company(contract.CompanyId);
            var working = AssessmentDocument.Write(assessment, company, run.AsOf);
            var report = SignedReports.Sign(assessment, company, run.AsOf, history.GetValueOrDefault(id, []), working, templates, key);
            assessed.Add((new AssessedPayout(assessment, working), report));
            if (settings.PauseBetweenContracts > TimeSpan.Zero) Thread.Sleep(settings.PauseBetweenContracts);
        }

        // The chunk's revisions in one transaction, then their reports in another: a crash in between
        // leaves revisions whose reports the job's next attempt archives, as it finds them unchanged.
        var revisions = PayoutRevisions.Record(connection, assessed.Select(x => x.Payout).ToArray(), run.AsOf, $"run {runId}");
        // The key first: no archived report may have a signer the portal cannot publish.
        SigningKeys.Record(connection, key.KeyId, key.PublicKeyPem, key.IsDevelopment);
        ReportArchive.Store(connection,
            revisions.Select((r, i) => new IssuedReport(r.ContractId, r.Quarter, r.Revision, assessed[i].Report.Html, assessed[i].Report.Json,
                assessed[i].Report.Envelope)).ToArray(),
            key.KeyId, key.IsDevelopment);
        var created = revisions.Count(r => r.Created);

        var ledger = PayoutRuns.CompleteChunk(connection, runId, chunk);
        Log.ChunkDone(log, runId, chunk, contractIds.Length, created, ledger is not null);
    }

    /// <summary>The months of the three earlier quarters for the chunk's contracts, for their reports' charts.</summary>
    private Dictionary<string, IReadOnlyList<MonthAssessment>> EarlierMonths(
        Model.ReferenceData reference, Rules.RuleBook book, PayoutRunInfo run, string[] contractIds)
    {
        var quarters = History.Before(run.Quarter).ToArray();
        var (_, months) = Snapshot.Read(database, quarters.SelectMany(q => q.Months), run.AsOf, contractIds);
        var earlier = quarters.Select(q => (q, (IReadOnlyList<MonthInputs>)months.Where(m => m.Month.Quarter == q).ToArray()));
        return History.Assess(reference, book, reference.Contracts.Where(c => contractIds.Contains(c.Id)), earlier);
    }
}
