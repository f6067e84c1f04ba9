using System.Globalization;
using Npgsql;
using QuasiProperty.Time;

namespace QuasiProperty.Storage;

/// <summary>
/// One month of a table partitioned by month (survey_responses, grid_incidents: migration 0006),
/// loaded inside an import's transaction. The rows go into a new table that only this transaction
/// can see, created empty so that COPY can write them already frozen (no hint-bit rewrites and no
/// freezing vacuum of millions of rows later); <see cref="ReplaceMonth"/> then makes it the month's
/// partition, dropping the one it replaces. A rollback, or a killed import, leaves no trace.
/// </summary>
internal sealed class MonthPartition
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private readonly string table;
    private readonly Month month;

    private MonthPartition(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, Month month, long importId)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.table = table;
        this.month = month;
        LoadTable = string.Create(CultureInfo.InvariantCulture, $"{table}_import_{importId}");
    }

    /// <summary>
    /// Creates the empty table that the import's rows are copied into. Its month and import_id, the
    /// same on every row, are its defaults while it loads, so they cross the wire once instead of
    /// once per row.
    /// </summary>
    public static MonthPartition StartLoad(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, Month month, long importId)
    {
        var partition = new MonthPartition(connection, transaction, table, month, importId);
        Sql.Execute(connection, transaction,
            $"create table {partition.LoadTable} (like {table} including constraints, constraint month_of_partition check (month = {Literal(month.ToString())}))");
        Sql.Execute(connection, transaction, string.Create(CultureInfo.InvariantCulture,
            $"alter table {partition.LoadTable} alter column month set default {Literal(month.ToString())}, alter column import_id set default {importId}"));
        return partition;
    }

    /// <summary>The table being loaded; it becomes the partition in <see cref="ReplaceMonth"/>.</summary>
    public string LoadTable { get; }

    private string PartitionName => $"{table}_{month.ToString().Replace('-', '_')}";

    /// <summary>The COPY of the columns that vary from row to row, in binary format, writing frozen rows.</summary>
    public string CopyCommand(string columns) => $"copy {LoadTable} ({columns}) from stdin (format binary, freeze)";

    /// <summary>Makes the loaded rows the month's rows: the month's previous partition, if any, is dropped.</summary>
    public void ReplaceMonth()
    {
        Sql.Execute(connection, transaction, $"alter table {LoadTable} alter column month drop default, alter column import_id drop default");
        // Dropping a partition locks the whole table until commit, which follows at once; a first import of a month does not.
        Sql.Execute(connection, transaction, $"drop table if exists {PartitionName}");
        Sql.Execute(connection, transaction, $"alter table {LoadTable} rename to {PartitionName}");
        Sql.Execute(connection, transaction, $"alter table {table} attach partition {PartitionName} for values in ({Literal(month.ToString())})");
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
