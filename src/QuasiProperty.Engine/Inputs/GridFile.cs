using System.Globalization;
using QuasiProperty.Model;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Inputs;

/// <summary>
/// Reads <c>grid/YYYY-MM.csv</c>, the grid command centre's incidents (城市管理网格件) of a month,
/// into counts per community and category. An incident is overdue when it was closed after its
/// due time, or is still open at the as-of time and that is after its due time.
/// </summary>
public static class GridFile
{
    public static readonly IReadOnlyList<string> Columns =
        ["incident_id", "community_id", "category", "reported_at", "due_at", "closed_at"];

    private const int IncidentId = 0, Category = 2, ReportedAt = 3, DueAt = 4, ClosedAt = 5;

    /// <param name="sink">Receives every valid row, for an import; the file may still be rejected afterwards.</param>
    public static FileResult<GridMonth> Read(
        string path, string display, Month month, ReferenceData reference, DateTimeOffset asOf,
        IProgress<long>? progress = null, Action<GridRow>? sink = null)
    {
        var problems = new ProblemList(display);
        var grid = new GridMonth(reference.Communities.Count);
        var ids = new RepeatFilter(new FileInfo(path).Length / 32);
        var lookup = new CommunityLookup(reference);
        var categories = new Dictionary<ulong, (byte[] Name, int Index)>();

        using (var csv = CsvInput.Open(path, Columns, problems))
        {
            if (csv is null) return new FileResult<GridMonth>(null, problems.ToList(), []);
            long rows = 0;
            while (csv.Read())
            {
                if (++rows % 65536 == 0) progress?.Report(csv.Position);
                var before = problems.Count;
                if (csv.IsEmpty(IncidentId)) csv.Problem(IncidentId, "is empty; a value is required");
                else ids.Add(KeyHash.Of(csv.Span(IncidentId)));
                var community = SurveyFile.Community(csv, lookup, 1);
                var category = CategoryOf(csv, grid, categories);

                var reported = Timestamp(csv, ReportedAt, required: true);
                var due = Timestamp(csv, DueAt, required: true);
                var closed = Timestamp(csv, ClosedAt, required: false);
                if (reported is { } r)
                {
                    if (ChinaTime.MonthOf(r) != month)
                        csv.Problem(ReportedAt, $"is in {ChinaTime.MonthOf(r)} (China time), not in {month}, the month of this file");
                    if (due < r) csv.Problem(DueAt, "is earlier than reported_at");
                    if (closed < r) csv.Problem(ClosedAt, "is earlier than reported_at");
                }

                if (problems.Count == before && community >= 0)
                {
                    grid.AddIncident(community, category, due!.Value, closed, asOf);
                    sink?.Invoke(new GridRow(csv.Line, csv.Whole(IncidentId), community, grid.Categories[category], reported!.Value, due.Value, closed));
                }
            }
            progress?.Report(csv.Position);
        }

        if (ids.Candidates.Count > 0) SettleRepeatedIds(path, display, ids, problems);
        return FileResult.From(grid, problems, []);
    }

    private static int CategoryOf(CsvInput csv, GridMonth grid, Dictionary<ulong, (byte[] Name, int Index)> seen)
    {
        if (csv.IsEmpty(Category))
        {
            csv.Problem(Category, "is empty; a value is required");
            return -1;
        }
        var hash = KeyHash.Of(csv.Span(Category));
        if (seen.TryGetValue(hash, out var known) && csv.Span(Category).SequenceEqual(known.Name))
        {
            return known.Index;
        }
        var name = csv.Text(Category);
        if (name is null) return -1;
        var index = grid.CategoryIndex(name);
        seen[hash] = (csv.Span(Category).ToArray(), index);
        return index;
    }

    private static DateTimeOffset? Timestamp(CsvInput csv, int column, bool required)
    {
        if (csv.IsEmpty(column))
        {
            if (required) csv.Problem(column, "is empty; a value is required");
            return null;
        }
        if (ChinaTime.TryParse(csv.Span(column), out var value)) return value;
        csv.Problem(column, $"must be an ISO 8601 time such as 2025-04-03T09:10:00 (China time) or 2025-04-03T09:10:00+08:00; it is '{csv.Show(column)}'");
        return null;
    }

    private static void SettleRepeatedIds(string path, string display, RepeatFilter ids, ProblemList problems)
    {
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        using var csv = CsvInput.Open(path, Columns, new ProblemList(display))!;
        while (csv.Read())
        {
            if (csv.IsEmpty(IncidentId) || !ids.IsCandidate(KeyHash.Of(csv.Span(IncidentId)))) continue;
            var id = csv.Whole(IncidentId);
            if (lines.TryGetValue(id, out var first))
            {
                problems.Add(csv.Line, "incident_id", string.Create(CultureInfo.InvariantCulture,
                    $"'{id}' appears again; it is already on line {first} (incident ids must be unique in a month)"));
            }
            else
            {
                lines.Add(id, csv.Line);
            }
        }
    }
}

/// <summary>A valid grid incident as read, for storing it.</summary>
public readonly record struct GridRow(
    long Line, string IncidentId, int Community, string Category, DateTimeOffset ReportedAt, DateTimeOffset DueAt, DateTimeOffset? ClosedAt);
