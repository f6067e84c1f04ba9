using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace QuasiProperty.Storage;

/// <summary>
/// Applies the SQL files in <c>Migrations/</c> in order, each in its own transaction, and records
/// them in <c>schema_migrations</c>. Safe to run again (applied files are skipped) and from several
/// processes at once (they queue on an advisory lock). A migration edited after it was applied is
/// refused: the fix is a new migration.
/// </summary>
public static class Migrator
{
    private const long LockKey = 0x5150_0001; // "QP" migrations

    public sealed record Migration(int Version, string Name, string Sql, string Sha256);

    public static IReadOnlyList<Migration> All { get; } = Load();

    /// <summary>Applies the pending migrations; returns those applied by this call.</summary>
    public static IReadOnlyList<Migration> Migrate(NpgsqlDataSource database, Action<NpgsqlConnection>? afterSchema = null)
    {
        using var connection = database.OpenConnection();
        Execute(connection, $"select pg_advisory_lock({LockKey})");
        try
        {
            Execute(connection, """
                create table if not exists schema_migrations (
                    version    integer primary key,
                    name       text not null,
                    sha256     text not null,
                    applied_at timestamptz not null default now())
                """);
            var applied = new Dictionary<int, string>();
            using (var command = new NpgsqlCommand("select version, sha256 from schema_migrations", connection))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) applied[reader.GetInt32(0)] = reader.GetString(1);
            }

            var done = new List<Migration>();
            foreach (var migration in All)
            {
                if (applied.TryGetValue(migration.Version, out var sha))
                {
                    if (sha != migration.Sha256)
                    {
                        throw new InvalidOperationException(
                            $"migration {migration.Name} was changed after it was applied to this database; add a new migration instead");
                    }
                    continue;
                }
                using var transaction = connection.BeginTransaction();
                Execute(connection, migration.Sql, transaction);
                using (var record = new NpgsqlCommand("insert into schema_migrations (version, name, sha256) values ($1, $2, $3)", connection, transaction))
                {
                    record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                    record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
                    record.Parameters.Add(new NpgsqlParameter { Value = migration.Sha256 });
                    record.ExecuteNonQuery();
                }
                transaction.Commit();
                done.Add(migration);
            }
            afterSchema?.Invoke(connection);
            return done;
        }
        finally
        {
            Execute(connection, $"select pg_advisory_unlock({LockKey})");
        }
    }

    private static void Execute(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }

    private static Migration[] Load()
    {
        var assembly = typeof(Migrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                var bytes = buffer.ToArray();
                var name = Path.GetFileNameWithoutExtension(n["Migrations/".Length..]);
                var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
                return new Migration(version, name, Encoding.UTF8.GetString(bytes), Convert.ToHexStringLower(SHA256.HashData(bytes)));
            })
            .OrderBy(m => m.Version)
            .ToArray();
    }
}
