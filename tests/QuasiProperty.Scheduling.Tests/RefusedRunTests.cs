using System.Diagnostics;
using QuasiProperty.Testing;

namespace QuasiProperty.Scheduling.Tests;

/// <summary>
/// An input or rule problem is final: the scheduled payout fails at once with the problem, the run is marked failed,
/// Hangfire does not retry it and nothing is recorded; <c>qp jobs trigger --wait</c> says why and exits 1. A problem
/// that may pass (the database) is still retried.
/// </summary>
public class RefusedRunTests : JobsFixture
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>Retries, if there were any, would come one second apart: a refusal must not wait for them.</summary>
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["ChunkSize"] = "2", ["RetryAttempts"] = "3", ["RetryDelay"] = "00:00:01", ["SchedulePollInterval"] = "00:00:01",
    };

    [Test]
    public void A_contract_whose_rule_set_has_no_version_in_force_fails_the_run_at_once_naming_the_contract_and_rule_set()
    {
        // The worker's rules folder has lost version 1, so no version of the rule set is in force for 2025Q2.
        using var rules = new TempFolder();
        Directory.CreateDirectory(rules.Combine("chaoyangmen"));
        File.Copy(Path.Combine(TestPaths.Rules, "chaoyangmen", "v2.yaml"), rules.Combine("chaoyangmen", "v2.yaml"));
        using var worker = WorkerProcess.Start(Db.ConnectionString, Settings, rules.Path);

        var (run, elapsed) = TriggerAndWait("2025Q2");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.Output + run.Error + worker.Log);
            Assert.That(run.Error, Does.Contain("contract HT2025-01: no version of rule set 'chaoyangmen' is in force in 2025Q2"));
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromMinutes(1)), "at once, not after retries");
            AssertRefusedWithoutRetry("no version of rule set 'chaoyangmen' is in force in 2025Q2");
            Assert.That(Db.Scalar<long>("select count(*) from payout_revisions"), Is.Zero, "nothing recorded");
        });
    }

    [Test]
    public void An_edited_used_rule_version_fails_the_run_at_once_and_records_nothing()
    {
        using var output = new TempFolder();
        var first = QpRun.Of("payout", "--quarter", "2025Q3", "--as-of", AsOf, "--db", Db.ConnectionString, "--rules", TestPaths.Rules, "--out", output.Combine("out"));
        Assert.That(first.ExitCode, Is.Zero, first.Error);
        // Another copy of the rules, without versions.lock: only the database's record can tell that version 2 was edited.
        using var set = DataSet.FromSamples();
        File.Delete(Path.Combine(set.Rules, "chaoyangmen", QuasiProperty.Rules.UsedVersions.FileName));
        set.WriteRule("chaoyangmen/v2.yaml", set.ReadRule("chaoyangmen/v2.yaml").Replace("overdue_weight: 1.5", "overdue_weight: 1.25", StringComparison.Ordinal));
        using var worker = WorkerProcess.Start(Db.ConnectionString, Settings, set.Rules);
        var revisions = Db.Scalar<long>("select count(*) from payout_revisions");

        var (run, elapsed) = TriggerAndWait("2025Q3", asOf: "2026-02-01T00:00:00+08:00");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.Output + run.Error + worker.Log);
            Assert.That(run.Error, Does.Contain("a used version must never be edited"));
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromMinutes(1)), "at once, not after retries");
            AssertRefusedWithoutRetry("version 2 of 'chaoyangmen' has recorded payouts");
            Assert.That(Db.Scalar<long>("select count(*) from payout_revisions"), Is.EqualTo(revisions), "nothing recorded");
        });
    }

    [Test]
    public void A_chunk_that_fails_on_the_database_is_retried_and_the_run_completes_once_the_database_is_back()
    {
        // The archive's table of signing keys is gone for a while: the chunk's reports cannot be archived.
        Db.Execute("alter table signing_keys rename to signing_keys_away");
        using var worker = WorkerProcess.Start(Db.ConnectionString, Settings);
        var trigger = QpRun.Of("jobs", "trigger", "quarterly", "--period", "2025Q3", "--as-of", AsOf, "--db", Db.ConnectionString);
        Assert.That(trigger.ExitCode, Is.Zero, trigger.Error);

        WaitUntil(() => Db.Scalar<long>("select count(*) from hangfire.jobparameter where name = 'RetryCount'") > 0, Patience,
            "a retry of the chunk that failed on the database", () => worker.Log);
        Db.Execute("alter table signing_keys_away rename to signing_keys");
        WaitUntil(() => Db.Scalar<long>("select count(*) from quarter_ledgers") == 1, Patience, "the ledger after the retry", () => worker.Log);

        Assert.Multiple(() =>
        {
            Assert.That(Db.Scalar<long>("select count(*) from payout_run_failures"), Is.Zero, "a database failure does not mark the run failed");
            Assert.That(Db.Scalar<long>("select count(*) from payout_revisions"), Is.EqualTo(5));
            Assert.That(Db.Scalar<long>("select count(*) from payout_reports"), Is.EqualTo(5), "each revision's report archived by the retry");
        });
    }

    private (QpRun Run, TimeSpan Elapsed) TriggerAndWait(string quarter, string asOf = AsOf)
    {
        var clock = Stopwatch.StartNew();
        var run = QpRun.Of("jobs", "trigger", "quarterly", "--period", quarter, "--as-of", asOf, "--wait", "--timeout", "3", "--db", Db.ConnectionString);
        return (run, clock.Elapsed);
    }

    private void AssertRefusedWithoutRetry(string reason)
    {
        Assert.That(Db.Scalar<long>("select count(*) from hangfire.job where statename = 'Failed'"), Is.EqualTo(1), "the start job failed");
        Assert.That(Db.Scalar<long>("select count(*) from hangfire.jobparameter where name = 'RetryCount'"), Is.Zero, "and was never retried");
        Assert.That(Db.Scalar<long>("select count(*) from hangfire.job where statename in ('Scheduled', 'Enqueued')"), Is.Zero, "nor queued again");
        Assert.That(Db.Scalar<string>("select reason from payout_run_failures"), Does.Contain(reason), "the run is marked failed with the problem");
        Assert.That(Db.Scalar<long>("select count(*) from quarter_ledgers"), Is.Zero, "no ledger");
    }
}
