using System.Globalization;
using QuasiProperty.Model;
using QuasiProperty.Scoring;

namespace QuasiProperty.Inputs;

/// <summary>
/// Reads <c>surveys/YYYY-MM.csv</c> into per-community tallies in one streaming pass. Repeated
/// response ids (an error) and households that answered twice (a warning: the later line counts)
/// are found with memory that does not grow with the file (<see cref="RepeatFinder"/>).
/// </summary>
public static class SurveyFile
{
    public static readonly IReadOnlyList<string> Columns =
        ["response_id", "community_id", "household_ref", "cleaning", "greening", "order", "convenience"];

    private const int ResponseId = 0, CommunityId = 1, HouseholdRef = 2, FirstItem = 3;
    private const int AnswerBits = 12;

    /// <param name="sink">Receives every valid row, for an import; the file may still be rejected afterwards.</param>
    public static FileResult<SurveyMonth> Read(
        string path, string display, ReferenceData reference, IProgress<long>? progress = null, Action<SurveyRow>? sink = null)
    {
        var problems = new ProblemList(display);
        var tallies = new SurveyTally?[reference.Communities.Count];
        var lookup = new CommunityLookup(reference);
        using var responseIds = new RepeatFinder();
        using var households = new RepeatFinder();

        using (var csv = CsvInput.Open(path, Columns, problems))
        {
            if (csv is null) return new FileResult<SurveyMonth>(null, problems.ToList(), []);
            long rows = 0;
            while (csv.Read())
            {
                if (++rows % 65536 == 0) progress?.Report(csv.Position);
                var before = problems.Count;
                var line = checked((int)csv.Line);
                var responseId = csv.Span(ResponseId);
                if (responseId.IsEmpty) csv.Problem(ResponseId, "is empty; a value is required");
                else responseIds.Add(responseId, 0, line, 0);

                var community = Community(csv, lookup, CommunityId);
                var household = csv.Span(HouseholdRef);
                if (household.IsEmpty) csv.Problem(HouseholdRef, "is empty; a value is required (a pseudonym such as h-0412)");
                var answers = Answers(csv);
                if (problems.Count == before && community >= 0)
                {
                    households.Add(household, (ulong)community, line, community << AnswerBits | answers);
                    (tallies[community] ??= new SurveyTally()).Add(answers);
                    sink?.Invoke(new SurveyRow(line, csv.Whole(ResponseId), community, csv.Whole(HouseholdRef), answers));
                }
            }
            progress?.Report(csv.Position);
        }

        var warnings = new List<InputProblem>();
        var superseded = new List<long>();
        foreach (var answered in households.Repeats())
        {
            var last = answered[^1];
            foreach (var earlier in answered[..^1])
            {
                tallies[earlier.Payload >> AnswerBits]!.Remove(earlier.Payload & ((1 << AnswerBits) - 1));
                superseded.Add(earlier.Line);
                warnings.Add(new InputProblem(display, earlier.Line, "household_ref", string.Create(CultureInfo.InvariantCulture,
                    $"the same household answered again on line {last.Line}; only the later answer counts")));
            }
        }
        RepeatedIds.Report(path, Columns, ResponseId, responseIds.Repeats(), problems, "response ids must be unique in a month");
        return FileResult.From(new SurveyMonth(tallies, superseded), problems, [.. warnings.OrderBy(w => w.Line)]);
    }

    /// <summary>The index of the community named in <paramref name="column"/>, or -1 with a problem.</summary>
    internal static int Community(CsvInput csv, CommunityLookup lookup, int column)
    {
        var id = csv.Span(column);
        if (id.IsEmpty)
        {
            csv.Problem(column, "is empty; a value is required");
            return -1;
        }
        if (lookup.TryFind(id, out var index)) return index;
        csv.Problem(column, $"'{csv.Show(column)}' is not a community in communities.csv");
        return -1;
    }

    private static int Answers(CsvInput csv)
    {
        var packed = 0;
        for (var i = 0; i < SurveyTally.Items; i++)
        {
            var cell = csv.Span(FirstItem + i);
            if (cell.IsEmpty) continue;
            if (cell.Length == 1 && cell[0] is >= (byte)'1' and <= (byte)'5')
            {
                packed |= (cell[0] - '0') << (3 * i);
                continue;
            }
            csv.Problem(FirstItem + i, $"must be a whole number from 1 to 5, or empty when not answered; it is '{csv.Show(FirstItem + i)}'");
        }
        return packed;
    }
}

/// <summary>
/// A month of survey responses: tallies per community, and the lines of answers replaced by a
/// later answer of the same household (they do not count).
/// </summary>
public sealed record SurveyMonth(SurveyTally?[] Tallies, IReadOnlyList<long> SupersededLines);

/// <summary>A valid survey response as read, for storing it. <see cref="Answers"/> is packed by <see cref="SurveyTally.Pack"/>.</summary>
public readonly record struct SurveyRow(long Line, string ResponseId, int Community, string HouseholdRef, int Answers);
