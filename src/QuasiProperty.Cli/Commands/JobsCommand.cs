using System.CommandLine;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Configuration;
using QuasiProperty.Outputs;
using QuasiProperty.Scheduling;
using QuasiProperty.Storage;
using QuasiProperty.Time;

namespace QuasiProperty.Cli.Commands;

/// <summary><c>qp jobs trigger</c>: finance's "run it now", through the same queue as the schedule.</summary>
internal static class JobsCommand
{
    public static Command Create(TextWriter output, TextWriter error, TimeProvider clock)
    {
        var kind = new Argument<string>("KIND") { Description = "monthly (interim month scorecards) or quarterly (the payout)." };
        kind.AcceptOnlyFromAmong("monthly", "quarterly");
        var period = new Option<string>("--period", "-p") { Description = "The month (YYYY-MM) or quarter (YYYYQn).", Required = true, HelpName = "PERIOD" };
        var asOf = Options.AsOf();
        var wait = new Option<bool>("--wait") { Description = "Wait until the job has finished (a worker or 'qp serve' must be running), then print the result." };
        var timeout = new Option<int>("--timeout") { Description = "With --wait: give up after this many minutes. Default: 30.", DefaultValueFactory = _ => 30 };
        var outDir = new Option<string?>("--out") { Description = "With --wait for a quarter: write its ledger.csv, months.csv and contracts/ here.", HelpName = "DIR" };
        var db = Settings.DatabaseOption();
        var trigger = new Command("trigger",
            "Queue a monthly scorecard or quarterly payout run now. It runs on whichever worker takes it, exactly as the " +
            "scheduled run would; a quarter triggered twice with the same --as-of is the same run and pays once.")
        {
            kind, period, asOf, wait, timeout, outDir, db,
        };
        trigger.SetAction(parse => Database.Run(error, () =>
        {
            var connectionString = Settings.ConnectionString(parse.GetValue(db));
            var jobs = Settings.Root.GetSection("QuasiProperty:Jobs").Get<JobSettings>() ?? new JobSettings();
            var client = SchedulingServices.Client(connectionString, jobs);
            var at = parse.GetValue(asOf) ?? clock.GetUtcNow();
            var text = parse.GetValue(period)!;
            string jobId;
            if (parse.GetValue(kind) == "quarterly")
            {
                if (!Quarter.TryParse(text, out var quarter)) return Usage(error, $"'{text}' is not a quarter; write it as YYYYQn, e.g. 2025Q2");
                jobId = client.Enqueue<PayoutJobs>(j => j.Start(quarter.ToString(), at, Settings.User));
                output.WriteLine($"Queued the {quarter} payout as of {ChinaTime.Format(at)} (job {jobId}).");
                return parse.GetValue(wait)
                    ? WaitForLedger(connectionString, jobs, jobId, quarter, at, TimeSpan.FromMinutes(parse.GetValue(timeout)), parse.GetValue(outDir), output, error, clock)
                    : ExitCodes.Done;
            }
            if (!Month.TryParse(text, out var month)) return Usage(error, $"'{text}' is not a month; write it as YYYY-MM, e.g. 2025-06");
            jobId = client.Enqueue<ScorecardJobs>(j => j.Run(month.ToString(), at, Settings.User));
            output.WriteLine($"Queued the {month} scorecards as of {ChinaTime.Format(at)} (job {jobId}).");
            if (!parse.GetValue(wait)) return ExitCodes.Done;
            var failure = WaitForJob(connectionString, jobs, jobId, TimeSpan.FromMinutes(parse.GetValue(timeout)), clock);
            if (failure is not null) return Failed(error, jobId, failure);
            output.WriteLine("Done.");
            return ExitCodes.Done;
        }));
        return new Command("jobs", "Scheduled jobs: run one now.") { trigger };
    }

    private static int WaitForLedger(
        string connectionString, JobSettings jobs, string jobId, Quarter quarter, DateTimeOffset asOf, TimeSpan timeout, string? outDir,
        TextWriter output, TextWriter error, TimeProvider clock)
    {
        var deadline = clock.GetUtcNow() + timeout;
        var failure = WaitForJob(connectionString, jobs, jobId, timeout, clock);
        if (failure is not null) return Failed(error, jobId, failure);
        using var database = Settings.Database(connectionString);
        using var connection = database.OpenConnection();
        var run = PayoutRuns.Find(connection, quarter, asOf)!;
        QuarterLedger? ledger;
        while ((ledger = PayoutRuns.Ledger(connection, null, run.RunId)) is null)
        {
            if (PayoutRuns.Get(connection, run.RunId).Failure is { } reason)
            {
                error.WriteLine($"qp: payout run {run.RunId} failed and will not be retried: {reason}");
                return ExitCodes.InputRejected;
            }
            if (clock.GetUtcNow() > deadline)
            {
                error.WriteLine($"qp: payout run {run.RunId} has not finished after {timeout.TotalMinutes} minutes; see /hangfire for its chunk jobs.");
                return ExitCodes.DatabaseFailed;
            }
            Task.Delay(TimeSpan.FromMilliseconds(500), clock).Wait();
        }
        output.WriteLine($"{quarter} payout run {run.RunId} as of {ChinaTime.Format(asOf)}: {ledger.Contracts} contracts");
        output.WriteLine($"  total fees        {Numbers.Grouped(ledger.TotalFees),15} CNY");
        output.WriteLine($"  total payout      {Numbers.Grouped(ledger.TotalPayout),15} CNY");
        output.WriteLine($"  total deductions  {Numbers.Grouped(ledger.TotalDeductions),15} CNY");
        if (outDir is null) return ExitCodes.Done;
        var documents = 0;
        if (!Publish.Folder(error, outDir, folder => documents = RunOutput.WriteInto(connection, ledger, folder))) return ExitCodes.OutputFailed;
        output.WriteLine($"Wrote {outDir}: {QuarterOutput.LedgerFile}, {QuarterOutput.MonthsFile}, {QuarterOutput.ContractsFolder}/ ({documents} files)");
        return ExitCodes.Done;
    }

    /// <summary>Why a job failed; final when an input or rule problem failed it, which no retry can mend.</summary>
    private sealed record JobFailure(string Reason, bool Final);

    /// <summary>Waits for a Hangfire job to succeed; returns why it failed, or null.</summary>
    private static JobFailure? WaitForJob(string connectionString, JobSettings jobs, string jobId, TimeSpan timeout, TimeProvider clock)
    {
        var storage = SchedulingServices.Storage(connectionString, jobs);
        var deadline = clock.GetUtcNow() + timeout;
        using var connection = storage.GetConnection();
        while (clock.GetUtcNow() < deadline)
        {
            var state = connection.GetStateData(jobId);
            switch (state?.Name)
            {
                case "Succeeded":
                    return null;
                case "Failed":
                    return new JobFailure(state.Data.TryGetValue("ExceptionMessage", out var message) ? message : state.Reason ?? "failed",
                        state.Data.TryGetValue("ExceptionType", out var type) && type.StartsWith(typeof(InvalidInputException).FullName!, StringComparison.Ordinal));
                case "Deleted":
                    return new JobFailure("the job was deleted", Final: false);
            }
            Task.Delay(TimeSpan.FromMilliseconds(500), clock).Wait();
        }
        return new JobFailure($"not finished after {timeout.TotalMinutes} minutes; is a worker or 'qp serve' running?", Final: false);
    }

    private static int Failed(TextWriter error, string jobId, JobFailure failure)
    {
        error.WriteLine($"qp: job {jobId} failed: {failure.Reason}");
        return failure.Final ? ExitCodes.InputRejected : ExitCodes.DatabaseFailed;
    }

    private static int Usage(TextWriter error, string message)
    {
        error.WriteLine($"qp: {message}");
        return ExitCodes.Usage;
    }
}
