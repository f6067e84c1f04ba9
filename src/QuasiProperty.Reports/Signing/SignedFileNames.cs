using System.Text;
using System.Text.Json;

namespace QuasiProperty.Reports.Signing;

/// <summary>
/// The file names a report's envelope binds: its signed payload names the report and its assessment
/// (<c>HT2025-01.html</c>, <c>HT2025-01.json</c>), and <c>qp verify</c> finds the envelope beside them as
/// <c>HT2025-01.dsse.json</c> and refuses a file under any other name. A download must carry these names.
/// <see cref="KeyId"/> is the key the envelope says signed it, to point at the public key that verifies it.
/// </summary>
public sealed record SignedFileNames(string Report, string Assessment, string Envelope, string KeyId)
{
    /// <summary>Reads the names from the envelope's payload; the signature is the verifier's business, not checked here.</summary>
    public static SignedFileNames Of(byte[] envelope)
    {
        using var json = JsonDocument.Parse(envelope);
        var payload = Convert.FromBase64String(json.RootElement.GetProperty("payload").GetString() ?? "");
        using var signed = JsonDocument.Parse(payload);
        var report = signed.RootElement.GetProperty("report").GetProperty("file").GetString()!;
        var assessment = signed.RootElement.GetProperty("assessment_file").GetProperty("file").GetString()!;
        var keyId = json.RootElement.GetProperty("signatures").EnumerateArray().Select(e => e.TryGetProperty("keyid", out var id) ? id.GetString() : null)
            .FirstOrDefault() ?? "";
        return new SignedFileNames(report, assessment, Path.GetFileName(ReportVerifier.EnvelopeFor(report)), keyId);
    }

    public static SignedFileNames Of(string envelope) => Of(Encoding.UTF8.GetBytes(envelope));
}
