using System.Globalization;
using QuasiProperty.Inputs.Csv;
using QuasiProperty.Model;
using QuasiProperty.Scoring;

namespace QuasiProperty.Inputs;

/// <summary>
/// Reads <c>surveys/YYYY-MM.csv</c> into per-community tallies in one streaming pass, on all cores
/// (<see cref="SlicedRead"/>). Repeated response ids (an error) and households that answered twice
/// (a warning: the later line counts) are found with bounded memory (<see cref="RepeatFinder"/>).
/// </summary>
public static class SurveyFile
{
    public static readonly IReadOnlyList<string> Columns =
        ["response_id", "community_id", "household_ref", "cleaning", "greening", "order", "convenience"];

    private const int ResponseId = 0, CommunityId = 1, HouseholdRef = 2, FirstItem = 3;
    private const int AnswerBits = 12;

    /// <summary>A repeated household is kept as its community's index and answers in 31 bits.</summary>
    internal const int MaxCommunities = 1 << (31 - AnswerBits);

    /// <param name="sink">
    /// Receives every valid row in line order, for an import (the file is then read on one core); the
    /// file may still be rejected afterwards.
    /// </param>
    public static FileResult<SurveyMonth> Read(
        string path, string display, ReferenceData reference, IProgress<long>? progress = null, Action<SurveyRow>? sink = null) =>
        Read(path, display, reference, progress, sink, sink is null ? SlicedRead.DefaultSliceBytes : int.MaxValue);

    internal static FileResult<SurveyMonth> Read(
        string path, string display, ReferenceData reference, IProgress<long>? progress, Action<SurveyRow>? sink, int sliceBytes)
    {
        var problems = new ProblemList(display);
        if (reference.Communities.Count > MaxCommunities)
        {
            problems.Add(0, "file", string.Create(CultureInfo.InvariantCulture,
                $"cannot be read with {reference.Communities.Count:N0} communities in communities.csv; a survey month is read for at most {MaxCommunities:N0}"));
            return new FileResult<SurveyMonth>(null, problems.ToList(), []);
        }
        var readers = SlicedRead.Run(path, Columns, problems, fileBytes => new Reader(reference, sink, fileBytes), progress, sliceBytes);

        if (readers is null) return new FileResult<SurveyMonth>(null, problems.ToList(), []);
        try
        {
            var tallies = Reader.Tallies(readers);
            var warnings = ProblemList.Warnings(display);
            var superseded = new List<long>();
            foreach (var answered in RepeatFinder.Repeats([.. readers.Select(r => r.Households)]))
            {
                var last = answered[^1];
                foreach (var earlier in answered[..^1])
                {
                    tallies[earlier.Payload >> AnswerBits]!.Remove(earlier.Payload & ((1 << AnswerBits) - 1));
                    superseded.Add(earlier.Line);
                    warnings.Add(earlier.Line, "household_ref", string.Create(CultureInfo.InvariantCulture,
                        $"the same household answered again on line {last.Line}; only the later answer counts"));
                }
            }
            RepeatedIds.Report(path, Columns, ResponseId, RepeatFinder.Repeats([.. readers.Select(r => r.ResponseIds)]), problems,
                "response ids must be unique in a month");
            superseded.Sort();
            return FileResult.From(new SurveyMonth(tallies, superseded), problems, warnings.ToList());
        }
        finally
        {
            foreach (var reader in readers) reader.Dispose();
        }
    }

    /// <summary>One core's part of a survey file: tallies per community, keys for finding repeats.</summary>
    private sealed class Reader(ReferenceData reference, Action<SurveyRow>? sink, long fileBytes) : IRowReader
    {
        private readonly CommunityLookup lookup = new(reference);
        private readonly SurveyTally?[] tallies = new SurveyTally?[reference.Communities.Count];

        public RepeatFinder ResponseIds { get; } = new(fileBytes);

        /// <summary>Keyed by the household's ref and community: its hash seed, and the payload's upper bits.</summary>
        public RepeatFinder Households { get; } = new(fileBytes, payloadKeyMask: -1 << AnswerBits);

        public void Row(CsvInput csv)
        {
            var before = csv.Problems.Count;
            var line = checked((int)csv.Line);
            var responseId = csv.Span(ResponseId);
            if (responseId.IsEmpty) csv.Problem(ResponseId, "is empty; a value is required");
            else ResponseIds.Add(responseId, 0, line, 0);

            var community = Community(csv, lookup, CommunityId);
            var household = csv.Span(HouseholdRef);
            if (household.IsEmpty) csv.Problem(HouseholdRef, "is empty; a value is required (a pseudonym such as h-0412)");
            var answers = Answers(csv);
            if (csv.Problems.Count == before && community >= 0)
            {
                Households.Add(household, community, line, community << AnswerBits | answers);
                (tallies[community] ??= new SurveyTally()).Add(answers);
                sink?.Invoke(new SurveyRow(line, responseId, community, household, answers));
            }
        }

        /// <summary>The tallies of the whole file: every reader's, summed per community.</summary>
        public static SurveyTally?[] Tallies(IReadOnlyList<Reader> readers)
        {
            var whole = readers[0].tallies;
            foreach (var reader in readers.Skip(1))
            {
                for (var community = 0; community < whole.Length; community++)
                {
                    if (reader.tallies[community] is not { } part) continue;
                    if (whole[community] is { } sum) sum.Merge(part);
                    else whole[community] = part;
                }
            }
            return whole;
        }

        public void Dispose()
        {
            ResponseIds.Dispose();
            Households.Dispose();
        }
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
        // Nearly every row ends with its four answers, each one digit or empty: read them from the row's bytes in one
        // go rather than cell by cell (docs/performance.md). Anything else is read, and reported, cell by cell.
        if (csv.EndsWithColumnsFrom(FirstItem) && TryAnswersAtTheEnd(csv.RawRow, out var atTheEnd)) return atTheEnd;
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

    /// <summary>Packs the row's last four cells when each is empty or one digit from 1 to 5, exactly as the cells would be read.</summary>
    private static bool TryAnswersAtTheEnd(ReadOnlySpan<byte> row, out int packed)
    {
        packed = 0;
        var end = row.Length; // just past the cell being read, which a comma precedes: the items are not the first column
        for (var i = SurveyTally.Items - 1; i >= 0; i--)
        {
            if (end >= 2 && row[end - 1] is >= (byte)'1' and <= (byte)'5' && row[end - 2] == ',')
            {
                packed |= (row[end - 1] - '0') << (3 * i);
                end -= 2;
            }
            else if (end >= 1 && row[end - 1] == ',')
            {
                end--;
            }
            else
            {
                return false;
            }
        }
        return true;
    }
}

/// <summary>
/// A month of survey responses: tallies per community, and the lines of answers replaced by a
/// later answer of the same household (they do not count).
/// </summary>
public sealed record SurveyMonth(SurveyTally?[] Tallies, IReadOnlyList<long> SupersededLines);

/// <summary>
/// A valid survey response as read, for storing it: its text as the file's UTF-8 bytes, valid only
/// while the sink that receives it runs. <see cref="Answers"/> is packed by <see cref="SurveySums.Pack"/>.
/// </summary>
public readonly ref struct SurveyRow(long line, ReadOnlySpan<byte> responseId, int community, ReadOnlySpan<byte> householdRef, int answers)
{
    public long Line { get; } = line;
    public ReadOnlySpan<byte> ResponseId { get; } = responseId;
    public int Community { get; } = community;
    public ReadOnlySpan<byte> HouseholdRef { get; } = householdRef;
    public int Answers { get; } = answers;
}
