namespace QuasiProperty.Scheduling;

/// <summary>
/// The <c>QuasiProperty:Schedule</c> and <c>QuasiProperty:Jobs</c> configuration sections: when
/// the recurring jobs run, in which time zone, and how the quarterly payout is split.
/// </summary>
public sealed class ScheduleSettings
{
    /// <summary>Monthly scorecards for the previous month. Default: 02:00 on the 5th.</summary>
    public string MonthlyCron { get; set; } = "0 2 5 * *";

    /// <summary>Quarterly payout for the previous quarter. Default: 02:00 on the 10th day after the quarter ends.</summary>
    public string QuarterlyCron { get; set; } = "0 2 10 1,4,7,10 *";

    /// <summary>The zone the cron expressions and "previous month/quarter" are read in.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

public sealed class JobSettings
{
    /// <summary>Contracts per payout job; each chunk is one job any worker can take.</summary>
    public int ChunkSize { get; set; } = 100;

    /// <summary>Hangfire workers per process.</summary>
    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>A pause after each contract, to keep the database responsive during office hours. Default: none.</summary>
    public TimeSpan PauseBetweenContracts { get; set; } = TimeSpan.Zero;

    /// <summary>How often idle workers look for jobs.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often servers look for retries and other delayed jobs that are due.</summary>
    public TimeSpan SchedulePollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many times a failed job is tried again before it is left failed, with its reason, for finance to see.</summary>
    public int RetryAttempts { get; set; } = 3;

    /// <summary>The wait before retry n is n times this.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a job taken by a worker that stopped answering stays invisible before another worker
    /// takes it. Running jobs keep extending it, so it bounds the delay after a crash, not a job's length.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
