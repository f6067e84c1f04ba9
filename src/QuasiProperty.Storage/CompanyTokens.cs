using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace QuasiProperty.Storage;

/// <summary>An issued token, without its secret.</summary>
public sealed record StoredToken(long TokenId, string CompanyId, string IssuedBy, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt);

/// <summary>The issued token that a presented one matched, and whether it has been revoked.</summary>
public sealed record PresentedToken(long TokenId, string CompanyId, bool Revoked);

/// <summary>
/// Access tokens finance issues to property companies for the portal. The token is shown once;
/// only its SHA-256 is stored, so a copy of the database does not let anyone sign in.
/// </summary>
public static class CompanyTokens
{
    private const string Prefix = "qpc_";

    /// <summary>Issues a new token for <paramref name="companyId"/>; returns the token itself, which is never stored.</summary>
    public static (long TokenId, string Token) Issue(NpgsqlDataSource database, string companyId, string issuedBy)
    {
        using var connection = database.OpenConnection();
        if (Sql.Scalar<string>(connection, null, "select company_id from companies where company_id = $1", companyId) is null)
        {
            throw new InvalidOperationException($"'{companyId}' is not a company in the database");
        }
        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var id = Sql.Scalar<long>(connection, null,
            "insert into company_tokens (company_id, token_sha256, issued_by) values ($1, $2, $3) returning token_id", companyId, Hash(token), issuedBy);
        return (id, token);
    }

    /// <summary>The issued token a presented one is, current or revoked, or null when it is none; compared in constant time.</summary>
    public static PresentedToken? Find(NpgsqlDataSource database, string presented)
    {
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length > 100) return null;
        var hash = Hash(presented);
        using var connection = database.OpenConnection();
        using var command = Sql.Command(connection, null,
            "select token_id, company_id, token_sha256, revoked_at is not null from company_tokens where token_sha256 = $1", hash);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        var stored = Encoding.ASCII.GetBytes(reader.GetString(2));
        return CryptographicOperations.FixedTimeEquals(stored, Encoding.ASCII.GetBytes(hash))
            ? new PresentedToken(reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(3))
            : null;
    }

    /// <summary>
    /// Whether token <paramref name="tokenId"/> of <paramref name="companyId"/> is still current: the check every request of a
    /// company session makes, so that revoking a token ends its sessions at once. One primary-key lookup.
    /// </summary>
    public static async Task<bool> IsCurrentAsync(NpgsqlDataSource database, long tokenId, string companyId, CancellationToken cancel)
    {
        await using var connection = await database.OpenConnectionAsync(cancel);
        await using var command = Sql.Command(connection, null,
            "select exists (select 1 from company_tokens where token_id = $1 and company_id = $2 and revoked_at is null)", tokenId, companyId);
        return (bool)(await command.ExecuteScalarAsync(cancel))!;
    }

    public static int Revoke(NpgsqlDataSource database, long tokenId, string revokedBy)
    {
        using var connection = database.OpenConnection();
        return Sql.Execute(connection, null,
            "update company_tokens set revoked_at = now(), revoked_by = $2 where token_id = $1 and revoked_at is null", tokenId, revokedBy);
    }

    public static IReadOnlyList<StoredToken> List(NpgsqlDataSource database, string? companyId)
    {
        using var connection = database.OpenConnection();
        using var command = Sql.Command(connection, null,
            "select token_id, company_id, issued_by, issued_at, revoked_at from company_tokens where $1::text is null or company_id = $1 order by token_id",
            companyId);
        using var reader = command.ExecuteReader();
        var list = new List<StoredToken>();
        while (reader.Read())
        {
            list.Add(new StoredToken(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return list;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
