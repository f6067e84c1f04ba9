using Npgsql;

namespace QuasiProperty.Cli;

/// <summary>Turns an unreachable or unprepared database into one clear line instead of a stack trace.</summary>
internal static class Database
{
    public static int Run(TextWriter error, Func<int> action) => RunAsync(error, () => Task.FromResult(action())).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(TextWriter error, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (InvalidInputException e)
        {
            return Report.Rejected(error, e);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            error.WriteLine($"qp: the database has no QuasiProperty schema yet ({e.MessageText}); run 'qp db migrate' first.");
            return ExitCodes.DatabaseFailed;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            error.WriteLine($"qp: database: {e.Message}");
            return ExitCodes.DatabaseFailed;
        }
    }
}
