using System.Security.Cryptography;

namespace QuasiProperty.Reports.Signing;

/// <summary>
/// An ECDSA P-256 key that signs reports. Its id is the SHA-256 of the public key (SubjectPublicKeyInfo),
/// so a verifier can tell which key signed without trusting anything in the envelope.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly ECDsa key;

    private SigningKey(ECDsa key, bool isDevelopment)
    {
        this.key = key;
        IsDevelopment = isDevelopment;
        KeyId = IdOf(key);
    }

    /// <summary>True for the throwaway key used when no key is configured; reports say so loudly.</summary>
    public bool IsDevelopment { get; }

    public string KeyId { get; }

    public string PublicKeyPem => key.ExportSubjectPublicKeyInfoPem();

    public static SigningKey Generate(bool development) => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), development);

    public static SigningKey Load(string privateKeyPemFile)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(privateKeyPemFile));
        if (key.KeySize != 256) throw new CryptographicException($"{privateKeyPemFile} is not an ECDSA P-256 key");
        return new SigningKey(key, isDevelopment: false);
    }

    /// <summary>Writes a new key pair: the private key readable only by its owner, the public key for anyone.</summary>
    public static (string PrivateFile, string PublicFile) GenerateFiles(string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var privateFile = Path.Combine(folder, name + ".pem");
        var publicFile = Path.Combine(folder, name + ".pub.pem");
        if (File.Exists(privateFile) || File.Exists(publicFile)) throw new IOException($"{privateFile} or {publicFile} already exists; keys are never overwritten");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(privateFile, options)) writer.Write(key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(publicFile, key.ExportSubjectPublicKeyInfoPem());
        return (privateFile, publicFile);
    }

    /// <summary>An IEEE P1363 (r‖s) signature, as DSSE's ECDSA examples use.</summary>
    public byte[] Sign(byte[] data) => key.SignData(data, HashAlgorithmName.SHA256);

    public void Dispose() => key.Dispose();

    internal static string IdOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
}

/// <summary>A public key that checks signatures; all a verifier needs.</summary>
public sealed class VerificationKey : IDisposable
{
    private readonly ECDsa key;

    private VerificationKey(ECDsa key)
    {
        this.key = key;
        KeyId = SigningKey.IdOf(key);
    }

    public string KeyId { get; }

    public static VerificationKey FromPem(string pem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return new VerificationKey(key);
    }

    public bool Verify(byte[] data, byte[] signature) => key.VerifyData(data, signature, HashAlgorithmName.SHA256);

    public void Dispose() => key.Dispose();
}
