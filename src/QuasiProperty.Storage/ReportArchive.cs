using System.Text;
using Npgsql;
using NpgsqlTypes;
using QuasiProperty.Time;

namespace QuasiProperty.Storage;

/// <summary>A stored signed report: the HTML, the assessment JSON and the envelope, as issued.</summary>
public sealed record StoredReport(string ContractId, string Quarter, int Revision, string ReportHtml, string AssessmentJson, string Envelope, bool DevelopmentKey);

/// <summary>A revision's signed report as issued: the bytes of the HTML, the assessment JSON and the envelope.</summary>
public sealed record IssuedReport(string ContractId, Quarter Quarter, int Revision, byte[] Html, byte[] Json, byte[] Envelope);

/// <summary>The signed report of each payout revision, kept so that companies download exactly what was issued.</summary>
public static class ReportArchive
{
    /// <summary>
    /// Stores the reports of revisions that have none yet (a revision's report is issued once), in
    /// one transaction with one binary COPY. Returns how many were stored.
    /// </summary>
    public static int Store(NpgsqlConnection connection, IReadOnlyList<IssuedReport> reports, string keyId, bool development)
    {
        if (reports.Count == 0) return 0;
        using var transaction = connection.BeginTransaction();
        // The same lock as recording: under it no one else archives these quarters, so what is missing now is still missing at the COPY.
        foreach (var quarter in reports.Select(r => r.Quarter).Distinct().Order())
        {
            Sql.LockForTransaction(connection, transaction, PayoutRevisions.QuarterLock(quarter));
        }
        var archived = Archived(connection, transaction, reports);
        var stored = 0;
        using (var copy = connection.BeginBinaryImport("""
                   copy payout_reports (contract_id, quarter, revision, report_html, assessment_json, envelope, key_id, development_key)
                   from stdin (format binary)
                   """))
        {
            copy.Timeout = TimeSpan.FromMinutes(15);
            foreach (var report in reports)
            {
                if (!archived.Add((report.ContractId, report.Quarter.ToString(), report.Revision))) continue;
                copy.StartRow();
                copy.Write(report.ContractId, NpgsqlDbType.Text);
                copy.Write(report.Quarter.ToString(), NpgsqlDbType.Text);
                copy.Write(report.Revision, NpgsqlDbType.Integer);
                copy.Write(Encoding.UTF8.GetString(report.Html), NpgsqlDbType.Text);
                copy.Write(Encoding.UTF8.GetString(report.Json), NpgsqlDbType.Text);
                copy.Write(Encoding.UTF8.GetString(report.Envelope), NpgsqlDbType.Text);
                copy.Write(keyId, NpgsqlDbType.Text);
                copy.Write(development, NpgsqlDbType.Boolean);
                stored++;
            }
            copy.Complete();
        }
        transaction.Commit();
        return stored;
    }

    /// <summary>Which of the reports' revisions already have an archived report.</summary>
    private static HashSet<(string ContractId, string Quarter, int Revision)> Archived(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<IssuedReport> reports)
    {
        using var command = Sql.Command(connection, transaction, """
            select r.contract_id, r.quarter, r.revision
            from payout_reports r join unnest($1::text[], $2::text[], $3::int[]) as k (contract_id, quarter, revision)
                on k.contract_id = r.contract_id and k.quarter = r.quarter and k.revision = r.revision
            """, reports.Select(r => r.ContractId).ToArray(), reports.Select(r => r.Quarter.ToString()).ToArray(),
            reports.Select(r => r.Revision).ToArray());
        using var reader = command.ExecuteReader();
        var archived = new HashSet<(string, string, int)>();
        while (reader.Read()) archived.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        return archived;
    }

    /// <summary>The report of the current revision of a contract's quarter.</summary>
    public static StoredReport? Current(NpgsqlConnection connection, string contractId, Quarter quarter)
    {
        using var command = Sql.Command(connection, null, """
            select r.contract_id, r.quarter, r.revision, r.report_html, r.assessment_json, r.envelope, r.development_key
            from payout_reports r join current_payouts p on p.contract_id = r.contract_id and p.quarter = r.quarter and p.revision = r.revision
            where r.contract_id = $1 and r.quarter = $2
            """, contractId, quarter.ToString());
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new StoredReport(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetBoolean(6))
            : null;
    }
}
