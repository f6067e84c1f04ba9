using System.Globalization;
using System.Text;
using System.Text.Json;

namespace QuasiProperty.Reports.Signing;

/// <summary>
/// Dead Simple Signing Envelopes (DSSE, as in-toto and Sigstore use them): the signature covers
/// PAE(payloadType, payload), so no canonical JSON is needed, and the payload type says what is signed.
/// </summary>
public static class Dsse
{
    public const string ReportType = "application/vnd.quasiproperty.report+json";
    public const string SummaryType = "application/vnd.quasiproperty.summary+json";

    public static readonly IReadOnlySet<string> KnownTypes = new HashSet<string>(StringComparer.Ordinal) { ReportType, SummaryType };

    /// <summary>The pre-authentication encoding: "DSSEv1" SP len(type) SP type SP len(body) SP body.</summary>
    public static byte[] Pae(string payloadType, byte[] payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var head = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} {payloadType} {payload.Length} "));
        return [.. head, .. payload];
    }

    public static byte[] Sign(string payloadType, byte[] payload, SigningKey key)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("payloadType", payloadType);
            json.WriteString("payload", Convert.ToBase64String(payload));
            json.WriteStartArray("signatures");
            json.WriteStartObject();
            json.WriteString("keyid", key.KeyId);
            json.WriteString("sig", Convert.ToBase64String(key.Sign(Pae(payloadType, payload))));
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Checks an envelope; returns its payload when a signature by <paramref name="key"/> is valid, else why not.</summary>
    public static (byte[]? Payload, string PayloadType, string? Problem) Open(byte[] envelope, VerificationKey key)
    {
        string type;
        byte[] payload;
        List<(string KeyId, byte[] Sig)> signatures;
        try
        {
            using var json = JsonDocument.Parse(envelope);
            var root = json.RootElement;
            type = root.GetProperty("payloadType").GetString() ?? "";
            payload = Convert.FromBase64String(root.GetProperty("payload").GetString() ?? "");
            signatures = [.. root.GetProperty("signatures").EnumerateArray()
                .Select(s => (s.TryGetProperty("keyid", out var id) ? id.GetString() ?? "" : "", Convert.FromBase64String(s.GetProperty("sig").GetString() ?? "")))];
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return (null, "", $"the envelope is damaged: {e.Message}");
        }

        if (!KnownTypes.Contains(type)) return (null, type, $"the envelope's payload type '{type}' is not a QuasiProperty document; refusing to read it");
        var pae = Pae(type, payload);
        var mine = signatures.Where(s => s.KeyId == key.KeyId).ToArray();
        if (mine.Length == 0)
        {
            var others = string.Join(", ", signatures.Select(s => s.KeyId));
            return (null, type, $"it is not signed by the given key {key.KeyId} (signed by: {(others.Length == 0 ? "nobody" : others)})");
        }
        return mine.Any(s => key.Verify(pae, s.Sig))
            ? (payload, type, null)
            : (null, type, "the signature does not match the envelope's content: the envelope was altered after signing");
    }
}
