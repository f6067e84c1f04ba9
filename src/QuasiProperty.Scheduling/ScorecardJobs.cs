using System.ComponentModel;
using Microsoft.Extensions.Logging;
using Npgsql;
using QuasiProperty.Application;
using QuasiProperty.Storage;
using QuasiProperty.Time;

namespace QuasiProperty.Scheduling;

/// <summary>The monthly scorecards: each active contract's interim score for a month, recorded once per change.</summary>
public sealed class ScorecardJobs(
    NpgsqlDataSource database, RulesFolder rules, ScheduleSettings schedule, TimeProvider clock, ILogger<ScorecardJobs> log)
{
    /// <summary>The recurring job: the previous month, as of the scheduled time.</summary>
    [DisplayName("Monthly scorecards (scheduled)")]
    public int Scheduled()
    {
        var asOf = Periods.LatestOccurrence(schedule.MonthlyCron, schedule.Zone, clock.GetUtcNow());
        return Run(Periods.PreviousMonth(asOf, schedule.Zone).ToString(), asOf, "schedule");
    }

    [DisplayName("Monthly scorecards {0} as of {1}")]
    public int Run(string month, DateTimeOffset asOf, string requestedBy)
    {
        var scorecards = new QuarterPipeline(new StoreInputs(database), rules).AssessMonth(Month.Parse(month), asOf);
        using var connection = database.OpenConnection();
        var created = scorecards.Count(s => MonthScorecards.Record(connection, s.Contract, s.Month, s.Rules, s.InputDigest, asOf, requestedBy));
        Log.ScorecardsDone(log, month, asOf, created);
        return created;
    }
}
