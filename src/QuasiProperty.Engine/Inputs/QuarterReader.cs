using QuasiProperty.Feedback;
using QuasiProperty.Model;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Inputs;

/// <summary>Some months' inputs, read from a data folder, the warnings about their files, and the folder's disputes.</summary>
public sealed record FolderMonths(IReadOnlyList<MonthInputs> Months, IReadOnlyList<InputProblem> Warnings, IReadOnlyList<Dispute> Disputes);

/// <summary>Bytes of the months' files read so far, out of all of them.</summary>
public readonly record struct ReadProgress(long BytesRead, long TotalBytes);

/// <summary>
/// Reads exactly the monthly files of the months asked for (a quarter's, never the whole year), one
/// after the other, each on all cores, and rejects the lot with every problem if any file is invalid.
/// <c>disputes.csv</c>, when there is one, is read first and whole: the grid files keep the incidents it names.
/// </summary>
public static class QuarterReader
{
    /// <summary>The inputs of the given months, in their order.</summary>
    public static FolderMonths Read(
        DataFolder folder, IReadOnlyList<Month> wanted, ReferenceData reference, DateTimeOffset asOf, IProgress<ReadProgress>? progress = null)
    {
        var files = wanted
            .SelectMany(m => Enum.GetValues<MonthlySource>().Select(s => (Month: m, Source: s)))
            .Where(f => folder.Has(f.Source, f.Month))
            .ToArray();
        var sizes = files.Select(f => new FileInfo(folder.PathOf(DataFolder.MonthlyFile(f.Source, f.Month))).Length).ToArray();
        var total = sizes.Sum();

        var disputesDisplay = folder.Display(DataFolder.DisputesFile);
        var disputes = File.Exists(folder.PathOf(DataFolder.DisputesFile))
            ? DisputesFile.Read(folder.PathOf(DataFolder.DisputesFile), disputesDisplay, reference)
            : new FileResult<IReadOnlyList<Dispute>>([], [], []);
        var contested = (disputes.Data ?? [])
            .Where(d => d.Kind == DisputeKind.Grid)
            .ToLookup(d => d.Month, d => d.Ref);

        var results = new (object? Data, IReadOnlyList<InputProblem> Problems, IReadOnlyList<InputProblem> Warnings)[files.Length];
        // One file at a time, each read on all cores (SlicedRead): memory holds one file's state, not six.
        for (var i = 0; i < files.Length; i++)
        {
            var (month, source) = files[i];
            var relative = DataFolder.MonthlyFile(source, month);
            var path = folder.PathOf(relative);
            var display = folder.Display(relative);
            var before = sizes[..i].Sum();
            var fileProgress = progress is null ? null : new Progress(p => progress.Report(new ReadProgress(before + p, total)));
            results[i] = source switch
            {
                MonthlySource.Surveys => Unpack(SurveyFile.Read(path, display, reference, fileProgress), s => s.Tallies),
                MonthlySource.Committee => Unpack(CommitteeFile.Read(path, display, reference)),
                MonthlySource.Grid => Unpack(GridFile.Read(path, display, month, reference, asOf, fileProgress,
                    contested: contested[month].ToHashSet(StringComparer.Ordinal))),
                MonthlySource.Community => Unpack(CommunityFile.Read(path, display, reference)),
                MonthlySource.Clues => Unpack(CluesFile.Read(path, display, month, reference)),
                _ => throw new InvalidOperationException(),
            };
        }

        var problems = disputes.Problems.Concat(results.SelectMany(r => r.Problems)).ToList();
        if (problems.Count > 0) throw new InvalidInputException(problems);

        var months = wanted.Select(month =>
        {
            object? Data(MonthlySource source) =>
                Array.FindIndex(files, f => f.Month == month && f.Source == source) is var i and >= 0 ? results[i].Data : null;
            var grid = (GridMonth?)Data(MonthlySource.Grid);
            return new MonthInputs(month, reference, (SurveyTally?[]?)Data(MonthlySource.Surveys),
                (CommitteeReport?[]?)Data(MonthlySource.Committee), grid)
            {
                Feedback = new MonthFeedback(
                    (CommunityAssessment?[]?)Data(MonthlySource.Community),
                    (grid?.Contested ?? []).ToDictionary(i => i.IncidentId, StringComparer.Ordinal),
                    (IReadOnlyList<Clue>?)Data(MonthlySource.Clues)),
            };
        }).ToArray();
        var crossChecked = disputes.Data!.Count == 0 ? [] : DisputeChecks.Check(disputes.Data!, months, reference, disputesDisplay);
        if (crossChecked.Count > 0) throw new InvalidInputException(crossChecked);
        var warnings = files.Select((_, i) => results[i].Warnings).SelectMany(w => w)
            .OrderBy(w => w.File, StringComparer.Ordinal).ToList(); // stable: each file's warnings stay in line order, its summary last
        return new FolderMonths(months, [.. disputes.Warnings, .. warnings], disputes.Data!);
    }

    private static (object?, IReadOnlyList<InputProblem>, IReadOnlyList<InputProblem>) Unpack<T>(FileResult<T> result, Func<T, object>? select = null)
        where T : class => (result.Data is null ? null : select is null ? result.Data : select(result.Data), result.Problems, result.Warnings);

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
