using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QuasiProperty.Scheduling;
using QuasiProperty.Web;

namespace QuasiProperty.Cli.Commands;

/// <summary><c>qp serve</c> and <c>qp worker</c>: the long-running processes of the service mode.</summary>
internal static class ServeCommand
{
    public static Command Serve(TextWriter error)
    {
        var db = Settings.DatabaseOption();
        var rules = Settings.RulesOption();
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen. Default: http://127.0.0.1:5080 (put a TLS reverse proxy in front for other machines).",
            DefaultValueFactory = _ => Settings.Root["QuasiProperty:Urls"] ?? "http://127.0.0.1:5080",
        };
        var command = new Command("serve",
            "Run the scheduler: a Hangfire server that runs the monthly scorecards and the quarterly payout on their schedule " +
            "(QuasiProperty:Schedule in configuration, Asia/Shanghai by default) and takes its share of the work, and the " +
            "finance dashboard at /hangfire. Run it on one machine; add 'qp worker' on others to share the work.")
        {
            db, rules, urls,
        };
        command.SetAction((parse, cancel) => Database.RunAsync(error, async () =>
        {
            var app = ServeHost.Build([], Settings.ConnectionString(parse.GetValue(db)), Settings.Rules(parse.GetValue(rules)), parse.GetValue(urls)!);
            await app.RunAsync(cancel);
            return ExitCodes.Done;
        }));
        return command;
    }

    public static Command Worker(TextWriter error)
    {
        var db = Settings.DatabaseOption();
        var rules = Settings.RulesOption();
        var command = new Command("worker",
            "Run a worker only: a Hangfire server that takes queued jobs (payout chunks, scorecards, 'run it now' requests) " +
            "from the shared database. Start any number, on any number of machines; they never pay twice.")
        {
            db, rules,
        };
        command.SetAction((parse, cancel) => Database.RunAsync(error, async () =>
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Services.AddQuasiPropertyJobs(builder.Configuration, Settings.ConnectionString(parse.GetValue(db)),
                Settings.Rules(parse.GetValue(rules)), runServer: true);
            await builder.Build().RunAsync(cancel);
            return ExitCodes.Done;
        }));
        return command;
    }
}
