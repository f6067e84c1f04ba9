using QuasiProperty.Rules;

namespace QuasiProperty.Application;

/// <summary>
/// The rules folder: one sub-folder per rule set, each with its versions and its <c>versions.lock</c>.
/// Read afresh for every run, so that a newly adopted version is used without a restart.
/// </summary>
/// <param name="RecordsUse">
/// Whether the versions that produce results are added to <c>versions.lock</c>: true for the committee's checkout,
/// which commits the lock with the rules; false for a server's deployed copy, where the database's record of the
/// hashes guards the versions it used (<see cref="RulePolicy"/>) and a lock file would be lost with the copy.
/// </param>
public sealed record RulesFolder(string Path, bool RecordsUse = true)
{
    /// <summary>Every version of every rule set; refused if a used version was edited since (<c>versions.lock</c>).</summary>
    public RuleBook Load() => RuleFileReader.Load(Path);

    /// <summary>Records the versions that produced results, so that they can never be edited.</summary>
    public void RecordUsed(IEnumerable<RuleVersion> versions)
    {
        if (RecordsUse) UsedVersions.Record(Path, versions);
    }
}
