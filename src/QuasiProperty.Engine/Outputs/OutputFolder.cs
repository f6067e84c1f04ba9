namespace QuasiProperty.Outputs;

/// <summary>
/// Publishes a set of output files all at once: they are written into a staging folder beside the
/// destination and moved into place only when complete, so a failure leaves the destination as
/// it was. An existing destination is replaced only if it holds an earlier QuasiProperty output.
/// </summary>
public static class OutputFolder
{
    public const string Marker = ".quasiproperty-output";

    public static void Publish(string destination, Action<string> writeInto)
    {
        using var staged = Stage(destination);
        writeInto(staged.Path);
        staged.Commit();
    }

    /// <summary>
    /// A new, empty staging folder beside <paramref name="destination"/>: write into it, then <see cref="StagedFolder.Commit"/>
    /// moves it into place; disposed without a commit, it is removed and the destination is as it was.
    /// </summary>
    public static StagedFolder Stage(string destination)
    {
        var full = Path.GetFullPath(destination);
        var parent = Path.GetDirectoryName(full) ?? throw new IOException($"{destination} has no parent folder");
        var name = Path.GetFileName(full);
        if (File.Exists(full)) throw new IOException($"{destination} is a file; the output must go to a folder");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() && !File.Exists(Path.Combine(full, Marker)))
        {
            throw new IOException($"{destination} already holds files that QuasiProperty did not write; choose an empty or new folder");
        }

        Directory.CreateDirectory(parent);
        RemoveLeftovers(parent, name);
        var staging = Path.Combine(parent, $".{name}.staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        return new StagedFolder(staging, () =>
        {
            File.WriteAllText(Path.Combine(staging, Marker), "Written by QuasiProperty; the whole folder is replaced on the next run.\n");
            if (Directory.Exists(full))
            {
                var previous = Path.Combine(parent, $".{name}.previous-{Environment.ProcessId}-{Guid.NewGuid():N}");
                Directory.Move(full, previous);
                Directory.Move(staging, full);
                Directory.Delete(previous, recursive: true);
            }
            else
            {
                Directory.Move(staging, full);
            }
        });
    }

    /// <summary>
    /// Writes a file that does not exist yet, as every file of a staging folder is. Unlike
    /// <see cref="File.WriteAllBytes(string, byte[])"/> it neither truncates nor preallocates: on ext4 a
    /// truncated file is flushed to disk when it is closed, which slows writing thousands of small
    /// report files (docs/performance.md).
    /// </summary>
    public static void WriteNewFile(string path, ReadOnlySpan<byte> content)
    {
        using var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
        RandomAccess.Write(file, content, 0);
    }

    /// <summary>
    /// Removes the staging and replaced folders that a killed run of this output left behind (a
    /// city quarter's are hundreds of megabytes): those of processes that no longer run. A run in
    /// progress, here or in another process, keeps its own.
    /// </summary>
    private static void RemoveLeftovers(string parent, string name)
    {
        foreach (var kind in new[] { "staging", "previous" })
        {
            var prefix = $".{name}.{kind}-";
            foreach (var folder in Directory.EnumerateDirectories(parent, prefix + "*"))
            {
                var rest = Path.GetFileName(folder)[prefix.Length..];
                var dash = rest.IndexOf('-', StringComparison.Ordinal);
                if (dash > 0 && int.TryParse(rest[..dash], out var pid) && !IsRunning(pid)) Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A file name for an identifier from the inputs, safe on every file system.</summary>
    public static string FileNameFor(string id)
    {
        var safe = id.Length > 0 && id[0] != '.' && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        return safe ? id : Uri.EscapeDataString(id).Replace(".", "%2E", StringComparison.Ordinal);
    }
}

/// <summary>An output folder being written: moved into place by <see cref="Commit"/>, removed if disposed before.</summary>
public sealed class StagedFolder(string path, Action moveIntoPlace) : IDisposable
{
    private bool committed;

    /// <summary>Where the files go until the commit.</summary>
    public string Path { get; } = path;

    public void Commit()
    {
        moveIntoPlace();
        committed = true;
    }

    public void Dispose()
    {
        if (!committed && Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
