using System.Diagnostics;
using System.Text;
using QuasiProperty.Testing;

namespace QuasiProperty.Scheduling.Tests;

/// <summary>A real <c>qp worker</c> process on the test database, which a test can kill.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();

    private WorkerProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Log
    {
        get
        {
            lock (log) return log.ToString();
        }
    }

    public bool HasExited => process.HasExited;

    /// <param name="settings">Configuration for this worker, as QuasiProperty:Jobs settings (e.g. ChunkSize = "2").</param>
    public static WorkerProcess Start(string connectionString, IReadOnlyDictionary<string, string> settings, string? rulesFolder = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepositoryRoot,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "qp.dll"), "worker", "--db", connectionString, "--rules", rulesFolder ?? TestPaths.Rules })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["QuasiProperty__Jobs__QueuePollInterval"] = "00:00:00.2";
        foreach (var (key, value) in settings) start.Environment[$"QuasiProperty__Jobs__{key}"] = value;
        return new WorkerProcess(Process.Start(start)!);
    }

    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (log) log.AppendLine(line);
    }
}
