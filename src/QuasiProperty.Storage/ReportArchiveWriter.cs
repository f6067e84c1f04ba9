using Npgsql;
using NpgsqlTypes;
using QuasiProperty.Time;

namespace QuasiProperty.Storage;

/// <summary>
/// Archives signed reports as they are issued, by one binary COPY in one transaction, so that the
/// database stores them while the rest are still being rendered. Nothing is stored unless
/// <see cref="Commit"/> is called; a revision that already has a report keeps it.
/// </summary>
public sealed class ReportArchiveWriter : IDisposable
{
    private readonly NpgsqlTransaction transaction;
    private readonly NpgsqlBinaryImporter copy;
    private readonly HashSet<Quarter> quarters;
    private readonly HashSet<(string ContractId, string Quarter, int Revision)> archived;
    private readonly string keyId;
    private readonly bool development;
    private int stored;

    /// <param name="quarters">Every quarter the reports belong to; others are refused.</param>
    public ReportArchiveWriter(NpgsqlConnection connection, IEnumerable<Quarter> quarters, string keyId, bool development)
    {
        this.quarters = [.. quarters];
        this.keyId = keyId;
        this.development = development;
        transaction = connection.BeginTransaction();
        try
        {
            // The same lock as recording: under it no one else archives these quarters, so what is missing now is still missing at the COPY.
            foreach (var quarter in this.quarters.Order()) Sql.LockForTransaction(connection, transaction, PayoutRevisions.QuarterLock(quarter));
            archived = Archived(connection, transaction, this.quarters);
            copy = connection.BeginBinaryImport("""
                copy payout_reports (contract_id, quarter, revision, report_html, assessment_json, envelope, key_id, development_key)
                from stdin (format binary)
                """);
            copy.Timeout = TimeSpan.FromMinutes(15);
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
    }

    /// <summary>Queues a report for the archive unless its revision has one already.</summary>
    public void Add(IssuedReport report)
    {
        if (!quarters.Contains(report.Quarter)) throw new ArgumentException($"the archive writer was opened for other quarters than {report.Quarter}", nameof(report));
        if (!archived.Add((report.ContractId, report.Quarter.ToString(), report.Revision))) return;
        copy.StartRow();
        copy.Write(report.ContractId, NpgsqlDbType.Text);
        copy.Write(report.Quarter.ToString(), NpgsqlDbType.Text);
        copy.Write(report.Revision, NpgsqlDbType.Integer);
        // The files' UTF-8 bytes go to the text columns as they are: a city quarter's 270 MB of reports, not
        // decoded into strings twice that size only for Npgsql to encode them again.
        copy.Write(report.Html, NpgsqlDbType.Text);
        copy.Write(report.Json, NpgsqlDbType.Text);
        copy.Write(report.Envelope, NpgsqlDbType.Text);
        copy.Write(keyId, NpgsqlDbType.Text);
        copy.Write(development, NpgsqlDbType.Boolean);
        stored++;
    }

    /// <summary>Stores what was added; returns how many reports that was.</summary>
    public int Commit()
    {
        copy.Complete();
        copy.Dispose();
        transaction.Commit();
        return stored;
    }

    public void Dispose()
    {
        // Without Complete the COPY is cancelled, and the transaction rolls back with it.
        copy.Dispose();
        transaction.Dispose();
    }

    private static HashSet<(string, string, int)> Archived(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<Quarter> quarters)
    {
        using var command = Sql.Command(connection, transaction, "select contract_id, quarter, revision from payout_reports where quarter = any($1)",
            (object)quarters.Select(q => q.ToString()).ToArray());
        using var reader = command.ExecuteReader();
        var archived = new HashSet<(string, string, int)>();
        while (reader.Read()) archived.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        return archived;
    }
}
