using QuasiProperty.Rules;

namespace QuasiProperty.Application;

/// <summary>
/// A used rule version is never edited: a correction is a new version. <c>versions.lock</c> holds this for
/// a rules folder (checked when it is loaded); a source that records results holds it again with the
/// hashes it recorded, which a rules folder without its lock file, or another copy of it, cannot undo.
/// </summary>
public static class RulePolicy
{
    public static void RefuseEditedVersions(RuleBook rules, IEnumerable<UsedRuleVersion> recorded)
    {
        var problems = new List<InputProblem>();
        foreach (var used in recorded)
        {
            if (rules.VersionsOf(used.RuleSet).FirstOrDefault(v => v.Version == used.Version) is { } file && file.Sha256 != used.Sha256)
            {
                problems.Add(new InputProblem(file.SourceFile, 0, "version",
                    $"version {used.Version} of '{used.RuleSet}' has recorded payouts made with SHA-256 {used.Sha256}, but the file now has SHA-256 {file.Sha256}: " +
                    "a used version must never be edited. Restore it and put the correction in a new version."));
            }
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);
    }
}
