using Npgsql;
using QuasiProperty.Time;

namespace QuasiProperty.Storage;

/// <summary>A stored signed report: the HTML, the assessment JSON and the envelope, as issued.</summary>
public sealed record StoredReport(string ContractId, string Quarter, int Revision, string ReportHtml, string AssessmentJson, string Envelope, bool DevelopmentKey);

/// <summary>The signed report of each payout revision, kept so that companies download exactly what was issued.</summary>
public static class ReportArchive
{
    /// <summary>Stores the report of a revision unless one is stored already (a revision's report is issued once).</summary>
    public static bool Store(NpgsqlConnection connection, string contractId, Quarter quarter, int revision, string html, string json, string envelope, string keyId, bool development) =>
        Sql.Execute(connection, null, """
            insert into payout_reports (contract_id, quarter, revision, report_html, assessment_json, envelope, key_id, development_key)
            values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing
            """, contractId, quarter.ToString(), revision, html, json, envelope, keyId, development) == 1;

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
