using Npgsql;

namespace QuasiProperty.Storage;

/// <summary>
/// An import numbered by <see cref="Importer.Start"/>. Until it is finished or disposed it holds
/// its connection and its transaction, and with that the lock on its source and month.
/// </summary>
public sealed class StartedImport : IDisposable
{
    private readonly ImportOutcome? decided;
    private readonly NpgsqlConnection? connection;
    private readonly NpgsqlTransaction? transaction;
    private readonly Func<IProgress<long>?, ImportOutcome>? store;

    /// <summary>Decided without loading anything: missing, misnamed, or the same bytes as the current import.</summary>
    internal StartedImport(ImportOutcome decided) => this.decided = decided;

    internal StartedImport(NpgsqlConnection connection, NpgsqlTransaction transaction, Func<IProgress<long>?, ImportOutcome> store)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.store = store;
    }

    /// <summary>Checks and stores the rows and commits, or stores nothing; either way the connection is released.</summary>
    public ImportOutcome Finish(IProgress<long>? progress = null)
    {
        if (decided is not null) return decided;
        try
        {
            return store!(progress);
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        transaction?.Dispose();
        connection?.Dispose();
    }
}
