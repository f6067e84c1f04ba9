using QuasiProperty.Feedback;
using QuasiProperty.Model;
using QuasiProperty.Time;

namespace QuasiProperty.Inputs;

/// <summary>Reads <c>clues/YYYY-MM.csv</c> (feedback.md §3): residents' clues and suggestions received in the month.</summary>
public static class CluesFile
{
    public static readonly IReadOnlyList<string> Columns = ["clue_id", "community_id", "household_ref", "received_at", "kind", "useful"];

    /// <returns>The clues in file order.</returns>
    public static FileResult<IReadOnlyList<Clue>> Read(string path, string display, Month month, ReferenceData reference) =>
        throw new NotImplementedException("WIP: inputs helper");
}
