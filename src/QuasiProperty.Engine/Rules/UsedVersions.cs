using System.Globalization;

namespace QuasiProperty.Rules;

/// <summary>
/// The record of rule versions that have produced results, kept beside them as
/// <c>rules/&lt;rule_set&gt;/versions.lock</c> and committed with the rules. A version listed there
/// must keep its exact bytes forever: an edited file is refused, naming the version, the hash it
/// was used with and the hash it has now. A correction is a new version.
/// </summary>
public static class UsedVersions
{
    public const string FileName = "versions.lock";

    private const string Header =
        "# Rule versions that have produced payouts or signed reports, with the SHA-256 of their files.\n" +
        "# Written by qp; commit it with the rules. A version listed here must never be edited: add a new version instead.\n" +
        "# version sha256\n";

    /// <summary>Problems for every used version whose file is missing or no longer has its recorded bytes.</summary>
    public static IEnumerable<InputProblem> Check(string setFolder, IReadOnlyList<RuleVersion> versions)
    {
        var lockFile = Path.Combine(setFolder, FileName);
        foreach (var (version, sha256, line) in Read(lockFile))
        {
            var current = versions.FirstOrDefault(v => v.Version == version);
            if (current is null)
            {
                yield return new InputProblem(lockFile, line, "version", string.Create(CultureInfo.InvariantCulture,
                    $"version {version} has produced results (SHA-256 {sha256}) but no rule file of this rule set has that version any more; restore the file"));
            }
            else if (current.Sha256 != sha256)
            {
                yield return new InputProblem(current.SourceFile, 0, "version", string.Create(CultureInfo.InvariantCulture,
                    $"version {version} has produced results with SHA-256 {sha256} (recorded in {lockFile}), but the file now has SHA-256 {current.Sha256}: a used version must never be edited. Restore it (git checkout) and put the correction in a new version with a later effective_from."));
            }
        }
    }

    /// <summary>Adds the versions not yet recorded; never changes a recorded line.</summary>
    public static void Record(string rulesFolder, IEnumerable<RuleVersion> used)
    {
        foreach (var set in used.DistinctBy(v => (v.RuleSet, v.Version)).GroupBy(v => v.RuleSet, StringComparer.Ordinal))
        {
            var lockFile = Path.Combine(rulesFolder, set.Key, FileName);
            var recorded = Read(lockFile).Select(r => r.Version).ToHashSet();
            var added = set.Where(v => !recorded.Contains(v.Version)).OrderBy(v => v.Version).ToArray();
            if (added.Length == 0) continue;
            var text = (File.Exists(lockFile) ? "" : Header) +
                       string.Concat(added.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Version} {v.Sha256}\n")));
            File.AppendAllText(lockFile, text);
        }
    }

    private static IEnumerable<(int Version, string Sha256, long Line)> Read(string lockFile)
    {
        if (!File.Exists(lockFile)) yield break;
        long number = 0;
        foreach (var raw in File.ReadLines(lockFile))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var version)) yield return (version, parts[1], number);
        }
    }
}
