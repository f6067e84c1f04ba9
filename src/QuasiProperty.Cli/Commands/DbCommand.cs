using System.CommandLine;
using QuasiProperty.Scheduling;
using QuasiProperty.Storage;

namespace QuasiProperty.Cli.Commands;

/// <summary><c>qp db</c>: the database schema.</summary>
internal static class DbCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var db = Settings.DatabaseOption();
        var migrate = new Command("migrate",
            "Create or update the database schema: applies the migrations not yet applied, in order, each in its own transaction, " +
            "and installs or updates the Hangfire job schema. Safe to run again, and from several machines at once.")
        {
            db,
        };
        migrate.SetAction(parse => Database.Run(error, () =>
        {
            using var database = Settings.Database(parse.GetValue(db));
            var applied = Migrator.Migrate(database, afterSchema: SchedulingServices.InstallSchema);
            foreach (var m in applied) output.WriteLine($"applied {m.Name}");
            output.WriteLine(applied.Count == 0
                ? $"The database is up to date ({Migrator.All.Count} migrations)."
                : $"Applied {applied.Count} migration(s); the database is up to date.");
            return ExitCodes.Done;
        }));
        return new Command("db", "Manage the PostgreSQL database of the service mode.") { migrate };
    }
}
