using Npgsql;
using QuasiProperty.Time;

namespace QuasiProperty.Storage;

/// <summary>The import log: who imported which file, when, with what hash and how many rows.</summary>
public static class ImportLog
{
    private const string Columns = "import_id, source, month, file_name, sha256, row_count, imported_by, imported_at";

    public static StoredImport? Current(NpgsqlConnection connection, NpgsqlTransaction? transaction, ImportSource source, Month? month)
    {
        using var command = Sql.Command(connection, transaction,
            $"select {Columns} from imports where source = $1 and month is not distinct from $2 order by import_id desc limit 1",
            source.Name(), month?.ToString());
        return Read(command).FirstOrDefault();
    }

    /// <summary>Every import, newest first.</summary>
    public static IReadOnlyList<StoredImport> All(NpgsqlConnection connection) =>
        Read(Sql.Command(connection, null, $"select {Columns} from imports order by import_id desc"));

    private static List<StoredImport> Read(NpgsqlCommand command)
    {
        using (command)
        using (var reader = command.ExecuteReader())
        {
            var list = new List<StoredImport>();
            while (reader.Read())
            {
                list.Add(new StoredImport(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetString(3), reader.GetString(4), reader.GetInt32(5), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)));
            }
            return list;
        }
    }
}
