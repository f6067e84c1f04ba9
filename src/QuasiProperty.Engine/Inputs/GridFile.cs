using System.Globalization;
using QuasiProperty.Inputs.Csv;
using QuasiProperty.Feedback;
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

    /// <param name="sink">
    /// Receives every valid row in line order, for an import (the file is then read on one core); the
    /// file may still be rejected afterwards.
    /// </param>
    /// <param name="contested">Incident ids that disputes name: these are kept whole (<see cref="GridMonth.Contested"/>), not only counted.</param>
    public static FileResult<GridMonth> Read(
        string path, string display, Month month, ReferenceData reference, DateTimeOffset asOf,
        IProgress<long>? progress = null, Action<GridRow>? sink = null, IReadOnlySet<string>? contested = null) =>
        Read(path, display, month, reference, asOf, progress, sink, sink is null ? SlicedRead.DefaultSliceBytes : int.MaxValue, contested);

    internal static FileResult<GridMonth> Read(
        string path, string display, Month month, ReferenceData reference, DateTimeOffset asOf,
        IProgress<long>? progress, Action<GridRow>? sink, int sliceBytes, IReadOnlySet<string>? contested = null)
    {
        var problems = new ProblemList(display);
        var readers = SlicedRead.Run(
            path, Columns, problems, fileBytes => new Reader(month, reference, asOf, sink, fileBytes, contested), progress, sliceBytes);
        if (readers is null) return new FileResult<GridMonth>(null, problems.ToList(), []);
        try
        {
            var grid = new GridMonth(reference.Communities.Count);
            foreach (var reader in readers) grid.Merge(reader.Grid);
            RepeatedIds.Report(path, Columns, IncidentId, RepeatFinder.Repeats([.. readers.Select(r => r.Ids)]), problems,
                "incident ids must be unique in a month");
            return FileResult.From(grid, problems, []);
        }
        finally
        {
            foreach (var reader in readers) reader.Dispose();
        }
    }

    /// <summary>One core's part of a grid file: incidents counted per community and category, ids for finding repeats.</summary>
    private sealed class Reader(
        Month month, ReferenceData reference, DateTimeOffset asOf, Action<GridRow>? sink, long fileBytes, IReadOnlySet<string>? contested) : IRowReader
    {
        private readonly CommunityLookup lookup = new(reference);
        private readonly List<(byte[] Name, int Index)> categories = [];

        public GridMonth Grid { get; } = new(reference.Communities.Count);

        public RepeatFinder Ids { get; } = new(fileBytes);

        public void Row(CsvInput csv)
        {
            var before = csv.Problems.Count;
            var id = csv.Span(IncidentId);
            if (id.IsEmpty) csv.Problem(IncidentId, "is empty; a value is required");
            else Ids.Add(id, 0, checked((int)csv.Line), 0);
            var community = SurveyFile.Community(csv, lookup, 1);
            var category = CategoryOf(csv, Grid, categories);

            var reported = Timestamp(csv, ReportedAt, required: true);
            var due = Timestamp(csv, DueAt, required: true);
            var closed = Timestamp(csv, ClosedAt, required: false);
            if (reported is { } r)
            {
                if (!ChinaTime.IsIn(r, month))
                    csv.Problem(ReportedAt, $"is in {ChinaTime.MonthOf(r)} (China time), not in {month}, the month of this file");
                if (due < r) csv.Problem(DueAt, "is earlier than reported_at");
                if (closed < r) csv.Problem(ClosedAt, "is earlier than reported_at");
            }

            if (csv.Problems.Count == before && community >= 0)
            {
                Grid.AddIncident(community, category, due!.Value, closed, asOf);
                if (contested is { Count: > 0 } && contested.Contains(System.Text.Encoding.UTF8.GetString(id)))
                {
                    Grid.Contested.Add(new ContestedIncident(System.Text.Encoding.UTF8.GetString(id), reference.Communities[community].Id,
                        Grid.Categories[category], Incident.IsOverdue(due.Value, closed, asOf), closed is null));
                }
                sink?.Invoke(new GridRow(csv.Line, id, community, Grid.Categories[category], reported!.Value, due.Value, closed));
            }
        }

        public void Dispose() => Ids.Dispose();
    }

    /// <summary>The category's index; a grid export has a handful of categories, so a scan beats hashing.</summary>
    private static int CategoryOf(CsvInput csv, GridMonth grid, List<(byte[] Name, int Index)> seen)
    {
        var category = csv.Span(Category);
        if (category.IsEmpty)
        {
            csv.Problem(Category, "is empty; a value is required");
            return -1;
        }
        foreach (var (name, index) in seen)
        {
            if (category.SequenceEqual(name)) return index;
        }
        var added = grid.CategoryIndex(csv.Whole(Category));
        seen.Add((category.ToArray(), added));
        return added;
    }

    /// <summary>A timestamp cell, as every file writes them (China time when it has no offset); null, with a problem when required, when empty or bad.</summary>
    internal static DateTimeOffset? Timestamp(CsvInput csv, int column, bool required)
    {
        var cell = csv.Span(column);
        if (cell.IsEmpty)
        {
            if (required) csv.Problem(column, "is empty; a value is required");
            return null;
        }
        if (ChinaTime.TryParse(cell, out var value)) return value;
        csv.Problem(column, $"must be an ISO 8601 time such as 2025-04-03T09:10:00 (China time) or 2025-04-03T09:10:00+08:00; it is '{csv.Show(column)}'");
        return null;
    }
}

/// <summary>A valid grid incident as read, for storing it; its id is the file's UTF-8 bytes, valid only while the sink that receives it runs.</summary>
public readonly ref struct GridRow(
    long line, ReadOnlySpan<byte> incidentId, int community, string category, DateTimeOffset reportedAt, DateTimeOffset dueAt, DateTimeOffset? closedAt)
{
    public long Line { get; } = line;
    public ReadOnlySpan<byte> IncidentId { get; } = incidentId;
    public int Community { get; } = community;
    public string Category { get; } = category;
    public DateTimeOffset ReportedAt { get; } = reportedAt;
    public DateTimeOffset DueAt { get; } = dueAt;
    public DateTimeOffset? ClosedAt { get; } = closedAt;
}
