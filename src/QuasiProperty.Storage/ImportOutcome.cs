using QuasiProperty.Time;

namespace QuasiProperty.Storage;

public enum ImportStatus
{
    /// <summary>Stored; nothing was there before for this source and month.</summary>
    Imported,

    /// <summary>Stored, replacing the earlier import of this source and month (a corrected file).</summary>
    Replaced,

    /// <summary>The same bytes are already the current import: nothing changed.</summary>
    AlreadyImported,

    /// <summary>The file has problems: nothing was stored.</summary>
    Rejected,
}

/// <summary>What importing one file did.</summary>
/// <param name="ImportId">The import's number in the log (for AlreadyImported: the earlier import's).</param>
/// <param name="Previous">For Replaced and AlreadyImported, the import that was current before.</param>
public sealed record ImportOutcome(
    string File,
    ImportSource Source,
    Month? Month,
    ImportStatus Status,
    long? ImportId,
    int Rows,
    string Sha256,
    StoredImport? Previous,
    IReadOnlyList<InputProblem> Problems,
    IReadOnlyList<InputProblem> Warnings);

/// <summary>An entry of the import log.</summary>
public sealed record StoredImport(long ImportId, string Source, string? Month, string FileName, string Sha256, int Rows, string ImportedBy, DateTimeOffset ImportedAt);
