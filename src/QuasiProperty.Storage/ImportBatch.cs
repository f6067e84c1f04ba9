
namespace QuasiProperty.Storage;

/// <summary>
/// Imports files in the order given, two monthly files at a time. Within a file, reading and
/// checking overlap with PostgreSQL storing the rows; with two files under way, the work of one
/// that uses only one side (its start, or marking superseded answers, swapping the month in and
/// committing at its end) overlaps with the other's, and when reading is faster than storing two
/// PostgreSQL backends store at once. Each file is still its own transaction, all or nothing.
/// Files are numbered, and their outcomes reported, in the order given; two files of the same
/// source and month are stored in that order. Reference files change what monthly files are
/// checked against, so each waits for the files before it and is imported alone.
/// </summary>
public sealed class ImportBatch(Importer importer, Func<string, IProgress<long>?> progressOf, Action<ImportOutcome, IProgress<long>?> report)
{
    private const int MonthlyFilesAtOnce = 2;

    private sealed record Running(IProgress<long>? Terminal, ShownWhenFirst Progress, Task<ImportOutcome> Outcome);

    private readonly Queue<Running> running = new();

    public void Run(IEnumerable<(ImportSource Source, string Path)> files)
    {
        try
        {
            foreach (var (source, path) in files)
            {
                while (running.Count >= (source.IsMonthly() ? MonthlyFilesAtOnce : 1)) ReportFirst();
                var terminal = progressOf(path);
                var progress = new ShownWhenFirst(terminal);
                var started = importer.Start(source, path);
                var outcome = source.IsMonthly()
                    ? Task.Factory.StartNew(() => started.Finish(progress), TaskCreationOptions.LongRunning)
                    : Task.FromResult(started.Finish(progress.Show()));
                running.Enqueue(new Running(terminal, progress, outcome));
                if (!source.IsMonthly()) ReportFirst();
            }
            while (running.Count > 0) ReportFirst();
        }
        finally
        {
            // After a failure, the files already under way end on their own (each commits or stores nothing) before the failure is reported.
            foreach (var left in running)
            {
                Task.WaitAny(left.Outcome); // does not throw what the import threw: the first failure is the one reported
                if (left.Outcome.IsCompletedSuccessfully) report(left.Outcome.Result, left.Terminal);
            }
        }
    }

    private void ReportFirst()
    {
        var first = running.Peek();
        first.Progress.Show();
        var outcome = first.Outcome.GetAwaiter().GetResult();
        running.Dequeue();
        report(outcome, first.Terminal);
    }

    /// <summary>One progress line on the terminal: that of the first file still under way.</summary>
    private sealed class ShownWhenFirst(IProgress<long>? terminal) : IProgress<long>
    {
        private long latest;
        private volatile bool shown;

        public void Report(long value)
        {
            latest = value;
            if (shown) terminal?.Report(value);
        }

        public ShownWhenFirst Show()
        {
            shown = true;
            terminal?.Report(latest);
            return this;
        }
    }
}
