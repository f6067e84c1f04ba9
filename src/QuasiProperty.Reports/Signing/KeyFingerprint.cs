namespace QuasiProperty.Reports.Signing;

/// <summary>
/// A key's fingerprint as people compare it, on a printed report and on the portal's key page: the key
/// id (the SHA-256 of the public key) in groups of four hex digits.
/// </summary>
public static class KeyFingerprint
{
    public static string Of(string keyId) =>
        string.Join(' ', Enumerable.Range(0, (keyId.Length + 3) / 4).Select(i => keyId.Substring(i * 4, Math.Min(4, keyId.Length - i * 4))));
}
