using Npgsql;

namespace QuasiProperty.Storage;

/// <summary>The envelope of a quarter's current report and the id of the key that signed it.</summary>
public sealed record StoredEnvelope(string Quarter, string KeyId, string Envelope);

/// <summary>
/// The envelopes of a contract's current reports, without the reports themselves: enough for a page
/// to name the files as they were signed and link the key that verifies them.
/// </summary>
public static class ReportEnvelopes
{
    public static IReadOnlyList<StoredEnvelope> Current(NpgsqlConnection connection, string contractId)
    {
        using var command = Sql.Command(connection, null, """
            select r.quarter, r.key_id, r.envelope
            from payout_reports r join current_payouts p on p.contract_id = r.contract_id and p.quarter = r.quarter and p.revision = r.revision
            where r.contract_id = $1 order by r.quarter
            """, contractId);
        using var reader = command.ExecuteReader();
        var envelopes = new List<StoredEnvelope>();
        while (reader.Read()) envelopes.Add(new StoredEnvelope(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        return envelopes;
    }
}
