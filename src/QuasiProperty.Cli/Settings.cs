using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Npgsql;
using QuasiProperty.Reports;
using QuasiProperty.Reports.Signing;

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

    public static Option<string?> TemplatesOption() => new("--templates")
    {
        Description = "Report templates folder. Default: QuasiProperty:Templates from configuration, else ./templates, else the copy beside the program.",
        HelpName = "DIR",
    };

    public static Templates Templates(string? option) => Reports.Templates.Load(Reports.Templates.Locate(option ?? Root["QuasiProperty:Templates"]));

    /// <summary>
    /// The key reports are signed with: <c>QuasiProperty:Signing:PrivateKey</c> (a PEM file). Without
    /// one, a throwaway development key, announced on the terminal and in every report.
    /// </summary>
    public static SigningKey SigningKey(TextWriter error)
    {
        if (Root["QuasiProperty:Signing:PrivateKey"] is { Length: > 0 } path) return Reports.Signing.SigningKey.Load(path);
        error.WriteLine("warning: no signing key configured (QuasiProperty:Signing:PrivateKey); reports are signed with a throwaway " +
                        "DEVELOPMENT key and say so. Create a real key with 'qp keys generate'.");
        return Reports.Signing.SigningKey.Generate(development: true);
    }

    /// <summary>Who is recorded as having imported or computed something.</summary>
    public static string User => Environment.UserName;
}
