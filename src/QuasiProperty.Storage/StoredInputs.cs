using Npgsql;
using QuasiProperty.Inputs;
using QuasiProperty.Model;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Storage;

/// <summary>
/// Reads back what imports stored, as the same values the file readers produce, so that the
/// engine cannot tell (and does not care) where its inputs came from.
/// </summary>
public static class StoredInputs
{
    public static ReferenceData LoadReference(NpgsqlConnection connection, NpgsqlTransaction? transaction = null)
    {
        var communities = new List<Community>();
        using (var command = Sql.Command(connection, transaction, "select community_id, name, households from communities order by community_id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) communities.Add(new Community(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }
        var companies = new List<Company>();
        using (var command = Sql.Command(connection, transaction, "select company_id, name from companies order by company_id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) companies.Add(new Company(reader.GetString(0), reader.GetString(1)));
        }
        var contracts = new List<Contract>();
        using (var command = Sql.Command(connection, transaction,
                   "select contract_id, company_id, community_id, rule_set, quarterly_fee, start_quarter, end_quarter from contracts order by contract_id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                contracts.Add(new Contract(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetDecimal(4), Quarter.Parse(reader.GetString(5)), reader.IsDBNull(6) ? null : Quarter.Parse(reader.GetString(6))));
            }
        }
        return new ReferenceData(communities, companies, contracts);
    }

    /// <summary>The monthly inputs of a quarter: only months and sources that have a current import count as present.</summary>
    public static IReadOnlyList<MonthInputs> LoadQuarter(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Quarter quarter, ReferenceData reference, DateTimeOffset asOf) =>
        LoadMonths(connection, transaction, quarter.Months, reference, asOf, communities: null);

    /// <summary>
    /// The inputs of some months; with <paramref name="communities"/>, only those communities' rows are read
    /// (the others are left empty), for jobs that assess a share of the contracts.
    /// </summary>
    public static IReadOnlyList<MonthInputs> LoadMonths(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IEnumerable<Month> months, ReferenceData reference,
        DateTimeOffset asOf, IReadOnlyCollection<string>? communities)
    {
        var wanted = months.ToArray();
        var present = new HashSet<(string Source, string Month)>();
        using (var command = Sql.Command(connection, transaction,
                   "select source, month from current_imports where month = any($1)", (object)wanted.Select(m => m.ToString()).ToArray()))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) present.Add((reader.GetString(0), reader.GetString(1)));
        }

        var only = communities?.ToArray();
        return wanted.Select(month =>
        {
            var key = month.ToString();
            return new MonthInputs(month,
                present.Contains(("surveys", key)) ? Surveys(connection, transaction, key, reference, only) : null,
                present.Contains(("committee", key)) ? Committee(connection, transaction, key, reference, only) : null,
                present.Contains(("grid", key)) ? Grid(connection, transaction, key, reference, asOf, only) : null);
        }).ToArray();
    }

    private static SurveyTally?[] Surveys(NpgsqlConnection connection, NpgsqlTransaction? transaction, string month, ReferenceData reference, string[]? only)
    {
        var tallies = new SurveyTally?[reference.Communities.Count];
        // Responses with the same answers are interchangeable, so the database sends each answer pattern once with its count.
        using var command = Sql.Command(connection, transaction, """
            select community_id, coalesce(cleaning, 0), coalesce(greening, 0), coalesce("order", 0), coalesce(convenience, 0), count(*)
            from survey_responses where month = $1 and counts and ($2::text[] is null or community_id = any($2))
            group by 1, 2, 3, 4, 5
            """, month, only);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var community = reference.CommunityIndex[reader.GetString(0)];
            var answers = SurveyTally.Pack(reader.GetInt16(1), reader.GetInt16(2), reader.GetInt16(3), reader.GetInt16(4));
            (tallies[community] ??= new SurveyTally()).Add(answers, reader.GetInt64(5));
        }
        return tallies;
    }

    private static CommitteeReport?[] Committee(NpgsqlConnection connection, NpgsqlTransaction? transaction, string month, ReferenceData reference, string[]? only)
    {
        var reports = new CommitteeReport?[reference.Communities.Count];
        using var command = Sql.Command(connection, transaction,
            "select community_id, rating, issues_raised, issues_unresolved from committee_reports where month = $1 and ($2::text[] is null or community_id = any($2))",
            month, only);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            reports[reference.CommunityIndex[reader.GetString(0)]] = new CommitteeReport(reader.GetDecimal(1), reader.GetInt32(2), reader.GetInt32(3));
        }
        return reports;
    }

    private static GridMonth Grid(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string month, ReferenceData reference, DateTimeOffset asOf, string[]? only)
    {
        var grid = new GridMonth(reference.Communities.Count);
        using var command = Sql.Command(connection, transaction,
            "select community_id, category, due_at, closed_at from grid_incidents where month = $1 and ($2::text[] is null or community_id = any($2))",
            month, only);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var community = reference.CommunityIndex[reader.GetString(0)];
            var category = grid.CategoryIndex(reader.GetString(1));
            DateTimeOffset? closed = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3);
            grid.AddIncident(community, category, reader.GetFieldValue<DateTimeOffset>(2), closed, asOf);
        }
        return grid;
    }
}
