using QuasiProperty.Application;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Scheduling.Tests;

/// <summary>
/// The schedule is read in Asia/Shanghai: a run just after midnight on the 1st in Beijing is still
/// the previous day in UTC, and must be for the month (or quarter) that just ended in Beijing.
/// Time comes from a fake clock; nothing waits.
/// </summary>
public class ScheduleTests : JobsFixture
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [TestCase("2025-04-01T00:30:00+08:00", "2025-03")] // 2025-03-31T16:30Z: still March in UTC
    [TestCase("2025-04-05T02:00:00+08:00", "2025-03")]
    [TestCase("2025-01-01T00:00:00+08:00", "2024-12")]
    [TestCase("2025-03-31T23:59:59+08:00", "2025-02")]
    public void The_previous_month_is_that_of_the_Shanghai_date(string now, string month) =>
        Assert.That(Periods.PreviousMonth(ChinaTime.Parse(now), Shanghai), Is.EqualTo(Month.Parse(month)));

    [TestCase("2025-07-01T01:00:00+08:00", "2025Q2")] // 2025-06-30T17:00Z: still Q2 in UTC
    [TestCase("2025-07-10T02:00:00+08:00", "2025Q2")]
    [TestCase("2026-01-10T02:00:00+08:00", "2025Q4")]
    public void The_previous_quarter_is_that_of_the_Shanghai_date(string now, string quarter) =>
        Assert.That(Periods.PreviousQuarter(ChinaTime.Parse(now), Shanghai), Is.EqualTo(Quarter.Parse(quarter)));

    [Test]
    public void The_monthly_job_run_just_after_midnight_on_the_1st_scores_the_month_that_ended_in_Beijing()
    {
        var clock = new FakeTimeProvider(ChinaTime.Parse("2025-04-01T00:30:20+08:00"));
        var schedule = new ScheduleSettings { MonthlyCron = "30 0 1 * *" };
        var job = new ScorecardJobs(Db.DataSource, new RulesFolder(TestPaths.Rules), schedule, clock, NullLogger<ScorecardJobs>.Instance);

        var created = job.Scheduled();

        Assert.Multiple(() =>
        {
            Assert.That(created, Is.EqualTo(5));
            Assert.That(Db.Scalar<string>("select string_agg(distinct month, ',') from month_scorecards"), Is.EqualTo("2025-03"));
            Assert.That(Db.Scalar<DateTime>("select min(as_of) from month_scorecards"), Is.EqualTo(new DateTime(2025, 3, 31, 16, 30, 0, DateTimeKind.Utc)),
                "as of the scheduled time, 00:30 in Beijing");
        });
    }

    [Test]
    public void The_quarterly_job_opens_the_run_for_the_quarter_that_ended_in_Beijing_as_of_its_scheduled_time()
    {
        var clock = new FakeTimeProvider(ChinaTime.Parse("2025-07-01T01:00:05+08:00"));
        var schedule = new ScheduleSettings { QuarterlyCron = "0 1 1 1,4,7,10 *" };
        var storage = SchedulingServices.Storage(Db.ConnectionString, new JobSettings());
        using var key = Reports.Signing.SigningKey.Generate(development: true);
        var templates = Reports.Templates.Load(Path.Combine(TestPaths.RepositoryRoot, "templates"));
        var job = new PayoutJobs(Db.DataSource, new RulesFolder(TestPaths.Rules), new BackgroundJobClient(storage), schedule, new JobSettings(),
            templates, key, clock, NullLogger<PayoutJobs>.Instance);

        job.Scheduled();
        job.Scheduled(); // at least once: the same occurrence run again is the same run

        Assert.Multiple(() =>
        {
            Assert.That(Db.Scalar<long>("select count(*) from payout_runs"), Is.EqualTo(1));
            Assert.That(Db.Scalar<string>("select quarter from payout_runs"), Is.EqualTo("2025Q2"));
            Assert.That(Db.Scalar<DateTime>("select as_of from payout_runs"), Is.EqualTo(new DateTime(2025, 6, 30, 17, 0, 0, DateTimeKind.Utc)));
        });
    }

    [Test]
    public void The_recurring_jobs_are_registered_in_Shanghai_time_with_the_configured_crons()
    {
        var storage = SchedulingServices.Storage(Db.ConnectionString, new JobSettings());
        RecurringSchedule.Register(new RecurringJobManager(storage), new ScheduleSettings());

        using var connection = storage.GetConnection();
        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id);
        Assert.Multiple(() =>
        {
            Assert.That(jobs[RecurringSchedule.Monthly].Cron, Is.EqualTo("0 2 5 * *"));
            Assert.That(jobs[RecurringSchedule.Quarterly].Cron, Is.EqualTo("0 2 10 1,4,7,10 *"));
            Assert.That(jobs.Values.Select(j => j.TimeZoneId), Is.All.EqualTo("Asia/Shanghai"));
            var next = TimeZoneInfo.ConvertTimeFromUtc(jobs[RecurringSchedule.Monthly].NextExecution!.Value, Shanghai);
            Assert.That((next.Day, next.Hour, next.Minute), Is.EqualTo((5, 2, 0)), "02:00 on the 5th in Beijing, not in UTC");
        });
    }

    [Test]
    public void The_scheduled_time_of_a_run_is_the_latest_occurrence_of_its_cron_in_Shanghai()
    {
        var latest = Periods.LatestOccurrence("0 2 10 1,4,7,10 *", Shanghai, ChinaTime.Parse("2025-08-01T12:00:00+08:00"));
        Assert.That(latest, Is.EqualTo(ChinaTime.Parse("2025-07-10T02:00:00+08:00")));
    }
}
