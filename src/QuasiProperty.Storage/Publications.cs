using Npgsql;
using QuasiProperty.Time;

namespace QuasiProperty.Storage;

/// <summary>One event of a quarter's publication log: published, or withdrawn with a reason.</summary>
public sealed record PublicationEvent(long EventId, string Quarter, int Seq, bool Published, string? Reason, string By, DateTimeOffset At);

/// <summary>What an attempt to publish or withdraw did.</summary>
public enum PublicationOutcome
{
    /// <summary>The event was recorded.</summary>
    Recorded,

    /// <summary>The quarter was already in the requested state; nothing was recorded.</summary>
    Unchanged,
}

/// <summary>
/// The publication log (migration 0011): publishing a quarter to the public pages and withdrawing
/// it are events that are never changed or deleted; a quarter is public when its latest event
/// publishes it. The view <c>quarter_publications</c> lists the quarters public now.
/// </summary>
public static class Publications
{
    /// <summary>Every event of a quarter, oldest first.</summary>
    public static IReadOnlyList<PublicationEvent> History(NpgsqlConnection connection, Quarter quarter)
    {
        using var command = Sql.Command(connection, null, """
            select event_id, quarter, seq, action, reason, recorded_by, recorded_at from publication_log where quarter = $1 order by seq
            """, quarter.ToString());
        using var reader = command.ExecuteReader();
        var list = new List<PublicationEvent>();
        while (reader.Read())
        {
            list.Add(new PublicationEvent(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3) == "publish",
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }
        return list;
    }

    /// <summary>The quarter's latest event, or null when it was never published.</summary>
    public static PublicationEvent? Latest(NpgsqlConnection connection, Quarter quarter)
    {
        var history = History(connection, quarter);
        return history.Count == 0 ? null : history[^1];
    }

    public static bool IsPublished(NpgsqlConnection connection, Quarter quarter) => Latest(connection, quarter)?.Published == true;

    /// <summary>Publishes a quarter; publishing a public quarter again records nothing.</summary>
    public static PublicationOutcome Publish(NpgsqlConnection connection, Quarter quarter, string by) => Record(connection, quarter, publish: true, null, by);

    /// <summary>Withdraws a public quarter from the public pages, saying why; withdrawing a quarter that is not public records nothing.</summary>
    public static PublicationOutcome Withdraw(NpgsqlConnection connection, Quarter quarter, string reason, string by)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("a withdrawal needs a reason", nameof(reason));
        return Record(connection, quarter, publish: false, reason.Trim(), by);
    }

    private static PublicationOutcome Record(NpgsqlConnection connection, Quarter quarter, bool publish, string? reason, string by)
    {
        using var transaction = connection.BeginTransaction();
        // Two requests for one quarter queue here, so the second sees the first's event; the unique
        // (quarter, seq) in the table is the guard should anything else write the log.
        Sql.LockForTransaction(connection, transaction, $"publication:{quarter}");
        var last = Sql.Scalar<int?>(connection, transaction, "select max(seq) from publication_log where quarter = $1", quarter.ToString()) ?? 0;
        var isPublic = last % 2 == 1;
        if (isPublic == publish) return PublicationOutcome.Unchanged;
        Sql.Execute(connection, transaction,
            "insert into publication_log (quarter, seq, action, reason, recorded_by) values ($1, $2, $3, $4, $5)",
            quarter.ToString(), last + 1, publish ? "publish" : "withdraw", reason, by);
        transaction.Commit();
        return PublicationOutcome.Recorded;
    }
}
