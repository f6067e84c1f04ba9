using System.Globalization;

namespace QuasiProperty.Inputs;

/// <summary>
/// The problems (or warnings) of one file. Keeps the first <see cref="Limit"/> and counts the rest,
/// so that a file with a million bad rows yields a readable message rather than exhausting memory.
/// </summary>
public sealed class ProblemList(string file, string leftOut = "more problems not listed; the file is rejected")
{
    /// <summary>Warnings of a file that is accepted: households that answered twice in a city month are thousands.</summary>
    public static ProblemList Warnings(string file) => new(file, "more warnings like these not listed");

    public const int Limit = 200;

    private readonly List<InputProblem> kept = [];

    public string File { get; } = file;

    public long Count { get; private set; }

    public bool Any => Count > 0;

    public void Add(long line, string field, string message)
    {
        Count++;
        if (kept.Count < Limit) kept.Add(new InputProblem(File, line, field, message));
    }

    /// <summary>Forgets every problem, for a file that is being read again from the start.</summary>
    public void Clear()
    {
        Count = 0;
        kept.Clear();
    }

    /// <summary>The kept problems, ordered by line, plus a closing line when some were left out.</summary>
    public IReadOnlyList<InputProblem> ToList()
    {
        var list = kept.OrderBy(p => p.Line).ToList();
        if (Count > kept.Count)
        {
            list.Add(new InputProblem(File, 0, "file",
                string.Create(CultureInfo.InvariantCulture, $"{Count - kept.Count:N0} {leftOut}")));
        }
        return list;
    }
}
