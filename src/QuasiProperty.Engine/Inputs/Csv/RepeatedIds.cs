using System.Globalization;

namespace QuasiProperty.Inputs.Csv;

/// <summary>Reports identifiers that repeat within a file, naming each repeat's line and the first one's.</summary>
internal static class RepeatedIds
{
    /// <param name="candidates">
    /// Lines whose ids share a 64-bit hash (<see cref="RepeatFinder"/>); their text is read back and compared,
    /// so that a hash collision cannot reject a file.
    /// </param>
    public static void Report(string path, IReadOnlyList<string> columns, int column, List<KeyEntry[]> candidates, ProblemList problems, string rule)
    {
        if (candidates.Count == 0) return;
        // A second pass that runs only when the file has candidates, which nearly always means it is rejected.
        var lines = candidates.SelectMany(g => g).Select(e => e.Line).ToHashSet();
        var text = new Dictionary<int, string>();
        using (var csv = CsvInput.Open(path, columns, new ProblemList(path))!)
        {
            while (csv.Read() && text.Count < lines.Count)
            {
                if (lines.Contains((int)csv.Line)) text[(int)csv.Line] = csv.Whole(column);
            }
        }
        var repeats = candidates
            .SelectMany(g => g.GroupBy(e => text[e.Line], StringComparer.Ordinal).Where(same => same.Count() > 1))
            .Select(same => same.Select(e => e.Line).ToArray())
            .OrderBy(same => same[0]);
        foreach (var same in repeats)
        {
            foreach (var line in same[1..])
            {
                problems.Add(line, columns[column], string.Create(CultureInfo.InvariantCulture,
                    $"'{text[same[0]]}' appears again; it is already on line {same[0]} ({rule})"));
            }
        }
    }
}
