using System.Text;
using Npgsql;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Storage;

/// <summary>How finance orders a ledger.</summary>
public enum LedgerSort
{
    Deduction,
    Score,
    Company,
    Community,
    Contract,
}

/// <summary>
/// One page of a ledger as finance asks for it: which lines (filters and a search on the contract
/// id and the company's and community's names), in what order, and which page of how many lines.
/// </summary>
public sealed record LedgerQuery
{
    public bool ReducedOnly { get; init; }

    public bool UnassessableOnly { get; init; }

    public string? CompanyId { get; init; }

    public string? CommunityId { get; init; }

    public decimal? MinScore { get; init; }

    public decimal? MaxScore { get; init; }

    /// <summary>Part of a contract id, company name or community name, in any case.</summary>
    public string? Search { get; init; }

    public LedgerSort Sort { get; init; } = LedgerSort.Deduction;

    public bool Descending { get; init; } = true;

    /// <summary>1-based; a page past the last shows the last.</summary>
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 50;
}

/// <summary>A contract's line in a ledger; the payout fields are null for a contract without any payout yet.</summary>
public sealed record LedgerLine(
    string ContractId, string CompanyId, string CompanyName, string CommunityId, string CommunityName, decimal QuarterlyFee,
    string? Quarter, int? Revision, QuarterStatus? Status, decimal? QuarterScore, decimal? PayRatio, decimal? Payout, decimal? Deduction, bool HasReport);

/// <summary>Totals of every line of a ledger, whatever the filter.</summary>
public sealed record LedgerTotals(int Contracts, decimal Fees, decimal Payout, decimal Deductions, int Reduced, int Unassessable);

/// <param name="Matching">How many lines the filter matches, on all pages.</param>
/// <param name="MatchingDeductions">The deductions of the matching lines, on all pages.</param>
public sealed record LedgerPage(LedgerTotals All, int Matching, decimal MatchingDeductions, int Page, int Pages, int PageSize, IReadOnlyList<LedgerLine> Lines);

/// <summary>
/// Finance's ledgers paged in the database, so a city's 7,000 contracts cost one page of rows:
/// a quarter's current payouts, and every contract with its latest quarter. Every value of a query
/// is a parameter; only the fixed fragments below are ever joined into the SQL.
/// </summary>
public static class FinanceLedger
{
    private const string LineColumns =
        "contract_id, company_id, company_name, community_id, community_name, quarterly_fee, quarter, revision, status, quarter_score, pay_ratio, payout, deduction";

    /// <summary>The current payouts of a quarter; null when the quarter has none.</summary>
    public static LedgerPage? Quarter(NpgsqlConnection connection, Quarter quarter, LedgerQuery query)
    {
        var page = Read(connection, query, args => $"""
            select p.contract_id, coalesce(k.company_id, '') as company_id, coalesce(co.name, '') as company_name,
                   coalesce(k.community_id, '') as community_id, coalesce(cm.name, '') as community_name, p.quarterly_fee, p.quarter,
                   p.revision, p.status, p.quarter_score, p.pay_ratio, p.payout, p.deduction
            from current_payouts p
            left join contracts k on k.contract_id = p.contract_id
            left join companies co on co.company_id = k.company_id
            left join communities cm on cm.community_id = k.community_id
            where p.quarter = {args.Add(quarter.ToString())}
            """);
        return page.All.Contracts == 0 ? null : page;
    }

    /// <summary>Every contract of the reference data, each with the current payout of its latest quarter (if any).</summary>
    public static LedgerPage Contracts(NpgsqlConnection connection, LedgerQuery query) =>
        Read(connection, query, _ => """
            select k.contract_id, k.company_id, co.name as company_name, k.community_id, cm.name as community_name, k.quarterly_fee,
                   p.quarter, p.revision, p.status, p.quarter_score, p.pay_ratio, p.payout, p.deduction
            from contracts k
            join companies co on co.company_id = k.company_id
            join communities cm on cm.community_id = k.community_id
            left join lateral (
                select r.quarter, r.revision, r.status, r.quarter_score, r.pay_ratio, r.payout, r.deduction
                from payout_revisions r where r.contract_id = k.contract_id
                order by r.quarter desc, r.revision desc limit 1) p on true
            """);

    /// <summary>Every company, for the ledgers' company filter: (id, name) by id.</summary>
    public static IReadOnlyList<(string Id, string Name)> Companies(NpgsqlConnection connection)
    {
        using var command = Sql.Command(connection, null, "select company_id, name from companies order by company_id collate \"C\"");
        using var reader = command.ExecuteReader();
        var list = new List<(string, string)>();
        while (reader.Read()) list.Add((reader.GetString(0), reader.GetString(1)));
        return list;
    }

    private static LedgerPage Read(NpgsqlConnection connection, LedgerQuery query, Func<Arguments, string> source)
    {
        var size = Math.Clamp(query.PageSize, 1, 500);

        var totalsArgs = new Arguments();
        var totalsSql = $"""
            with lines as ({source(totalsArgs)})
            select count(*), coalesce(sum(quarterly_fee), 0), coalesce(sum(payout), 0), coalesce(sum(deduction), 0),
                   count(*) filter (where deduction > 0), count(*) filter (where status = '{StatusColumn.Unassessable}'),
                   count(*) filter (where {Matching(query, totalsArgs)}), coalesce(sum(deduction) filter (where {Matching(query, totalsArgs)}), 0)
            from lines
            """;
        LedgerTotals all;
        int matching;
        decimal matchingDeductions;
        using (var command = Sql.Command(connection, null, totalsSql, [.. totalsArgs.Values]))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            all = new LedgerTotals((int)reader.GetInt64(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetDecimal(3),
                (int)reader.GetInt64(4), (int)reader.GetInt64(5));
            matching = (int)reader.GetInt64(6);
            matchingDeductions = reader.GetDecimal(7);
        }

        var pages = Math.Max(1, (matching + size - 1) / size);
        var page = Math.Clamp(query.Page, 1, pages);
        var pageArgs = new Arguments();
        var pageSql = $"""
            with lines as ({source(pageArgs)})
            select {LineColumns},
                   exists (select 1 from payout_reports r where r.contract_id = l.contract_id and r.quarter = l.quarter and r.revision = l.revision)
            from lines l
            where {Matching(query, pageArgs)}
            order by {OrderBy(query)}
            limit {pageArgs.Add(size)} offset {pageArgs.Add((page - 1) * size)}
            """;
        var lines = new List<LedgerLine>();
        using (var command = Sql.Command(connection, null, pageSql, [.. pageArgs.Values]))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                lines.Add(new LedgerLine(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetDecimal(5), Text(reader, 6), reader.IsDBNull(7) ? null : reader.GetInt32(7), StatusColumn.ReadNullable(reader, 8), Dec(reader, 9),
                    Dec(reader, 10), Dec(reader, 11), Dec(reader, 12), reader.GetBoolean(13)));
            }
        }
        return new LedgerPage(all, matching, matchingDeductions, page, pages, size, lines);
    }

    /// <summary>The filter as a condition on the lines; its values go in as parameters.</summary>
    private static string Matching(LedgerQuery query, Arguments args)
    {
        var conditions = new List<string>();
        if (query.ReducedOnly) conditions.Add("deduction > 0");
        if (query.UnassessableOnly) conditions.Add($"status = '{StatusColumn.Unassessable}'");
        if (!string.IsNullOrEmpty(query.CompanyId)) conditions.Add($"company_id = {args.Add(query.CompanyId)}");
        if (!string.IsNullOrEmpty(query.CommunityId)) conditions.Add($"community_id = {args.Add(query.CommunityId)}");
        if (query.MinScore is { } min) conditions.Add($"quarter_score >= {args.Add(min)}");
        if (query.MaxScore is { } max) conditions.Add($"quarter_score <= {args.Add(max)}");
        if (!string.IsNullOrEmpty(query.Search))
        {
            // strpos, not LIKE: a % or _ typed into the search box is a character like any other.
            var search = args.Add(query.Search);
            conditions.Add($"(strpos(lower(contract_id), lower({search})) > 0 or strpos(lower(company_name), lower({search})) > 0 " +
                           $"or strpos(lower(community_name), lower({search})) > 0)");
        }
        return conditions.Count == 0 ? "true" : string.Join(" and ", conditions);
    }

    /// <summary>The order; the contract id last makes it total, so walking the pages meets every line exactly once.</summary>
    private static string OrderBy(LedgerQuery query)
    {
        var direction = query.Descending ? "desc" : "asc";
        var first = query.Sort switch
        {
            LedgerSort.Score => $"quarter_score {direction} nulls last, ",
            LedgerSort.Deduction => $"deduction {direction} nulls last, ",
            LedgerSort.Company => $"company_name {direction}, ",
            LedgerSort.Community => $"community_name {direction}, ",
            _ => "",
        };
        var contract = query.Sort == LedgerSort.Contract ? direction : "asc";
        return new StringBuilder(first).Append("contract_id collate \"C\" ").Append(contract).ToString();
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static decimal? Dec(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDecimal(i);

    /// <summary>Positional parameters in the order the SQL text names them.</summary>
    private sealed class Arguments
    {
        public List<object?> Values { get; } = [];

        public string Add(object value)
        {
            Values.Add(value);
            return "$" + Values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
