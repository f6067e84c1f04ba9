using Microsoft.Extensions.Configuration;

namespace QuasiProperty.Web.Portal;

/// <summary>
/// How hard signing in is made for someone guessing (<c>QuasiProperty:Portal:SignIn</c>). Each address may post
/// <see cref="PermitLimit"/> sign-in forms per <see cref="PermitWindow"/> (counted by each <c>qp serve</c> in memory);
/// <see cref="FinanceFailures"/> failed finance sign-ins, from anywhere, or <see cref="AddressFailures"/> failed company
/// sign-ins from one address, within <see cref="FailureWindow"/> lock that account or address until
/// <see cref="LockoutDuration"/> after the last of them (decided from the sign-in record, so every instance agrees).
/// </summary>
public sealed record SignInLimits
{
    public int PermitLimit { get; init; } = 10;

    public TimeSpan PermitWindow { get; init; } = TimeSpan.FromMinutes(1);

    public int FinanceFailures { get; init; } = 5;

    public int AddressFailures { get; init; } = 10;

    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(15);

    public static SignInLimits From(IConfiguration configuration)
    {
        var limits = configuration.GetSection("QuasiProperty:Portal:SignIn").Get<SignInLimits>() ?? new SignInLimits();
        if (limits.PermitLimit < 1 || limits.FinanceFailures < 1 || limits.AddressFailures < 1
            || limits.PermitWindow <= TimeSpan.Zero || limits.FailureWindow <= TimeSpan.Zero || limits.LockoutDuration <= TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                "QuasiProperty:Portal:SignIn: PermitLimit, FinanceFailures and AddressFailures must be at least 1, and the windows and LockoutDuration positive");
        }
        return limits;
    }
}
