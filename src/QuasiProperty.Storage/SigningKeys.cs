using Npgsql;

namespace QuasiProperty.Storage;

/// <summary>A public key that signed reports, as the portal publishes it.</summary>
public sealed record PublishedKey(string KeyId, string PublicKeyPem, bool DevelopmentKey, DateTimeOffset FirstUsedAt);

/// <summary>
/// The public keys of the archive's signers. A payout records its key before it archives a report, so
/// every archived report's key can be published, even a development key that lived only in one process.
/// </summary>
public static class SigningKeys
{
    /// <summary>Records a signer's public key; recording it again changes nothing.</summary>
    public static void Record(NpgsqlConnection connection, string keyId, string publicKeyPem, bool development) =>
        Sql.Execute(connection, null, """
            insert into signing_keys (key_id, public_key_pem, development_key) values ($1, $2, $3) on conflict (key_id) do nothing
            """, keyId, publicKeyPem.Trim() + "\n", development);

    /// <summary>Every recorded key, official keys first, then by first use.</summary>
    public static IReadOnlyList<PublishedKey> All(NpgsqlConnection connection)
    {
        using var command = Sql.Command(connection, null,
            "select key_id, public_key_pem, development_key, first_used_at from signing_keys order by development_key, first_used_at, key_id");
        using var reader = command.ExecuteReader();
        var keys = new List<PublishedKey>();
        while (reader.Read()) keys.Add(new PublishedKey(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.GetFieldValue<DateTimeOffset>(3)));
        return keys;
    }
}
