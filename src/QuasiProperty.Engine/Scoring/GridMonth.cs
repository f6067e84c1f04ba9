namespace QuasiProperty.Scoring;

/// <summary>
/// The grid command centre's export for one month, reduced to counts per community and
/// category. Whether an incident was overdue is decided when it is read (it depends on the
/// as-of time for open incidents); which categories count is decided by each contract's rules.
/// </summary>
public sealed class GridMonth(int communities)
{
    private const int Fields = 3; // incidents, overdue, still open

    private readonly List<string> categories = [];
    private readonly Dictionary<string, int> categoryIndex = new(StringComparer.Ordinal);
    private readonly int[]?[] counts = new int[communities][];
    private int[]? byName; // category indices in name order, for digests; worked out once, not per contract

    public IReadOnlyList<string> Categories => categories;

    /// <summary>The month's incidents that disputes name, kept whole so that an upheld dispute can take one out of the counts.</summary>
    public List<Feedback.ContestedIncident> Contested { get; } = [];

    public int CategoryIndex(string category)
    {
        if (categoryIndex.TryGetValue(category, out var index)) return index;
        categories.Add(category);
        categoryIndex.Add(category, categories.Count - 1);
        byName = null;
        return categories.Count - 1;
    }

    public void Add(int community, int category, bool overdue, bool open) => Apply(community, category, overdue, open, 1);

    /// <summary>Counts a community's incidents of one category at once: how many, how many of them overdue, how many still open.</summary>
    public void Add(int community, int category, int incidents, int overdue, int open)
    {
        var row = EnsureRow(community, category);
        var at = category * Fields;
        row[at] += incidents;
        row[at + 1] += overdue;
        row[at + 2] += open;
    }

    /// <summary>Counts an incident, overdue or not as <see cref="Incident.IsOverdue"/> judges it at <paramref name="asOf"/>.</summary>
    public void AddIncident(int community, int category, DateTimeOffset due, DateTimeOffset? closed, DateTimeOffset asOf) =>
        Add(community, category, overdue: Incident.IsOverdue(due, closed, asOf), open: closed is null);

    public void Remove(int community, int category, bool overdue, bool open) => Apply(community, category, overdue, open, -1);

    /// <summary>Adds the counts of another part of the same month's file (categories are matched by name).</summary>
    public void Merge(GridMonth other)
    {
        Contested.AddRange(other.Contested);
        for (var c = 0; c < other.categories.Count; c++)
        {
            var category = CategoryIndex(other.categories[c]);
            for (var community = 0; community < counts.Length; community++)
            {
                var row = other.counts[community];
                if (row is null || c * Fields >= row.Length || row[c * Fields] == 0) continue;
                EnsureRow(community, category);
                for (var k = 0; k < Fields; k++) counts[community]![category * Fields + k] += row[c * Fields + k];
            }
        }
    }

    /// <summary>The community's incidents of the month, split by whether <paramref name="counted"/> says the category counts.</summary>
    public GridCounts CountsFor(int community, Func<string, bool> counted)
    {
        var row = counts[community];
        int incidents = 0, overdue = 0, open = 0, uncounted = 0;
        if (row is not null)
        {
            for (var c = 0; c < categories.Count && c * Fields < row.Length; c++)
            {
                var at = c * Fields;
                if (!counted(categories[c]))
                {
                    uncounted += row[at];
                    continue;
                }
                incidents += row[at];
                overdue += row[at + 1];
                open += row[at + 2];
            }
        }
        return new GridCounts(incidents, overdue, open, uncounted);
    }

    /// <summary>Writes one community's counts in category-name order, for the digest of a contract's inputs.</summary>
    public void WriteTo(BinaryWriter writer, int community)
    {
        var row = counts[community];
        if (row is null) return;
        byName ??= [.. Enumerable.Range(0, categories.Count).OrderBy(c => categories[c], StringComparer.Ordinal)];
        foreach (var c in byName)
        {
            var at = c * Fields;
            if (at >= row.Length || row[at] == 0) continue;
            writer.Write(categories[c]);
            for (var k = 0; k < Fields; k++) writer.Write(row[at + k]);
        }
    }

    private int[] EnsureRow(int community, int category)
    {
        ref var row = ref counts[community];
        var needed = (category + 1) * Fields;
        if (row is null || row.Length < needed) Array.Resize(ref row, Math.Max(needed, (categories.Count + 2) * Fields));
        return row;
    }

    private void Apply(int community, int category, bool overdue, bool open, int sign) =>
        Add(community, category, sign, overdue ? sign : 0, open ? sign : 0);
}

/// <summary>Incidents of a community's month in the counted categories, and how many were not counted.</summary>
public readonly record struct GridCounts(int Incidents, int Overdue, int Open, int Uncounted)
{
    public int OnTime => Incidents - Overdue;
}
