using Npgsql;
using QuasiProperty.Scoring;

namespace QuasiProperty.Storage;

/// <summary>A contract's latest decided quarter, as its company's home page shows it.</summary>
public sealed record LatestDecision(string ContractId, string Quarter, QuarterStatus Status, decimal? QuarterScore, decimal PayRatio, decimal Deduction);

/// <summary>An interim month scorecard of a quarter not yet paid out.</summary>
public sealed record InterimMonth(string ContractId, StoredScorecard Scorecard);

/// <summary>What a company's home page needs of all its contracts, in two queries whatever their number.</summary>
public static class CompanyOverview
{
    /// <summary>Each of the company's contracts' latest quarter with a current payout.</summary>
    public static IReadOnlyList<LatestDecision> LatestDecisions(NpgsqlConnection connection, string companyId)
    {
        using var command = Sql.Command(connection, null, """
            select distinct on (p.contract_id) p.contract_id, p.quarter, p.status, p.quarter_score, p.pay_ratio, p.deduction
            from current_payouts p join contracts k on k.contract_id = p.contract_id
            where k.company_id = $1
            order by p.contract_id, p.quarter desc
            """, companyId);
        using var reader = command.ExecuteReader();
        var list = new List<LatestDecision>();
        while (reader.Read())
        {
            list.Add(new LatestDecision(reader.GetString(0), reader.GetString(1), StatusColumn.Read(reader, 2), reader.IsDBNull(3) ? null : reader.GetDecimal(3),
                reader.GetDecimal(4), reader.GetDecimal(5)));
        }
        return list;
    }

    /// <summary>The company's current month scorecards of quarters that have no payout yet, by contract and month.</summary>
    public static IReadOnlyList<InterimMonth> InterimMonths(NpgsqlConnection connection, string companyId)
    {
        using var command = Sql.Command(connection, null, """
            select s.contract_id, s.month, s.revision, s.satisfaction, s.satisfaction_responses, s.committee, s.grid, s.grid_rate, s.month_score,
                   s.rule_version, s.as_of
            from current_month_scorecards s join contracts k on k.contract_id = s.contract_id
            where k.company_id = $1
              and not exists (select 1 from current_payouts p where p.contract_id = s.contract_id
                              and p.quarter = substr(s.month, 1, 4) || 'Q' || ((substr(s.month, 6, 2)::int + 2) / 3))
            order by s.contract_id, s.month
            """, companyId);
        using var reader = command.ExecuteReader();
        var list = new List<InterimMonth>();
        while (reader.Read())
        {
            static decimal? Dec(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDecimal(i);
            list.Add(new InterimMonth(reader.GetString(0), new StoredScorecard(reader.GetString(1), reader.GetInt32(2), Dec(reader, 3), reader.GetInt32(4),
                Dec(reader, 5), Dec(reader, 6), Dec(reader, 7), Dec(reader, 8), reader.GetInt32(9), reader.GetFieldValue<DateTimeOffset>(10))));
        }
        return list;
    }
}
