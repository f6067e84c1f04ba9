using System.Globalization;

namespace QuasiProperty.Inputs;

/// <summary>Reports identifiers that repeat within a file, naming each repeat's line and the first one's.</summary>
internal static class RepeatedIds
{
    public static void Report(string path, IReadOnlyList<string> columns, int column, List<KeyEntry[]> repeats, ProblemList problems, string rule)
    {
        if (repeats.Count == 0) return;
        // Only the repeated lines' text is read back, in a second pass that runs only when the file is rejected anyway.
        var firstLines = repeats.ToDictionary(g => g[0].Line, g => g);
        var text = new Dictionary<int, string>();
        using (var csv = CsvInput.Open(path, columns, new ProblemList(path))!)
        {
            while (csv.Read() && text.Count < firstLines.Count)
            {
                if (firstLines.ContainsKey((int)csv.Line)) text[(int)csv.Line] = csv.Whole(column);
            }
        }
        foreach (var group in repeats)
        {
            foreach (var repeat in group[1..])
            {
                problems.Add(repeat.Line, columns[column], string.Create(CultureInfo.InvariantCulture,
                    $"'{text.GetValueOrDefault(group[0].Line)}' appears again; it is already on line {group[0].Line} ({rule})"));
            }
        }
    }
}
