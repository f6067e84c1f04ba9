using QuasiProperty.Model;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Inputs;

/// <summary>Some months' inputs, read from a data folder, and the warnings about their files.</summary>
public sealed record FolderMonths(IReadOnlyList<MonthInputs> Months, IReadOnlyList<InputProblem> Warnings);

/// <summary>Bytes of the months' files read so far, out of all of them.</summary>
public readonly record struct ReadProgress(long BytesRead, long TotalBytes);

/// <summary>
/// Reads exactly the monthly files of the months asked for (a quarter's, never the whole year), one
/// after the other, each on all cores, and rejects the lot with every problem if any file is invalid.
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
                MonthlySource.Grid => Unpack(GridFile.Read(path, display, month, reference, asOf, fileProgress)),
                _ => throw new InvalidOperationException(),
            };
        }

        var problems = results.SelectMany(r => r.Problems).ToList();
        if (problems.Count > 0) throw new InvalidInputException(problems);

        var months = wanted.Select(month =>
        {
            object? Data(MonthlySource source) =>
                Array.FindIndex(files, f => f.Month == month && f.Source == source) is var i and >= 0 ? results[i].Data : null;
            return new MonthInputs(month, reference, (SurveyTally?[]?)Data(MonthlySource.Surveys),
                (CommitteeReport?[]?)Data(MonthlySource.Committee), (GridMonth?)Data(MonthlySource.Grid));
        }).ToArray();
        var warnings = files.Select((_, i) => results[i].Warnings).SelectMany(w => w)
            .OrderBy(w => w.File, StringComparer.Ordinal).ToList(); // stable: each file's warnings stay in line order, its summary last
        return new FolderMonths(months, warnings);
    }

    private static (object?, IReadOnlyList<InputProblem>, IReadOnlyList<InputProblem>) Unpack<T>(FileResult<T> result, Func<T, object>? select = null)
        where T : class => (result.Data is null ? null : select is null ? result.Data : select(result.Data), result.Problems, result.Warnings);

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
