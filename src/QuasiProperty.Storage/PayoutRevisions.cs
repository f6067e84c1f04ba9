using Npgsql;
using QuasiProperty.Outputs;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Storage;

/// <summary>What recording one contract's quarter did.</summary>
/// <param name="Created">True when this call stored a new revision; false when the current one already had these inputs and rules.</param>
public sealed record RevisionOutcome(string ContractId, Quarter Quarter, int Revision, bool Created);

/// <summary>A stored payout revision, as the history shows it.</summary>
public sealed record StoredRevision(
    string ContractId, string Quarter, int Revision, bool Superseded, string InputDigest, string RuleSet, int RuleVersion, string RuleSha256,
    string Status, decimal? QuarterScore, decimal PayRatio, decimal QuarterlyFee, decimal Payout, decimal Deduction,
    string LedgerLine, string MonthsCsv, string Working, DateTimeOffset AsOf, string ComputedBy, DateTimeOffset ComputedAt);

/// <summary>
/// The permanent record of payouts. Each (contract, quarter) has numbered revisions; a new one is
/// stored only when the input digest or the rule file's hash differs from the current revision.
/// The database refuses to update or delete a revision; the primary key refuses two revisions
/// with the same number, and an advisory lock per (contract, quarter) makes concurrent attempts queue.
/// </summary>
public static class PayoutRevisions
{
    public static RevisionOutcome Record(NpgsqlConnection connection, QuarterAssessment a, byte[] working, DateTimeOffset asOf, string computedBy)
    {
        using var transaction = connection.BeginTransaction();
        Sql.LockForTransaction(connection, transaction, $"payout:{a.Contract.Id}:{a.Quarter}");
        int? current = null;
        using (var command = Sql.Command(connection, transaction,
                   "select revision, input_digest, rule_sha256 from payout_revisions where contract_id = $1 and quarter = $2 order by revision desc limit 1",
                   a.Contract.Id, a.Quarter.ToString()))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                current = reader.GetInt32(0);
                if (reader.GetString(1) == a.InputDigest && reader.GetString(2) == a.Rules.Sha256)
                {
                    return new RevisionOutcome(a.Contract.Id, a.Quarter, current.Value, Created: false);
                }
            }
        }

        var revision = (current ?? 0) + 1;
        Sql.Execute(connection, transaction, """
            insert into payout_revisions (contract_id, quarter, revision, input_digest, rule_set, rule_version, rule_sha256, status,
                quarter_score, pay_ratio, quarterly_fee, payout, deduction, ledger_line, months_csv, working, as_of, computed_by)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
            """,
            a.Contract.Id, a.Quarter.ToString(), revision, a.InputDigest, a.Rules.RuleSet, a.Rules.Version, a.Rules.Sha256,
            LedgerCsv.StatusName(a.Status), a.QuarterScore, a.PayRatio, a.Contract.QuarterlyFee, a.Payout, a.Deduction,
            LedgerCsv.LedgerRow(a), LedgerCsv.MonthRows(a), System.Text.Encoding.UTF8.GetString(working), asOf.UtcDateTime, computedBy);
        transaction.Commit();
        return new RevisionOutcome(a.Contract.Id, a.Quarter, revision, Created: true);
    }

    /// <summary>Every revision of a quarter (or of one contract in it), oldest first.</summary>
    public static IReadOnlyList<StoredRevision> History(NpgsqlConnection connection, Quarter quarter, string? contractId = null)
    {
        using var command = Sql.Command(connection, null, """
            select contract_id, quarter, revision, superseded, input_digest, rule_set, rule_version, rule_sha256, status, quarter_score,
                   pay_ratio, quarterly_fee, payout, deduction, ledger_line, months_csv, working, as_of, computed_by, computed_at
            from payout_history where quarter = $1 and ($2::text is null or contract_id = $2)
            order by contract_id, revision
            """, quarter.ToString(), contractId);
        using var reader = command.ExecuteReader();
        var list = new List<StoredRevision>();
        while (reader.Read())
        {
            list.Add(new StoredRevision(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetBoolean(3), reader.GetString(4), reader.GetString(5),
                reader.GetInt32(6), reader.GetString(7), reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetDecimal(9),
                reader.GetDecimal(10), reader.GetDecimal(11), reader.GetDecimal(12), reader.GetDecimal(13), reader.GetString(14),
                reader.GetString(15), reader.GetString(16), reader.GetFieldValue<DateTimeOffset>(17), reader.GetString(18),
                reader.GetFieldValue<DateTimeOffset>(19)));
        }
        return list;
    }
}
