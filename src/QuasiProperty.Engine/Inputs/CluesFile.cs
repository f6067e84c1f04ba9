using QuasiProperty.Feedback;
using QuasiProperty.Inputs.Csv;
using QuasiProperty.Model;
using QuasiProperty.Time;

namespace QuasiProperty.Inputs;

/// <summary>Reads <c>clues/YYYY-MM.csv</c> (feedback.md §3): residents' clues and suggestions received in the month.</summary>
public static class CluesFile
{
    public static readonly IReadOnlyList<string> Columns = ["clue_id", "community_id", "household_ref", "received_at", "kind", "useful"];

    private const int ClueId = 0, CommunityId = 1, HouseholdRef = 2, ReceivedAt = 3, Kind = 4, Useful = 5;

    /// <returns>The clues in file order.</returns>
    public static FileResult<IReadOnlyList<Clue>> Read(string path, string display, Month month, ReferenceData reference)
    {
        var problems = new ProblemList(display);
        var clues = new List<Clue>();
        var lookup = new CommunityLookup(reference);
        using var csv = CsvInput.Open(path, Columns, problems);
        if (csv is null) return new FileResult<IReadOnlyList<Clue>>(null, problems.ToList(), []);
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var before = problems.Count;
            var id = ReferenceFiles.UniqueId(csv, ClueId, seen);
            var community = SurveyFile.Community(csv, lookup, CommunityId);
            // The community office alone knows who a pseudonym is: the file carries nothing else about the household.
            var household = csv.Text(HouseholdRef, required: false);
            if (household is null) csv.Problem(HouseholdRef, "is empty; a value is required (a pseudonym such as h-0412)");

            var received = GridFile.Timestamp(csv, ReceivedAt, required: true);
            if (received is { } r && !ChinaTime.IsIn(r, month))
                csv.Problem(ReceivedAt, $"is in {ChinaTime.MonthOf(r)} (China time), not in {month}, the month of this file");

            var kind = KindOf(csv);
            var useful = UsefulOf(csv);

            if (problems.Count == before && community >= 0)
                clues.Add(new Clue(id!, reference.Communities[community].Id, household!, received!.Value, kind!.Value, useful));
        }
        return FileResult.From<IReadOnlyList<Clue>>(clues, problems, []);
    }

    private static ClueKind? KindOf(CsvInput csv)
    {
        switch (csv.Text(Kind))
        {
            case null: return null;
            case "clue": return ClueKind.Clue;
            case "suggestion": return ClueKind.Suggestion;
            default:
                csv.Problem(Kind, $"must be clue or suggestion; it is '{csv.Show(Kind)}'");
                return null;
        }
    }

    /// <summary>yes, no, or null when empty (not yet judged) or invalid (with a problem).</summary>
    private static bool? UsefulOf(CsvInput csv)
    {
        switch (csv.Text(Useful, required: false))
        {
            case null: return null;
            case "yes": return true;
            case "no": return false;
            default:
                csv.Problem(Useful, $"must be yes, no, or empty while not yet judged; it is '{csv.Show(Useful)}'");
                return null;
        }
    }
}
