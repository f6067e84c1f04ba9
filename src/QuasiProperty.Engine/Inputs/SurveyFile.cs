using System.Globalization;
using QuasiProperty.Model;
using QuasiProperty.Scoring;

namespace QuasiProperty.Inputs;

/// <summary>
/// Reads <c>surveys/YYYY-MM.csv</c> into per-community tallies in one streaming pass. Repeated
/// response ids (an error) and households that answered twice (a warning: the later line
/// counts) are found with fixed memory and settled by a second pass only when a key may repeat.
/// </summary>
public static class SurveyFile
{
    public static readonly IReadOnlyList<string> Columns =
        ["response_id", "community_id", "household_ref", "cleaning", "greening", "order", "convenience"];

    private const int ResponseId = 0, CommunityId = 1, HouseholdRef = 2, FirstItem = 3;

    /// <param name="sink">Receives every valid row, for an import; the file may still be rejected afterwards.</param>
    public static FileResult<SurveyMonth> Read(
        string path, string display, ReferenceData reference, IProgress<long>? progress = null, Action<SurveyRow>? sink = null)
    {
        var problems = new ProblemList(display);
        var tallies = new SurveyTally?[reference.Communities.Count];
        var expectedRows = new FileInfo(path).Length / 16;
        var responseIds = new RepeatFilter(expectedRows);
        var households = new RepeatFilter(expectedRows);
        var lookup = new CommunityLookup(reference);

        using (var csv = CsvInput.Open(path, Columns, problems))
        {
            if (csv is null) return new FileResult<SurveyMonth>(null, problems.ToList(), []);
            long rows = 0;
            while (csv.Read())
            {
                if (++rows % 65536 == 0) progress?.Report(csv.Position);
                var before = problems.Count;
                if (csv.IsEmpty(ResponseId)) csv.Problem(ResponseId, "is empty; a value is required");
                else responseIds.Add(KeyHash.Of(csv.Span(ResponseId)));

                var community = Community(csv, lookup, CommunityId);
                if (csv.IsEmpty(HouseholdRef)) csv.Problem(HouseholdRef, "is empty; a value is required (a pseudonym such as h-0412)");
                else if (community >= 0) households.Add(KeyHash.Of(csv.Span(HouseholdRef), (ulong)community));

                var answers = Answers(csv);
                if (problems.Count == before && community >= 0)
                {
                    (tallies[community] ??= new SurveyTally()).Add(answers);
                    sink?.Invoke(new SurveyRow(csv.Line, csv.Whole(ResponseId), community, csv.Whole(HouseholdRef), answers));
                }
            }
            progress?.Report(csv.Position);
        }

        var warnings = new List<InputProblem>();
        var superseded = new List<long>();
        if (responseIds.Candidates.Count > 0 || households.Candidates.Count > 0)
        {
            SettleRepeats(path, display, lookup, responseIds, households, tallies, problems, warnings, superseded);
        }
        return FileResult.From(new SurveyMonth(tallies, superseded), problems, warnings);
    }

    /// <summary>The index of the community named in <paramref name="column"/>, or -1 with a problem.</summary>
    internal static int Community(CsvInput csv, CommunityLookup lookup, int column)
    {
        if (csv.IsEmpty(column))
        {
            csv.Problem(column, "is empty; a value is required");
            return -1;
        }
        if (lookup.TryFind(csv.Span(column), out var index)) return index;
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

    /// <summary>The second pass: reads only the rows whose keys may repeat and decides exactly.</summary>
    private static void SettleRepeats(
        string path, string display, CommunityLookup lookup, RepeatFilter responseIds, RepeatFilter households,
        SurveyTally?[] tallies, ProblemList problems, List<InputProblem> warnings, List<long> superseded)
    {
        var ids = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        var answersByHousehold = new Dictionary<(int Community, string Household), List<(long Line, int Answers)>>();
        using (var csv = CsvInput.Open(path, Columns, new ProblemList(display))!)
        {
            while (csv.Read())
            {
                if (!csv.IsEmpty(ResponseId) && responseIds.IsCandidate(KeyHash.Of(csv.Span(ResponseId))))
                {
                    var id = csv.Whole(ResponseId);
                    if (!ids.TryGetValue(id, out var lines)) ids[id] = lines = [];
                    lines.Add(csv.Line);
                }
                if (!csv.IsEmpty(HouseholdRef) && lookup.TryFind(csv.Span(CommunityId), out var community)
                    && households.IsCandidate(KeyHash.Of(csv.Span(HouseholdRef), (ulong)community)))
                {
                    var key = (community, csv.Whole(HouseholdRef));
                    if (!answersByHousehold.TryGetValue(key, out var answers)) answersByHousehold[key] = answers = [];
                    answers.Add((csv.Line, Answers(csv)));
                }
            }
        }

        foreach (var (id, lines) in ids.Where(x => x.Value.Count > 1))
        {
            foreach (var line in lines.Skip(1))
            {
                problems.Add(line, "response_id", string.Create(CultureInfo.InvariantCulture,
                    $"'{id}' appears again; it is already on line {lines[0]} (response ids must be unique in a month)"));
            }
        }
        foreach (var ((community, household), answers) in answersByHousehold.Where(x => x.Value.Count > 1))
        {
            var last = answers[^1];
            foreach (var earlier in answers.SkipLast(1))
            {
                if (!problems.Any) tallies[community]!.Remove(earlier.Answers);
                superseded.Add(earlier.Line);
                warnings.Add(new InputProblem(display, earlier.Line, "household_ref", string.Create(CultureInfo.InvariantCulture,
                    $"household '{household}' answered again on line {last.Line}; only the later answer counts")));
            }
        }
    }
}

/// <summary>
/// A month of survey responses: tallies per community, and the lines of answers replaced by a
/// later answer of the same household (they do not count).
/// </summary>
public sealed record SurveyMonth(SurveyTally?[] Tallies, IReadOnlyList<long> SupersededLines);

/// <summary>A valid survey response as read, for storing it. <see cref="Answers"/> is packed by <see cref="SurveyTally.Pack"/>.</summary>
public readonly record struct SurveyRow(long Line, string ResponseId, int Community, string HouseholdRef, int Answers);
