using System.Net;
using Npgsql;

namespace QuasiProperty.Storage;

/// <summary>Who tried to sign in: finance, with the finance credential, or a property company, with an access token.</summary>
public enum SignInRole { Finance, Company }

/// <summary>How an attempt ended. A revoked token counts as a failure, and an attempt refused while locked out is recorded as such.</summary>
public enum SignInOutcome { SignedIn, Failed, RevokedToken, LockedOut }

/// <summary>
/// One attempt to sign in. <paramref name="Account"/> is the finance user when the name given was it, or the company whose token
/// matched; <paramref name="TokenId"/> is the matched token. Nothing of what was typed is kept otherwise: no password, no token.
/// </summary>
public sealed record SignInAttempt(
    DateTimeOffset AttemptedAt, IPAddress? ClientAddress, SignInRole Role, string? Account, long? TokenId, SignInOutcome Outcome);

/// <summary>Failures of one account or address since its last successful sign-in, within the window asked for.</summary>
public sealed record RecentFailures(int Count, DateTimeOffset? Latest);

/// <summary>
/// The append-only record of sign-ins to the portal (<c>sign_in_attempts</c>, which refuses UPDATE, DELETE and TRUNCATE).
/// Lockouts are decided from it, so that every <c>qp serve</c> on the database sees the same failures.
/// </summary>
public static class SignInAttempts
{
    private const string Failure = "outcome in ('failed', 'revoked_token')";

    public static long Record(NpgsqlDataSource database, SignInAttempt attempt)
    {
        using var connection = database.OpenConnection();
        return Sql.Scalar<long>(connection, null, """
            insert into sign_in_attempts (attempted_at, client_address, portal_role, account, token_id, outcome)
            values ($1, $2, $3, $4, $5, $6) returning attempt_id
            """,
            attempt.AttemptedAt, attempt.ClientAddress, RoleName(attempt.Role), attempt.Account, attempt.TokenId, OutcomeName(attempt.Outcome));
    }

    /// <summary>Failed finance sign-ins, from any address, after <paramref name="since"/> and after finance last signed in.</summary>
    public static RecentFailures OfFinance(NpgsqlDataSource database, DateTimeOffset since) =>
        Failures(database, "portal_role = 'finance'", since, null);

    /// <summary>
    /// Failed company sign-ins from one address after <paramref name="since"/> and after the last successful one from it: a wrong
    /// token names no account, so the address is what is locked.
    /// </summary>
    public static RecentFailures OfCompaniesFrom(NpgsqlDataSource database, IPAddress? address, DateTimeOffset since) =>
        address is null
            ? Failures(database, "portal_role = 'company' and client_address is null", since, null)
            : Failures(database, "portal_role = 'company' and client_address = $2", since, address);

    /// <summary>A page of the record, newest first.</summary>
    public static IReadOnlyList<(long AttemptId, SignInAttempt Attempt)> Page(NpgsqlConnection connection, int offset, int limit)
    {
        using var command = Sql.Command(connection, null, """
            select attempt_id, attempted_at, client_address, portal_role, account, token_id, outcome
            from sign_in_attempts order by attempt_id desc offset $1 limit $2
            """, offset, limit);
        using var reader = command.ExecuteReader();
        var list = new List<(long, SignInAttempt)>();
        while (reader.Read())
        {
            list.Add((reader.GetInt64(0), new SignInAttempt(
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<IPAddress>(2),
                reader.GetString(3) == "finance" ? SignInRole.Finance : SignInRole.Company,
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5),
                reader.GetString(6) switch
                {
                    "signed_in" => SignInOutcome.SignedIn,
                    "revoked_token" => SignInOutcome.RevokedToken,
                    "locked_out" => SignInOutcome.LockedOut,
                    _ => SignInOutcome.Failed,
                })));
        }
        return list;
    }

    public static long Count(NpgsqlConnection connection) => Sql.Scalar<long>(connection, null, "select count(*) from sign_in_attempts");

    // $1 is the start of the window; $2, when the key names it, the address. A success ends the run of failures before it.
    private static RecentFailures Failures(NpgsqlDataSource database, string key, DateTimeOffset since, IPAddress? address)
    {
        using var connection = database.OpenConnection();
        using var command = Sql.Command(connection, null, $"""
            select count(*), max(attempted_at) from sign_in_attempts
            where {key} and {Failure} and attempted_at > $1
              and attempted_at > coalesce(
                  (select max(attempted_at) from sign_in_attempts where {key} and outcome = 'signed_in' and attempted_at > $1), '-infinity')
            """, address is null ? new object?[] { since } : new object?[] { since, address });
        using var reader = command.ExecuteReader();
        reader.Read();
        return new RecentFailures(checked((int)reader.GetInt64(0)), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }

    private static string RoleName(SignInRole role) => role == SignInRole.Finance ? "finance" : "company";

    private static string OutcomeName(SignInOutcome outcome) => outcome switch
    {
        SignInOutcome.SignedIn => "signed_in",
        SignInOutcome.RevokedToken => "revoked_token",
        SignInOutcome.LockedOut => "locked_out",
        _ => "failed",
    };
}
