using System.Runtime.CompilerServices;

namespace QuasiProperty.Inputs.Csv;

/// <summary>Reads rows of one input file; one instance per core, each seeing some of the file's slices.</summary>
internal interface IRowReader : IDisposable
{
    void Row(CsvInput csv);
}

/// <summary>
/// Reads a large input file on all cores: the file is cut at line starts into slices (found by the
/// encoding check, which reads every byte anyway), and each core's reader takes the next slice
/// until none is left; the caller merges the readers. Line numbers stay those of the whole file.
/// A file with any problem is read again in one piece, so that its messages are exactly those of
/// a sequential reading (a quoted value broken across a slice boundary must not invent problems).
/// </summary>
internal static class SlicedRead
{
    /// <summary>Slices of about 8 MB: enough to keep both cores busy to the end, few enough to cost nothing.</summary>
    public const int DefaultSliceBytes = 8 << 20;

    /// <param name="newReader">Makes one core's reader, given the file's size in bytes.</param>
    /// <returns>
    /// The readers that read the file (the caller disposes them), or null when it cannot be read at all
    /// (the reason is in <paramref name="problems"/>).
    /// </returns>
    public static IReadOnlyList<TReader>? Run<TReader>(
        string path, IReadOnlyList<string> columns, ProblemList problems, Func<long, TReader> newReader, IProgress<long>? progress,
        int sliceBytes = DefaultSliceBytes)
        where TReader : IRowReader
    {
        var scan = TextEncoding.Scan(path, sliceBytes);
        var fileBytes = new FileInfo(path).Length;
        using var first = CsvInput.Open(path, scan, columns, problems);
        if (first is null) return null;
        var slices = scan.Slices;
        if (slices.Count == 1) return [ReadSlice(first, newReader(fileBytes), progress, new long[1])];

        var readers = new TReader[Math.Min(Environment.ProcessorCount, slices.Count)];
        var sliceProblems = new ProblemList[readers.Length];
        var next = 0;
        var done = new long[1];
        Parallel.For(0, readers.Length, new ParallelOptions { MaxDegreeOfParallelism = readers.Length }, r =>
        {
            readers[r] = newReader(fileBytes);
            sliceProblems[r] = new ProblemList(problems.File);
            int s;
            while ((s = Interlocked.Increment(ref next) - 1) < slices.Count)
            {
                var end = s + 1 < slices.Count ? slices[s + 1].Offset : long.MaxValue;
                using var csv = s == 0 ? null : first.Slice(slices[s], end, sliceProblems[r]);
                ReadSlice(csv ?? first, readers[r], progress, done);
            }
        });
        if (sliceProblems.All(p => !p.Any) && !first.Problems.Any) return readers;

        foreach (var reader in readers) reader.Dispose();
        problems.Clear();
        using var whole = CsvInput.Open(path, scan with { Slices = [slices[0]] }, columns, problems)!;
        return [ReadSlice(whole, newReader(fileBytes), progress, new long[1])];
    }

    // Called once a slice, so tiered compilation would leave its loop in precompiled code, which calls the
    // reader's Row through a generic lookup on every row; it is compiled fully optimised at once (docs/performance.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TReader ReadSlice<TReader>(CsvInput csv, TReader reader, IProgress<long>? progress, long[] done)
        where TReader : IRowReader
    {
        long rows = 0, reported = 0;
        while (csv.Read())
        {
            reader.Row(csv);
            if (++rows % 65536 == 0 && progress is not null) reported = Report(csv.Position, reported);
        }
        if (progress is not null) Report(csv.Position, reported);
        return reader;

        long Report(long position, long before)
        {
            progress.Report(Interlocked.Add(ref done[0], position - before));
            return position;
        }
    }
}
