using Npgsql;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Storage;

public sealed record ContractSummary(
    string ContractId, string CompanyId, string CompanyName, string CommunityId, string CommunityName, decimal QuarterlyFee, string StartQuarter,
    string? EndQuarter, string RuleSet);

public sealed record StoredScorecard(
    string Month, int Revision, decimal? Satisfaction, int SatisfactionResponses, decimal? Committee, decimal? Grid, decimal? GridRate,
    decimal? MonthScore, int RuleVersion, DateTimeOffset AsOf);

public sealed record StoredPayoutLine(
    string ContractId, string Quarter, int Revision, QuarterStatus Status, decimal? QuarterScore, decimal PayRatio, decimal QuarterlyFee,
    decimal Payout, decimal Deduction, int RuleVersion, string MonthsCsv, string CompanyName, string CommunityName, bool HasReport,
    DateTimeOffset ComputedAt);

public sealed record QuarterOverview(string Quarter, int Contracts, decimal TotalFees, decimal TotalPayout, decimal TotalDeductions, int Reduced, DateTimeOffset? PublishedAt);

/// <summary>The read side of the portal: what a company, finance and the public may see, one query each.</summary>
public static class PortalData
{
    private const string ContractColumns = """
        select k.contract_id, k.company_id, co.name, k.community_id, cm.name, k.quarterly_fee, k.start_quarter, k.end_quarter, k.rule_set
        from contracts k join companies co on co.company_id = k.company_id join communities cm on cm.community_id = k.community_id
        """;

    private const string PayoutColumns = """
        select p.contract_id, p.quarter, p.revision, p.status, p.quarter_score, p.pay_ratio, p.quarterly_fee, p.payout, p.deduction,
               p.rule_version, p.months_csv, coalesce(co.name, ''), coalesce(cm.name, ''),
               exists (select 1 from payout_reports r where r.contract_id = p.contract_id and r.quarter = p.quarter and r.revision = p.revision),
               p.computed_at
        from current_payouts p
        left join contracts k on k.contract_id = p.contract_id
        left join companies co on co.company_id = k.company_id
        left join communities cm on cm.community_id = k.community_id
        """;

    public static IReadOnlyList<ContractSummary> Contracts(NpgsqlConnection connection, string? companyId) =>
        Read(Sql.Command(connection, null, ContractColumns + " where $1::text is null or k.company_id = $1 order by k.contract_id collate \"C\"", companyId),
            ContractOf);

    public static ContractSummary? Contract(NpgsqlConnection connection, string contractId) =>
        Read(Sql.Command(connection, null, ContractColumns + " where k.contract_id = $1", contractId),
            ContractOf).SingleOrDefault();

    public static IReadOnlyList<StoredScorecard> Scorecards(NpgsqlConnection connection, string contractId) =>
        Read(Sql.Command(connection, null, """
                select month, revision, satisfaction, satisfaction_responses, committee, grid, grid_rate, month_score, rule_version, as_of
                from current_month_scorecards where contract_id = $1 order by month
                """, contractId),
            r => new StoredScorecard(r.GetString(0), r.GetInt32(1), Dec(r, 2), r.GetInt32(3), Dec(r, 4), Dec(r, 5), Dec(r, 6), Dec(r, 7), r.GetInt32(8),
                r.GetFieldValue<DateTimeOffset>(9)));

    public static IReadOnlyList<StoredPayoutLine> Payouts(NpgsqlConnection connection, string? contractId, Quarter? quarter) =>
        Read(Sql.Command(connection, null,
                PayoutColumns + " where ($1::text is null or p.contract_id = $1) and ($2::text is null or p.quarter = $2) order by p.quarter, p.contract_id collate \"C\"",
                contractId, quarter?.ToString()),
            r => new StoredPayoutLine(r.GetString(0), r.GetString(1), r.GetInt32(2), StatusColumn.Read(r, 3), Dec(r, 4), r.GetDecimal(5), r.GetDecimal(6),
                r.GetDecimal(7), r.GetDecimal(8), r.GetInt32(9), r.GetString(10), r.GetString(11), r.GetString(12), r.GetBoolean(13),
                r.GetFieldValue<DateTimeOffset>(14)));

    public static IReadOnlyList<QuarterOverview> Quarters(NpgsqlConnection connection) =>
        Read(Sql.Command(connection, null, """
                select p.quarter, count(*), sum(p.quarterly_fee), sum(p.payout), sum(p.deduction), count(*) filter (where p.deduction > 0), q.published_at
                from current_payouts p left join quarter_publications q on q.quarter = p.quarter
                group by p.quarter, q.published_at order by p.quarter desc
                """),
            r => new QuarterOverview(r.GetString(0), (int)r.GetInt64(1), r.GetDecimal(2), r.GetDecimal(3), r.GetDecimal(4), (int)r.GetInt64(5),
                r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6)));

    /// <summary>True while the quarter is public: published and not withdrawn since (see <see cref="Publications"/>).</summary>
    public static bool IsPublished(NpgsqlConnection connection, Quarter quarter) => Publications.IsPublished(connection, quarter);

    /// <summary>Publishes a quarter's results to the public pages; publishing a public quarter again changes nothing.</summary>
    public static bool Publish(NpgsqlConnection connection, Quarter quarter, string by) =>
        Publications.Publish(connection, quarter, by) == PublicationOutcome.Recorded;

    private static ContractSummary ContractOf(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetDecimal(5), r.GetString(6),
            r.IsDBNull(7) ? null : r.GetString(7), r.GetString(8));

    private static decimal? Dec(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDecimal(i);

    private static List<T> Read<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> map)
    {
        using (command)
        using (var reader = command.ExecuteReader())
        {
            var list = new List<T>();
            while (reader.Read()) list.Add(map(reader));
            return list;
        }
    }
}
