using System.Net;
using Npgsql;
using QuasiProperty.Storage;

namespace QuasiProperty.Web.Portal;

/// <summary>
/// Temporary lockouts after repeated failed sign-ins, decided from the sign-in record in the database, so that they
/// hold across requests, restarts and every <c>qp serve</c> on the same database. Finance has one account, so its
/// failures from any address count together; a wrong company token names no account, so its address is locked.
/// </summary>
public sealed class Lockout(NpgsqlDataSource database, SignInLimits limits)
{
    /// <summary>Until when finance may not sign in, or null when it may.</summary>
    public DateTimeOffset? OfFinance(DateTimeOffset now) =>
        Until(SignInAttempts.OfFinance(database, now - limits.FailureWindow), limits.FinanceFailures, now);

    /// <summary>Until when no company may sign in from <paramref name="address"/>, or null when one may.</summary>
    public DateTimeOffset? OfCompaniesFrom(IPAddress? address, DateTimeOffset now) =>
        Until(SignInAttempts.OfCompaniesFrom(database, address, now - limits.FailureWindow), limits.AddressFailures, now);

    private DateTimeOffset? Until(RecentFailures failures, int allowed, DateTimeOffset now) =>
        failures.Count >= allowed && failures.Latest + limits.LockoutDuration is { } until && until > now ? until : null;
}
