using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace QuasiProperty.Web;

/// <summary>
/// The sub-district finance credential (<c>QuasiProperty:Finance:User</c> and <c>:Password</c>),
/// set in configuration or the environment, never in the repository. Without a password, nobody signs
/// in as finance: the finance pages and the job dashboard stay closed.
/// </summary>
public sealed class FinanceCredential(string user, string? password)
{
    public string User { get; } = user;

    public bool IsConfigured => !string.IsNullOrEmpty(password);

    public static FinanceCredential From(IConfiguration configuration) =>
        new(configuration["QuasiProperty:Finance:User"] ?? "finance", configuration["QuasiProperty:Finance:Password"]);

    /// <summary>Compares in constant time, so that response times reveal nothing about the password.</summary>
    public bool Matches(string name, string given)
    {
        if (!IsConfigured) return false;
        var userOk = CryptographicOperations.FixedTimeEquals(Hash(name), Hash(User));
        var passwordOk = CryptographicOperations.FixedTimeEquals(Hash(given), Hash(password!));
        return userOk & passwordOk;
    }

    /// <summary>Whether a name given at sign-in is the finance user's: the sign-in record keeps a name only then, never other typing.</summary>
    public bool IsUser(string name) => CryptographicOperations.FixedTimeEquals(Hash(name), Hash(User));

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
