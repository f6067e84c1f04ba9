using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QuasiProperty.Reports.Signing;
using QuasiProperty.Storage;
using QuasiProperty.Time;

namespace QuasiProperty.Web.Portal;

/// <summary>
/// The public keys that verify the reports, at stable addresses anyone may open: <c>/keys</c> lists them
/// with their fingerprints, <c>/keys/&lt;key id&gt;.pub.pem</c> is each one as <c>qp verify --key</c> reads it.
/// </summary>
internal static class KeyEndpoints
{
    public const string PemSuffix = ".pub.pem";

    public static string AddressOf(string keyId) => $"/keys/{keyId}{PemSuffix}";

    public static void Map(WebApplication app)
    {
        app.MapGet("/keys", (HttpContext http, Pages pages, NpgsqlDataSource database) =>
        {
            using var connection = database.OpenConnection();
            var keys = PublishedKeys.All(connection, http.RequestServices).Select(k => new
            {
                k.KeyId,
                Fingerprint = KeyFingerprint.Of(k.KeyId),
                Address = AddressOf(k.KeyId),
                File = k.KeyId + PemSuffix,
                Development = k.DevelopmentKey,
                FirstUsed = k.FirstUsedAt is { } at ? ChinaTime.Display(at) : "",
                Pem = k.PublicKeyPem,
            }).ToArray();
            return pages.Render(http, "keys.sbn", "签名公钥 Signing keys", new { Keys = keys });
        });
        app.MapGet("/keys/{file}", (HttpContext http, Pages pages, NpgsqlDataSource database, string file) =>
        {
            if (!file.EndsWith(PemSuffix, StringComparison.Ordinal)) return pages.NotFound(http);
            using var connection = database.OpenConnection();
            var key = PublishedKeys.Find(connection, http.RequestServices, file[..^PemSuffix.Length]);
            if (key is null) return pages.NotFound(http);
            // Plain text, so that the address also reads in a browser; the file name is what the report's footer names.
            http.Response.Headers.ContentDisposition = $"inline; filename=\"{file}\"";
            return Results.Text(key.PublicKeyPem, "text/plain; charset=utf-8", Encoding.UTF8);
        });
    }
}

/// <summary>A public key the portal publishes; <see cref="FirstUsedAt"/> is null for a configured key that has signed nothing yet.</summary>
internal sealed record PortalKey(string KeyId, string PublicKeyPem, bool DevelopmentKey, DateTimeOffset? FirstUsedAt);

/// <summary>
/// The keys the portal publishes: every key recorded with archived reports, and the configured signing
/// key of this server (a development key only once it has signed something). A recorded key is published
/// only if its PEM is the key its id names, so a damaged row cannot hand out a wrong key.
/// </summary>
internal static class PublishedKeys
{
    public static IReadOnlyList<PortalKey> All(NpgsqlConnection connection, IServiceProvider services)
    {
        var keys = SigningKeys.All(connection).Where(Genuine).Select(k => new PortalKey(k.KeyId, k.PublicKeyPem, k.DevelopmentKey, k.FirstUsedAt)).ToList();
        if (services.GetService<SigningKey>() is { IsDevelopment: false } configured && keys.All(k => k.KeyId != configured.KeyId))
        {
            keys.Insert(0, new PortalKey(configured.KeyId, configured.PublicKeyPem.Trim() + "\n", false, null));
        }
        return keys;
    }

    public static PortalKey? Find(NpgsqlConnection connection, IServiceProvider services, string keyId) =>
        All(connection, services).FirstOrDefault(k => k.KeyId == keyId);

    private static bool Genuine(PublishedKey key)
    {
        try
        {
            using var verification = VerificationKey.FromPem(key.PublicKeyPem);
            return verification.KeyId == key.KeyId;
        }
        catch (Exception e) when (e is ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
