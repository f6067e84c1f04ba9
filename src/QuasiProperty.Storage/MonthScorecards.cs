using Npgsql;
using QuasiProperty.Model;
using QuasiProperty.Outputs;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;

namespace QuasiProperty.Storage;

/// <summary>
/// Interim month scores per contract, recorded by the monthly job so that a company sees its
/// month before the quarter closes. Like payouts, a new revision only when inputs or rules changed.
/// </summary>
public static class MonthScorecards
{
    public static bool Record(
        NpgsqlConnection connection, Contract contract, MonthAssessment month, RuleVersion rules, string inputDigest,
        DateTimeOffset asOf, string computedBy)
    {
        using var transaction = connection.BeginTransaction();
        Sql.LockForTransaction(connection, transaction, $"scorecard:{contract.Id}:{month.Month}");
        var current = 0;
        using (var command = Sql.Command(connection, transaction,
                   "select revision, input_digest, rule_sha256 from month_scorecards where contract_id = $1 and month = $2 order by revision desc limit 1",
                   contract.Id, month.Month.ToString()))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                if (reader.GetString(1) == inputDigest && reader.GetString(2) == rules.Sha256) return false;
                current = reader.GetInt32(0);
            }
        }
        Sql.Execute(connection, transaction, """
            insert into month_scorecards (contract_id, month, revision, input_digest, rule_set, rule_version, rule_sha256, satisfaction,
                satisfaction_responses, committee, grid, grid_rate, month_score, months_csv_row, as_of, computed_by)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            """,
            contract.Id, month.Month.ToString(), current + 1, inputDigest, rules.RuleSet, rules.Version, rules.Sha256,
            Rounded(month.Satisfaction.Score), month.Satisfaction.ValidResponses, Rounded(month.Committee?.Score), Rounded(month.Grid?.Score),
            Rounded(month.Grid?.Rate), Rounded(month.Score), LedgerCsv.MonthRow(contract.Id, month), asOf.UtcDateTime, computedBy);
        transaction.Commit();
        return true;
    }

    private static decimal? Rounded(decimal? value) => value is { } v ? Money.Round(v) : null;
}
