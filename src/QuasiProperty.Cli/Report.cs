using QuasiProperty.Inputs;

namespace QuasiProperty.Cli;

/// <summary>How the command line shows problems, warnings and progress.</summary>
internal static class Report
{
    public static int Rejected(TextWriter error, InvalidInputException e)
    {
        foreach (var problem in e.Problems) error.WriteLine(problem);
        var files = e.Problems.Select(p => p.File).Distinct(StringComparer.Ordinal).Count();
        error.WriteLine($"qp: rejected: {e.Problems.Count} problem(s) in {files} file(s); nothing was written.");
        return ExitCodes.InputRejected;
    }

    public static void Warnings(TextWriter error, IEnumerable<InputProblem> warnings)
    {
        foreach (var warning in warnings) error.WriteLine($"warning: {warning}");
    }

    /// <summary>A one-line progress bar on the terminal; silent when standard error is redirected (logs, CI).</summary>
    public static IProgress<ReadProgress>? Progress(TextWriter error, string label)
    {
        if (!ReferenceEquals(error, Console.Error) || Console.IsErrorRedirected) return null;
        return new TerminalProgress(label);
    }

    /// <summary>Progress through one file, for imports.</summary>
    public static IProgress<long>? FileProgress(TextWriter error, string path) =>
        Progress(error, $"importing {path}") is TerminalProgress terminal ? new FileBytes(terminal, new FileInfo(path).Length) : null;

    public static void EndProgress(object? progress)
    {
        if (progress is TerminalProgress terminal) terminal.End();
        if (progress is FileBytes file) file.Terminal.End();
    }

    private sealed class FileBytes(TerminalProgress terminal, long length) : IProgress<long>
    {
        public TerminalProgress Terminal => terminal;

        public void Report(long value) => terminal.Report(new ReadProgress(value, length));
    }

    private sealed class TerminalProgress(string label) : IProgress<ReadProgress>
    {
        private readonly Lock gate = new();
        private int shown = -1;
        private bool any;

        public void Report(ReadProgress value)
        {
            var percent = value.TotalBytes == 0 ? 100 : (int)(value.BytesRead * 100 / value.TotalBytes);
            lock (gate)
            {
                if (percent == shown) return;
                shown = percent;
                any = true;
                Console.Error.Write($"\r{label} {percent,3}% of {value.TotalBytes / 1048576.0:F1} MiB");
            }
        }

        public void End()
        {
            lock (gate)
            {
                if (any) Console.Error.WriteLine();
            }
        }
    }
}
