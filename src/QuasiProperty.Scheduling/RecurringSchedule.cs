using Hangfire;

namespace QuasiProperty.Scheduling;

/// <summary>Registers the two recurring jobs with their cron expressions and time zone.</summary>
public static class RecurringSchedule
{
    public const string Monthly = "monthly-scorecards";
    public const string Quarterly = "quarterly-payout";

    public static void Register(IRecurringJobManager manager, ScheduleSettings settings)
    {
        var options = new RecurringJobOptions { TimeZone = settings.Zone };
        manager.AddOrUpdate<ScorecardJobs>(Monthly, j => j.Scheduled(), settings.MonthlyCron, options);
        manager.AddOrUpdate<PayoutJobs>(Quarterly, j => j.Scheduled(), settings.QuarterlyCron, options);
    }
}
