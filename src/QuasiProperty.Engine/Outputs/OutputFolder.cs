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
        var full = Path.GetFullPath(destination);
        var parent = Path.GetDirectoryName(full) ?? throw new IOException($"{destination} has no parent folder");
        var name = Path.GetFileName(full);
        if (File.Exists(full)) throw new IOException($"{destination} is a file; the output must go to a folder");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() && !File.Exists(Path.Combine(full, Marker)))
        {
            throw new IOException($"{destination} already holds files that QuasiProperty did not write; choose an empty or new folder");
        }

        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{name}.staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            writeInto(staging);
            File.WriteAllText(Path.Combine(staging, Marker), "Written by QuasiProperty; the whole folder is replaced on the next run.\n");
            if (Directory.Exists(full))
            {
                var previous = Path.Combine(parent, $".{name}.previous-{Guid.NewGuid():N}");
                Directory.Move(full, previous);
                Directory.Move(staging, full);
                Directory.Delete(previous, recursive: true);
            }
            else
            {
                Directory.Move(staging, full);
            }
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    /// <summary>A file name for an identifier from the inputs, safe on every file system.</summary>
    public static string FileNameFor(string id)
    {
        var safe = id.Length > 0 && id[0] != '.' && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        return safe ? id : Uri.EscapeDataString(id).Replace(".", "%2E", StringComparison.Ordinal);
    }
}
