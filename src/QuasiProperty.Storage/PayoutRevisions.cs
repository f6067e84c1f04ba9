using Npgsql;
using NpgsqlTypes;
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
    QuarterStatus Status, decimal? QuarterScore, decimal PayRatio, decimal QuarterlyFee, decimal Payout, decimal Deduction,
    string LedgerLine, string MonthsCsv, string Working, DateTimeOffset AsOf, string ComputedBy, DateTimeOffset ComputedAt);

/// <summary>A contract's assessed quarter and its working document (the assessment JSON), ready to be recorded.</summary>
public sealed record AssessedPayout(QuarterAssessment Assessment, byte[] Working);

/// <summary>
/// The permanent record of payouts. Each (contract, quarter) has numbered revisions; a new one is
/// stored only when the input digest or the rule file's hash differs from the current revision.
/// The database refuses to update or delete a revision; the primary key refuses two revisions
/// with the same number, and an advisory lock per quarter makes concurrent recorders of a quarter queue.
/// </summary>
public static class PayoutRevisions
{
    /// <summary>
    /// Records many contracts' quarters in one transaction: one query reads their current
    /// revisions, one binary COPY writes the new ones. Returns what happened to each, in order.
    /// </summary>
    public static IReadOnlyList<RevisionOutcome> Record(
        NpgsqlConnection connection, IReadOnlyList<AssessedPayout> payouts, DateTimeOffset asOf, string computedBy)
    {
        if (payouts.Count == 0) return [];
        using var transaction = connection.BeginTransaction();
        // One lock per quarter, not per contract: a city's 7,000 locks in one transaction would overflow the shared lock table.
        foreach (var quarter in payouts.Select(p => p.Assessment.Quarter).Distinct().Order())
        {
            Sql.LockForTransaction(connection, transaction, QuarterLock(quarter));
        }

        var current = CurrentRevisions(connection, transaction, payouts.Select(p => p.Assessment));
        var outcomes = new RevisionOutcome[payouts.Count];
        var created = new List<(AssessedPayout Payout, int Revision)>();
        for (var i = 0; i < payouts.Count; i++)
        {
            var a = payouts[i].Assessment;
            var key = (a.Contract.Id, a.Quarter.ToString());
            if (current.TryGetValue(key, out var known) && known.InputDigest == a.InputDigest && known.RuleSha256 == a.Rules.Sha256)
            {
                outcomes[i] = new RevisionOutcome(a.Contract.Id, a.Quarter, known.Revision, Created: false);
                continue;
            }
            var revision = (current.TryGetValue(key, out var previous) ? previous.Revision : 0) + 1;
            // A contract listed twice is recorded as if the calls had come one after the other.
            current[key] = (revision, a.InputDigest, a.Rules.Sha256);
            created.Add((payouts[i], revision));
            outcomes[i] = new RevisionOutcome(a.Contract.Id, a.Quarter, revision, Created: true);
        }

        if (created.Count > 0) Insert(connection, created, asOf, computedBy);
        transaction.Commit();
        return outcomes;
    }

    /// <summary>The key of the advisory lock that serialises everything that records or archives a quarter's payouts.</summary>
    internal static string QuarterLock(Quarter quarter) => $"payout:{quarter}";

    private static Dictionary<(string ContractId, string Quarter), (int Revision, string InputDigest, string RuleSha256)> CurrentRevisions(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<QuarterAssessment> assessments)
    {
        var keys = assessments.Select(a => (a.Contract.Id, Quarter: a.Quarter.ToString())).Distinct().ToArray();
        using var command = Sql.Command(connection, transaction, """
            select distinct on (r.contract_id, r.quarter) r.contract_id, r.quarter, r.revision, r.input_digest, r.rule_sha256
            from payout_revisions r join unnest($1::text[], $2::text[]) as k (contract_id, quarter)
                on k.contract_id = r.contract_id and k.quarter = r.quarter
            order by r.contract_id, r.quarter, r.revision desc
            """, keys.Select(k => k.Id).ToArray(), keys.Select(k => k.Quarter).ToArray());
        using var reader = command.ExecuteReader();
        var current = new Dictionary<(string, string), (int, string, string)>();
        while (reader.Read()) current[(reader.GetString(0), reader.GetString(1))] = (reader.GetInt32(2), reader.GetString(3), reader.GetString(4));
        return current;
    }

    private static void Insert(NpgsqlConnection connection, List<(AssessedPayout Payout, int Revision)> created, DateTimeOffset asOf, string computedBy)
    {
        using var copy = connection.BeginBinaryImport("""
            copy payout_revisions (contract_id, quarter, revision, input_digest, rule_set, rule_version, rule_sha256, status,
                quarter_score, pay_ratio, quarterly_fee, payout, deduction, ledger_line, months_csv, working, as_of, computed_by)
            from stdin (format binary)
            """);
        copy.Timeout = TimeSpan.FromMinutes(15);
        foreach (var (payout, revision) in created)
        {
            var a = payout.Assessment;
            copy.StartRow();
            copy.Write(a.Contract.Id, NpgsqlDbType.Text);
            copy.Write(a.Quarter.ToString(), NpgsqlDbType.Text);
            copy.Write(revision, NpgsqlDbType.Integer);
            copy.Write(a.InputDigest, NpgsqlDbType.Text);
            copy.Write(a.Rules.RuleSet, NpgsqlDbType.Text);
            copy.Write(a.Rules.Version, NpgsqlDbType.Integer);
            copy.Write(a.Rules.Sha256, NpgsqlDbType.Text);
            copy.Write(StatusColumn.Text(a.Status), NpgsqlDbType.Text);
            if (a.QuarterScore is { } score) copy.Write(score, NpgsqlDbType.Numeric);
            else copy.WriteNull();
            copy.Write(a.PayRatio, NpgsqlDbType.Numeric);
            copy.Write(a.Contract.QuarterlyFee, NpgsqlDbType.Numeric);
            copy.Write(a.Payout, NpgsqlDbType.Numeric);
            copy.Write(a.Deduction, NpgsqlDbType.Numeric);
            copy.Write(LedgerCsv.LedgerRow(a), NpgsqlDbType.Text);
            copy.Write(LedgerCsv.MonthRows(a), NpgsqlDbType.Text);
            copy.Write(payout.Working, NpgsqlDbType.Text); // UTF-8 as written: no string of it in between
            copy.Write(asOf.UtcDateTime, NpgsqlDbType.TimestampTz);
            copy.Write(computedBy, NpgsqlDbType.Text);
        }
        copy.Complete();
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
                reader.GetInt32(6), reader.GetString(7), StatusColumn.Read(reader, 8), reader.IsDBNull(9) ? null : reader.GetDecimal(9),
                reader.GetDecimal(10), reader.GetDecimal(11), reader.GetDecimal(12), reader.GetDecimal(13), reader.GetString(14),
                reader.GetString(15), reader.GetString(16), reader.GetFieldValue<DateTimeOffset>(17), reader.GetString(18),
                reader.GetFieldValue<DateTimeOffset>(19)));
        }
        return list;
    }
}
