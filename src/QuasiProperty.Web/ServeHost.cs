using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QuasiProperty.Scheduling;

namespace QuasiProperty.Web;

/// <summary>
/// <c>qp serve</c>: the Hangfire server that runs the scheduled jobs, the recurring schedule, the
/// portal (companies, finance, the public) and the finance dashboard at <c>/hangfire</c>.
/// </summary>
public static class ServeHost
{
    /// <param name="clock">The clock of the jobs and the sign-in lockouts; the system's unless a test passes its own.</param>
    public static WebApplication Build(string[] args, string connectionString, string rulesFolder, string urls, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.WebHost.UseUrls(urls);
        builder.Services.AddQuasiPropertyJobs(builder.Configuration, connectionString, rulesFolder, runServer: true);
        if (clock is not null) builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(FinanceCredential.From(builder.Configuration));
        builder.Services.AddPortal(builder.Configuration);

        var app = builder.Build();
        app.UsePortal();
        app.MapGet("/healthz", () => "ok");
        FinanceDashboardAuthorization.RequireFinanceSession(app, "/hangfire");
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            DashboardTitle = "QuasiProperty jobs",
            DisplayStorageConnectionString = false,
            AsyncAuthorization = [new FinanceDashboardAuthorization()],
            Authorization = [],
        });
        RecurringSchedule.Register(app.Services.GetRequiredService<IRecurringJobManager>(), app.Services.GetRequiredService<ScheduleSettings>());
        return app;
    }
}
