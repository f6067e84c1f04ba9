using QuasiProperty.Testing;

namespace QuasiProperty.Scheduling.Tests;

/// <summary>The quarterly payout through Hangfire on real worker processes and a real database.</summary>
public class DistributedPayoutTests : JobsFixture
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Test]
    public void A_triggered_quarterly_run_completes_and_its_ledger_equals_qp_assess()
    {
        using var worker = WorkerProcess.Start(Db.ConnectionString, new Dictionary<string, string> { ["ChunkSize"] = "2" });
        using var folder = new TempFolder();

        var run = QpRun.Of("jobs", "trigger", "quarterly", "--period", "2025Q3", "--as-of", AsOf, "--wait", "--timeout", "2",
            "--out", folder.Combine("out"), "--db", Db.ConnectionString);

        Assert.That(run.ExitCode, Is.Zero, run.Error + worker.Log);
        var (ledger, months) = FileModeOutput("2025Q3");
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllBytes(folder.Combine("out", "ledger.csv")), Is.EqualTo(ledger));
            Assert.That(File.ReadAllBytes(folder.Combine("out", "months.csv")), Is.EqualTo(months));
            Assert.That(run.Output, Does.Contain("total payout           504,063.52 CNY"));
            Assert.That(Db.Scalar<long>("select count(*) from payout_run_chunks"), Is.EqualTo(3), "5 contracts in chunks of 2");
        });
    }

    [Test]
    public void Two_workers_running_the_same_quarter_at_the_same_time_record_one_revision_per_contract()
    {
        var settings = new Dictionary<string, string> { ["ChunkSize"] = "1", ["WorkerCount"] = "4" };
        using var first = WorkerProcess.Start(Db.ConnectionString, settings);
        using var second = WorkerProcess.Start(Db.ConnectionString, settings);

        // Finance presses "run it now" twice at once: two start jobs, each enqueuing every chunk.
        var triggers = Enumerable.Range(0, 2)
            .Select(_ => Task.Run(() => QpRun.Of("jobs", "trigger", "quarterly", "--period", "2025Q3", "--as-of", AsOf, "--db", Db.ConnectionString)))
            .ToArray();
        Task.WaitAll(triggers);
        Assert.That(triggers.Select(t => t.Result.ExitCode), Is.All.Zero);
        WaitUntil(() => Db.Scalar<long>("select count(*) from quarter_ledgers") == 1 && QueueIsIdle(), Patience, "the run's ledger",
            () => first.Log + second.Log);

        Assert.Multiple(() =>
        {
            Assert.That(Db.Scalar<long>("select count(*) from payout_runs"), Is.EqualTo(1), "the same quarter and as-of is the same run");
            Assert.That(Db.Scalar<long>("select count(*) from payout_revisions"), Is.EqualTo(5), "one revision per contract");
            Assert.That(Db.Scalar<int>("select max(revision) from payout_revisions"), Is.EqualTo(1));
            Assert.That(Db.Scalar<long>("select count(*) from quarter_ledgers"), Is.EqualTo(1));
            Assert.That(Db.Scalar<long>("select count(distinct server_name) from (select split_part(id, ':', 2) as server_name from hangfire.server) s"),
                Is.EqualTo(2), "both worker processes took part as Hangfire servers");
            Assert.That(System.Text.Encoding.UTF8.GetBytes(Db.Scalar<string>("select ledger_csv from quarter_ledgers")), Is.EqualTo(FileModeOutput("2025Q3").Ledger));
        });
    }

    [Test]
    public void A_worker_killed_in_the_middle_of_a_run_leaves_the_rest_to_another_and_nothing_is_missing_or_doubled()
    {
        // Slow enough to kill mid-chunk; short invisibility so the killed worker's chunk is taken again quickly.
        var settings = new Dictionary<string, string>
        {
            ["ChunkSize"] = "2", ["WorkerCount"] = "1", ["PauseBetweenContracts"] = "00:00:01.5", ["InvisibilityTimeout"] = "00:00:05",
        };
        using var doomed = WorkerProcess.Start(Db.ConnectionString, settings);
        var trigger = QpRun.Of("jobs", "trigger", "quarterly", "--period", "2025Q3", "--as-of", AsOf, "--db", Db.ConnectionString);
        Assert.That(trigger.ExitCode, Is.Zero, trigger.Error);

        WaitUntil(() => Db.Scalar<long>("select count(*) from payout_revisions") >= 1, Patience, "the first revision", () => doomed.Log);
        doomed.Kill();
        var recordedBeforeKill = Db.Scalar<long>("select count(*) from payout_revisions");
        Assert.That(Db.Scalar<long>("select count(*) from quarter_ledgers"), Is.Zero, "killed in the middle, not after the end");

        using var survivor = WorkerProcess.Start(Db.ConnectionString, settings);
        WaitUntil(() => Db.Scalar<long>("select count(*) from quarter_ledgers") == 1, Patience, "the ledger after the kill", () => survivor.Log);

        Assert.Multiple(() =>
        {
            Assert.That(recordedBeforeKill, Is.LessThan(5));
            Assert.That(Db.Scalar<long>("select count(*) from payout_revisions"), Is.EqualTo(5), "nothing missing");
            Assert.That(Db.Scalar<int>("select max(revision) from payout_revisions"), Is.EqualTo(1), "nothing doubled");
            Assert.That(Db.Scalar<long>("select count(*) from payout_run_chunks_done"), Is.EqualTo(3));
            Assert.That(System.Text.Encoding.UTF8.GetBytes(Db.Scalar<string>("select ledger_csv from quarter_ledgers")), Is.EqualTo(FileModeOutput("2025Q3").Ledger));
        });
    }

    private bool QueueIsIdle() =>
        Db.Scalar<long>("select count(*) from hangfire.job where statename in ('Enqueued', 'Processing', 'Scheduled')") == 0;
}
