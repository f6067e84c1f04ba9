using Npgsql;
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
        using var writer = new ReportArchiveWriter(connection, reports.Select(r => r.Quarter).Distinct(), keyId, development);
        foreach (var report in reports) writer.Add(report);
        return writer.Commit();
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
