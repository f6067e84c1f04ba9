using QuasiProperty.Rules;

namespace QuasiProperty.Scheduling;

/// <summary>Where the rule files are. Read afresh by every job, so that a newly adopted version is used without a restart.</summary>
public sealed record RulesFolder(string Path)
{
    public RuleBook Load() => RuleFileReader.Load(Path);
}
