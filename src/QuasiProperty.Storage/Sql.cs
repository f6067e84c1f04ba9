using Npgsql;

namespace QuasiProperty.Storage;

/// <summary>Small helpers for parameterised commands, so that call sites read as SQL.</summary>
internal static class Sql
{
    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object?[] parameters)
    {
        // City-scale imports and payouts run statements far longer than Npgsql's 30-second default.
        var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 900 };
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        return command;
    }

    public static int Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object?[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static T? Scalar<T>(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object?[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>Serialises work on one key across processes until the transaction ends.</summary>
    public static void LockForTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, string key) =>
        Execute(connection, transaction, "select pg_advisory_xact_lock(hashtextextended($1, 0))", key);
}
