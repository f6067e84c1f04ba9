using System.ComponentModel;
using Microsoft.Extensions.Logging;
using Npgsql;
using QuasiProperty.Scoring;
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
        var m = Month.Parse(month);
        var book = rules.Load();
        var (reference, months) = Snapshot.Read(database, [m], asOf);
        using var connection = database.OpenConnection();
        var created = 0;
        foreach (var contract in reference.Contracts.Where(c => c.IsActiveIn(m.Quarter)))
        {
            var community = reference.Community(contract.CommunityId);
            var version = book.InForce(contract.RuleSet, m.Quarter);
            if (version is null)
            {
                Log.NoRules(log, contract.RuleSet, m.Quarter.ToString(), contract.Id);
                continue;
            }
            var assessed = Assessor.AssessMonth(community, version, months[0].For(community));
            var digest = InputDigest.ComputeMonth(contract, community, months[0]);
            if (MonthScorecards.Record(connection, contract, assessed, version, digest, asOf, requestedBy)) created++;
        }
        Log.ScorecardsDone(log, month, asOf, created);
        return created;
    }
}
