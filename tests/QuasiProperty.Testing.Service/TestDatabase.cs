using Npgsql;
using QuasiProperty.Storage;

namespace QuasiProperty.Testing;

/// <summary>
/// A fresh, migrated PostgreSQL database for one test fixture, on the server that the test
/// command started (QP_TEST_DB). There is no fallback: without a server the tests fail.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private readonly string serverConnectionString;

    private TestDatabase(string serverConnectionString, string name, bool migrate)
    {
        this.serverConnectionString = serverConnectionString;
        Name = name;
        using (var server = NpgsqlDataSource.Create(serverConnectionString))
        using (var command = server.CreateCommand($"create database \"{name}\""))
        {
            command.ExecuteNonQuery();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, Pooling = false }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        if (migrate) Migrator.Migrate(DataSource);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("QP_TEST_DB") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "QP_TEST_DB is not set. Run the tests with ./test.sh, which starts a throwaway PostgreSQL, " +
                "or set QP_TEST_DB to a connection string of a server where databases can be created.");

    /// <summary>Creates a new database; migrated unless <paramref name="migrate"/> is false.</summary>
    public static TestDatabase Create(bool migrate = true) =>
        new(ServerConnectionString, "qp_test_" + Guid.NewGuid().ToString("N")[..12], migrate);

    public T Scalar<T>(string sql)
    {
        using var command = DataSource.CreateCommand(sql);
        return (T)command.ExecuteScalar()!;
    }

    public int Execute(string sql)
    {
        using var command = DataSource.CreateCommand(sql);
        return command.ExecuteNonQuery();
    }

    /// <summary>A fingerprint of every row of every table, to show that something changed nothing.</summary>
    public string Fingerprint()
    {
        var tables = new List<string>();
        using (var command = DataSource.CreateCommand("select tablename from pg_tables where schemaname = 'public' order by tablename"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        return string.Join("\n", tables.Select(t =>
            $"{t}: {Scalar<string>($"select count(*) || ' rows ' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') from \"{t}\" x")}"));
    }

    public void Dispose()
    {
        DataSource.Dispose();
        NpgsqlConnection.ClearAllPools();
        using var server = NpgsqlDataSource.Create(serverConnectionString);
        using var command = server.CreateCommand($"drop database if exists \"{Name}\" with (force)");
        command.ExecuteNonQuery();
    }
}
