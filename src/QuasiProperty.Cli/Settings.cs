using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace QuasiProperty.Cli;

/// <summary>
/// Configuration as .NET users expect it: <c>appsettings.json</c> beside the program, then
/// <c>appsettings.json</c> in the current folder, then environment variables
/// (<c>ConnectionStrings__Default</c>, <c>QuasiProperty__Rules</c>), then the command-line options.
/// </summary>
internal static class Settings
{
    private static readonly Lazy<IConfigurationRoot> Configuration = new(() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build());

    public static IConfiguration Root => Configuration.Value;

    public static Option<string?> DatabaseOption() => new("--db")
    {
        Description = "PostgreSQL connection string. Default: ConnectionStrings:Default from appsettings.json, " +
                      "overridden by the environment variable ConnectionStrings__Default.",
        HelpName = "CONNECTION",
    };

    public static Option<string?> RulesOption() => new("--rules")
    {
        Description = "Rules folder (one sub-folder per rule set). Default: QuasiProperty:Rules from configuration, else 'rules'.",
        HelpName = "DIR",
    };

    public static string Rules(string? option) => option ?? Root["QuasiProperty:Rules"] ?? "rules";

    public static string ConnectionString(string? option) =>
        option ?? Root.GetConnectionString("Default")
        ?? throw new InvalidOperationException("no database configured: pass --db or set ConnectionStrings__Default");

    public static NpgsqlDataSource Database(string? option) => NpgsqlDataSource.Create(ConnectionString(option));

    /// <summary>Who is recorded as having imported or computed something.</summary>
    public static string User => Environment.UserName;
}
