using System.Text.Json;

namespace QuasiProperty.Reports.Signing;

/// <summary>The verdict on a report, its JSON or its envelope.</summary>
public sealed record Verdict(bool Valid, IReadOnlyList<string> Findings);

/// <summary>
/// Checks a signed report offline with nothing but the public key: the envelope's signature first,
/// then every file the signed payload names against its hash.
/// </summary>
public static class ReportVerifier
{
    public static Verdict Verify(string file, VerificationKey key)
    {
        var envelope = EnvelopeFor(file);
        if (!File.Exists(envelope)) return new Verdict(false, [$"no signature: {envelope} does not exist"]);

        var (payload, type, problem) = Dsse.Open(File.ReadAllBytes(envelope), key);
        if (problem is not null) return new Verdict(false, [$"{envelope}: {problem}"]);

        using var json = JsonDocument.Parse(payload!);
        var root = json.RootElement;
        var folder = Path.GetDirectoryName(Path.GetFullPath(envelope))!;
        var findings = new List<string>();
        var valid = true;
        var named = new List<string>();
        foreach (var property in root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("sha256", out _)))
        {
            var name = property.Value.GetProperty("file").GetString()!;
            var signed = property.Value.GetProperty("sha256").GetString()!;
            var path = Path.Combine(folder, name);
            named.Add(name);
            if (!File.Exists(path))
            {
                var isAsked = SamePath(path, file);
                valid &= !isAsked;
                findings.Add($"{name}: not found beside the envelope{(isAsked ? "" : " (not checked)")}");
                continue;
            }
            var actual = SignedReports.Sha256(File.ReadAllBytes(path));
            if (actual == signed)
            {
                findings.Add($"{name}: matches the signed SHA-256 {signed}");
            }
            else
            {
                valid = false;
                findings.Add($"{name}: DOES NOT MATCH the signed document (signed SHA-256 {signed}, this file {actual}); it was changed after signing");
            }
        }
        if (!SamePath(file, envelope) && !named.Any(n => SamePath(Path.Combine(folder, n), file)))
        {
            valid = false;
            findings.Add($"{Path.GetFileName(file)} is not one of the documents this envelope signs ({string.Join(", ", named)})");
        }

        var development = root.TryGetProperty("development_key", out var dev) && dev.GetBoolean();
        var what = type == Dsse.ReportType
            ? $"report of contract {root.GetProperty("contract_id").GetString()}, {root.GetProperty("quarter").GetString()}"
            : $"quarter summary {root.GetProperty("quarter").GetString()}";
        findings.Insert(0, $"signature by key {key.KeyId} on the {what}: valid" +
                           (development ? " — but it is a DEVELOPMENT key, not an official document" : ""));
        return new Verdict(valid, findings);
    }

    /// <summary>The envelope of a file: itself, or <c>NAME.dsse.json</c> beside <c>NAME.html</c> / <c>NAME.json</c>; the summary's for the ledger.</summary>
    public static string EnvelopeFor(string file)
    {
        var name = Path.GetFileName(file);
        var folder = Path.GetDirectoryName(file) ?? "";
        if (name.EndsWith(".dsse.json", StringComparison.Ordinal)) return file;
        if (name is "ledger.csv" or "months.csv") return Path.Combine(folder, SignedReports.SummaryEnvelope);
        var stem = name.EndsWith(".html", StringComparison.Ordinal) ? name[..^5] : name.EndsWith(".json", StringComparison.Ordinal) ? name[..^5] : name;
        return Path.Combine(folder, stem + ".dsse.json");
    }

    private static bool SamePath(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
}
