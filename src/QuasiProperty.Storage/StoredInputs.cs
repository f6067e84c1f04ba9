using System.Data;
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

    /// <summary>
    /// The inputs of some months; with <paramref name="communities"/>, only those communities' rows are read
    /// (the others are left empty), for jobs that assess a share of the contracts.
    /// </summary>
    public static IReadOnlyList<MonthInputs> LoadMonths(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IEnumerable<Month> months, ReferenceData reference,
        DateTimeOffset asOf, IReadOnlyCollection<string>? communities)
    {
        var wanted = months.Select(m => m.ToString()).ToArray();
        // Without a caller's transaction the months are still read from one snapshot, and the memory setting stays local to it.
        using var own = transaction is null ? connection.BeginTransaction(IsolationLevel.RepeatableRead) : null;
        var tx = transaction ?? own!;
        var present = Present(connection, tx, wanted);
        var only = communities?.ToArray();
        var surveys = Surveys(connection, tx, present("surveys"), reference, only);
        var committee = Committee(connection, tx, present("committee"), reference, only);
        var grid = Grid(connection, tx, present("grid"), reference, asOf, only);
        own?.Commit();
        return Months(wanted, reference, surveys, committee, grid);
    }

    /// <summary>
    /// The reference data and some months' inputs (a quarter's) from one snapshot. Each month's grid
    /// incidents (a city month is 700,000) are counted on a connection of its own that shares the
    /// snapshot, so that the database counts them on all cores, while the survey tallies and committee
    /// reports come in on the first.
    /// </summary>
    public static (ReferenceData Reference, IReadOnlyList<MonthInputs> Months) ReadMonths(
        NpgsqlDataSource database, IEnumerable<Month> months, DateTimeOffset asOf)
    {
        using var first = database.OpenConnection();
        using var one = first.BeginTransaction(IsolationLevel.RepeatableRead);
        var snapshot = Sql.Scalar<string>(first, one, "select pg_export_snapshot()")!;
        if (!snapshot.All(c => char.IsAsciiHexDigit(c) || c == '-')) throw new InvalidOperationException($"unexpected snapshot id '{snapshot}'");

        var reference = LoadReference(first, one);
        var wanted = months.Select(m => m.ToString()).ToArray();
        var present = Present(first, one, wanted);
        var gridMonths = present("grid")
            .Select(month => Task.Run(() => OnSnapshot(database, snapshot, (c, t) => Grid(c, t, [month], reference, asOf, null))))
            .ToArray();
        Dictionary<string, SurveyTally?[]> surveys;
        Dictionary<string, CommitteeReport?[]> committee;
        try
        {
            surveys = Surveys(first, one, present("surveys"), reference, null);
            committee = Committee(first, one, present("committee"), reference, null);
        }
        finally
        {
            // The snapshot lives as long as this transaction: it stays open until every other reader is done, however this one ended.
            foreach (var task in gridMonths) ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
        }
        var grid = gridMonths.SelectMany(t => t.GetAwaiter().GetResult()).ToDictionary();
        one.Commit();
        return (reference, Months(wanted, reference, surveys, committee, grid));
    }

    /// <summary>Reads on a connection of its own, in a transaction that sees the exported <paramref name="snapshot"/>.</summary>
    private static T OnSnapshot<T>(NpgsqlDataSource database, string snapshot, Func<NpgsqlConnection, NpgsqlTransaction, T> read)
    {
        using var connection = database.OpenConnection();
        using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        Sql.Execute(connection, transaction, $"set transaction snapshot '{snapshot}'");
        // These readers run side by side, one per month: workers of their own would only crowd the same cores.
        Sql.Execute(connection, transaction, "select set_config('max_parallel_workers_per_gather', '0', true)");
        var result = read(connection, transaction);
        transaction.Commit();
        return result;
    }

    /// <summary>Which of the months each source has a current import for.</summary>
    private static Func<string, string[]> Present(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] months)
    {
        var present = new HashSet<(string Source, string Month)>();
        using (var command = Sql.Command(connection, transaction, "select source, month from current_imports where month = any($1)", (object)months))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) present.Add((reader.GetString(0), reader.GetString(1)));
        }
        return source => months.Where(m => present.Contains((source, m))).ToArray();
    }

    private static MonthInputs[] Months(
        string[] months, ReferenceData reference, Dictionary<string, SurveyTally?[]> surveys, Dictionary<string, CommitteeReport?[]> committee, Dictionary<string, GridMonth> grid) =>
        months.Select(m => new MonthInputs(Month.Parse(m), reference, surveys.GetValueOrDefault(m), committee.GetValueOrDefault(m), grid.GetValueOrDefault(m)))
            .ToArray();

    private static Dictionary<string, SurveyTally?[]> Surveys(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] months, ReferenceData reference, string[]? only)
    {
        var tallies = months.ToDictionary(m => m, _ => new SurveyTally?[reference.Communities.Count]);
        if (months.Length == 0) return tallies;
        // The sums per answered-item pattern the import stored (migration 0008): at most 16 rows per community and month.
        // They come as columns rather than as arrays, which are slow to decode at a city's size (docs/performance.md).
        var sumColumns = string.Join(", ", Enumerable.Range(1, SurveySums.SumsPerPattern).Select(i => $"sums[{i}]"));
        using var command = Sql.Command(connection, transaction,
            $"select month, community_id, pattern, {sumColumns} from survey_tallies where month = any($1) and ($2::text[] is null or community_id = any($2))",
            months, only);
        using var reader = command.ExecuteReader();
        Span<long> sums = stackalloc long[SurveySums.SumsPerPattern];
        while (reader.Read())
        {
            var community = reference.CommunityIndex[reader.GetString(1)];
            for (var i = 0; i < sums.Length; i++) sums[i] = reader.GetInt64(3 + i);
            (tallies[reader.GetString(0)][community] ??= new SurveyTally()).AddPattern(reader.GetInt16(2), sums);
        }
        return tallies;
    }

    private static Dictionary<string, CommitteeReport?[]> Committee(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] months, ReferenceData reference, string[]? only)
    {
        var reports = months.ToDictionary(m => m, _ => new CommitteeReport?[reference.Communities.Count]);
        if (months.Length == 0) return reports;
        using var command = Sql.Command(connection, transaction,
            "select month, community_id, rating, issues_raised, issues_unresolved from committee_reports where month = any($1) and ($2::text[] is null or community_id = any($2))",
            months, only);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            reports[reader.GetString(0)][reference.CommunityIndex[reader.GetString(1)]] =
                new CommitteeReport(reader.GetDecimal(2), reader.GetInt32(3), reader.GetInt32(4));
        }
        return reports;
    }

    private static Dictionary<string, GridMonth> Grid(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] months, ReferenceData reference, DateTimeOffset asOf, string[]? only)
    {
        var grids = months.ToDictionary(m => m, _ => new GridMonth(reference.Communities.Count));
        if (months.Length == 0) return grids;
        // The engine keeps only counts per community and category: incidents, overdue and still open. The database
        // counts them rather than sending every incident; its overdue test is Incident.IsOverdue's rule in SQL
        // (OverdueRuleTests runs the same cases through both).
        using var command = Sql.Command(connection, transaction, """
            select month, community_id, category, count(*)::int,
                   (count(*) filter (where coalesce(closed_at, $3) > due_at))::int, (count(*) filter (where closed_at is null))::int
            from grid_incidents where month = any($1) and ($2::text[] is null or community_id = any($2))
            group by 1, 2, 3
            """, months, only, asOf.ToUniversalTime());
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var grid = grids[reader.GetString(0)];
            grid.Add(reference.CommunityIndex[reader.GetString(1)], grid.CategoryIndex(reader.GetString(2)),
                incidents: reader.GetInt32(3), overdue: reader.GetInt32(4), open: reader.GetInt32(5));
        }
        return grids;
    }
}
