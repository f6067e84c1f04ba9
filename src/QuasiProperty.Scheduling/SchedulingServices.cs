using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QuasiProperty.Application;
using QuasiProperty.Reports;
using QuasiProperty.Reports.Signing;

namespace QuasiProperty.Scheduling;

/// <summary>
/// Hangfire on the QuasiProperty database. The Hangfire schema is installed by <c>qp db migrate</c>
/// (<see cref="InstallSchema"/>), never by a starting server, so that many servers can start at once.
/// </summary>
public static class SchedulingServices
{
    public const string Schema = "hangfire";

    public static IServiceCollection AddQuasiPropertyJobs(
        this IServiceCollection services, IConfiguration configuration, string connectionString, string rulesFolder, bool runServer)
    {
        var schedule = configuration.GetSection("QuasiProperty:Schedule").Get<ScheduleSettings>() ?? new ScheduleSettings();
        var jobs = configuration.GetSection("QuasiProperty:Jobs").Get<JobSettings>() ?? new JobSettings();
        services.AddSingleton(schedule);
        services.AddSingleton(jobs);
        services.AddSingleton(new RulesFolder(rulesFolder, RecordsUse: false));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton(_ => Templates.Load(Templates.Locate(configuration["QuasiProperty:Templates"])));
        services.AddSingleton(_ => configuration["QuasiProperty:Signing:PrivateKey"] is { Length: > 0 } key
            ? SigningKey.Load(key)
            : SigningKey.Generate(development: true));
        services.AddHangfire(config => Configure(config, connectionString, jobs));
        if (runServer)
        {
            services.AddHangfireServer(options =>
            {
                options.WorkerCount = jobs.WorkerCount;
                options.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
                options.SchedulePollingInterval = jobs.SchedulePollInterval;
            });
        }
        return services;
    }

    public static IGlobalConfiguration Configure(IGlobalConfiguration config, string connectionString, JobSettings jobs)
    {
        // One retry policy for every job, from configuration, instead of Hangfire's default of ten attempts. Only what
        // may pass is retried (a lost connection, a deadlock): an input or rule problem is final, and fails the job at once.
        GlobalJobFilters.Filters.Remove<AutomaticRetryAttribute>();
        return config
            .UseFilter(new AutomaticRetryAttribute
            {
                ExceptOn = [typeof(InvalidInputException)],
                Attempts = jobs.RetryAttempts,
                DelaysInSeconds = [.. Enumerable.Range(1, Math.Max(jobs.RetryAttempts, 1)).Select(n => (int)Math.Max(1, n * jobs.RetryDelay.TotalSeconds))],
                OnAttemptsExceeded = AttemptsExceededAction.Fail,
            })
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), StorageOptions(jobs));
    }

    /// <summary>A client for enqueueing jobs from outside a server (<c>qp jobs trigger</c>).</summary>
    public static BackgroundJobClient Client(string connectionString, JobSettings jobs) => new(Storage(connectionString, jobs));

    public static PostgreSqlStorage Storage(string connectionString, JobSettings jobs)
    {
        var options = StorageOptions(jobs);
        return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, options), options);
    }

    public static void InstallSchema(NpgsqlConnection connection) => PostgreSqlObjectsInstaller.Install(connection, Schema);

    private static PostgreSqlStorageOptions StorageOptions(JobSettings jobs) => new()
    {
        SchemaName = Schema,
        PrepareSchemaIfNecessary = false,
        QueuePollInterval = jobs.QueuePollInterval,
        InvisibilityTimeout = jobs.InvisibilityTimeout,
        UseSlidingInvisibilityTimeout = true,
        AllowUnsafeValues = true,
    };
}
