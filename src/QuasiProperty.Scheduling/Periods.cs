using Cronos;
using QuasiProperty.Time;

namespace QuasiProperty.Scheduling;

/// <summary>
/// Which period a scheduled run is for. Read in the schedule's time zone: at 00:30 on 1 April in
/// Beijing it is still 31 March in UTC, but the month that just ended is March.
/// </summary>
public static class Periods
{
    public static Month PreviousMonth(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        return new Month(local.Year, local.Month).Previous();
    }

    public static Quarter PreviousQuarter(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        return new Month(local.Year, local.Month).Quarter.Previous();
    }

    /// <summary>
    /// The scheduled time a run belongs to: the latest occurrence of <paramref name="cron"/> not after
    /// <paramref name="now"/>. Used as the as-of time, so that a repeated run is the same run.
    /// </summary>
    public static DateTimeOffset LatestOccurrence(string cron, TimeZoneInfo zone, DateTimeOffset now)
    {
        var expression = CronExpression.Parse(cron);
        var latest = expression.GetOccurrences(now.AddYears(-1), now, zone, fromInclusive: true, toInclusive: true).LastOrDefault();
        return latest == default ? now : latest;
    }
}
