using Npgsql;
using QuasiProperty.Scoring;

namespace QuasiProperty.Storage;

/// <summary>A published quarter's totals as the public sees them: how many contracts, how they were decided, the mean score.</summary>
public sealed record PublishedQuarterTotals(string Quarter, int Contracts, int Assessed, int Unassessable, int Reduced, decimal? AverageScore);

/// <summary>One line of a published quarter: the community, its company, the decision and the rule version that decided it.</summary>
public sealed record PublicResultLine(
    string ContractId, string CommunityName, string CompanyName, QuarterStatus Status, decimal? QuarterScore, decimal PayRatio, decimal Deduction,
    string RuleSet, int RuleVersion);

/// <summary>A page of a published quarter's lines, and how many lines match in all.</summary>
public sealed record PublicResultPage(IReadOnlyList<PublicResultLine> Lines, int Matching);

/// <summary>
/// The public results, paged and searched in the database so that a city of 7,000 contracts is read a
/// page at a time. Only the quarters <see cref="PortalData.IsPublished"/> says are published are asked for.
/// </summary>
public static class PublicResults
{
    /// <summary>Per quarter totals of the given quarters, newest first.</summary>
    public static IReadOnlyList<PublishedQuarterTotals> Totals(NpgsqlConnection connection, IEnumerable<string> quarters)
    {
        using var command = Sql.Command(connection, null, $"""
            select p.quarter, count(*), count(*) filter (where p.status = '{StatusColumn.Assessed}'), count(*) filter (where p.status = '{StatusColumn.Unassessable}'),
                   count(*) filter (where p.deduction > 0), round(avg(p.quarter_score) filter (where p.status = '{StatusColumn.Assessed}'), 2)
            from current_payouts p where p.quarter = any($1) group by p.quarter order by p.quarter desc
            """, (object)quarters.ToArray());
        using var reader = command.ExecuteReader();
        var totals = new List<PublishedQuarterTotals>();
        while (reader.Read())
        {
            totals.Add(new PublishedQuarterTotals(reader.GetString(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3),
                (int)reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetDecimal(5)));
        }
        return totals;
    }

    /// <summary>
    /// The lines of a quarter whose community or company name contains <paramref name="search"/> (any case;
    /// null or empty for all), ordered by contract id, <paramref name="take"/> from <paramref name="skip"/>.
    /// </summary>
    public static PublicResultPage Page(NpgsqlConnection connection, string quarter, string? search, int skip, int take)
    {
        // The search is a literal text: LIKE's own characters in it match themselves.
        var pattern = string.IsNullOrWhiteSpace(search)
            ? null
            : "%" + search.Trim().Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";
        const string From = """
            from current_payouts p
            left join contracts k on k.contract_id = p.contract_id
            left join companies co on co.company_id = k.company_id
            left join communities cm on cm.community_id = k.community_id
            where p.quarter = $1 and ($2::text is null or cm.name ilike $2 or co.name ilike $2)
            """;
        var matching = (int)Sql.Scalar<long>(connection, null, "select count(*) " + From, quarter, pattern);
        using var command = Sql.Command(connection, null, """
            select p.contract_id, coalesce(cm.name, ''), coalesce(co.name, ''), p.status, p.quarter_score, p.pay_ratio, p.deduction,
                   p.rule_set, p.rule_version
            """ + "\n" + From + "\n" + """
            order by p.contract_id collate "C"
            offset $3 limit $4
            """, quarter, pattern, skip, take);
        using var reader = command.ExecuteReader();
        var lines = new List<PublicResultLine>();
        while (reader.Read())
        {
            lines.Add(new PublicResultLine(reader.GetString(0), reader.GetString(1), reader.GetString(2), StatusColumn.Read(reader, 3),
                reader.IsDBNull(4) ? null : reader.GetDecimal(4), reader.GetDecimal(5), reader.GetDecimal(6), reader.GetString(7), reader.GetInt32(8)));
        }
        return new PublicResultPage(lines, matching);
    }
}
