using QuasiProperty.Rules;

namespace QuasiProperty.Application;

/// <summary>
/// The rules folder: one sub-folder per rule set, each with its versions and its <c>versions.lock</c>.
/// Read afresh for every run, so that a newly adopted version is used without a restart.
/// </summary>
public sealed record RulesFolder(string Path)
{
    /// <summary>Every version of every rule set; refused if a used version was edited since (<c>versions.lock</c>).</summary>
    public RuleBook Load() => RuleFileReader.Load(Path);

    /// <summary>Records the versions that produced results, so that they can never be edited.</summary>
    public void RecordUsed(IEnumerable<RuleVersion> versions) => UsedVersions.Record(Path, versions);
}
