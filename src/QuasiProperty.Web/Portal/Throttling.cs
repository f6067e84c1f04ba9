using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using QuasiProperty.Time;

namespace QuasiProperty.Web.Portal;

/// <summary>
/// Rate limiting of the sign-in forms per client address (ASP.NET Core's limiter, in memory), and the page people see
/// when they are throttled or locked out: when to try again, in Chinese and English, with status 429 and Retry-After.
/// </summary>
internal static class Throttling
{
    public const string SignInPolicy = "sign-in";

    public static IServiceCollection AddSignInThrottling(this IServiceCollection services, SignInLimits limits)
    {
        services.AddSingleton(limits);
        services.AddSingleton<Lockout>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignInPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                ClientAddress.Of(http)?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PermitLimit, Window = limits.PermitWindow, QueueLimit = 0 }));
            options.OnRejected = (context, _) =>
            {
                var http = context.HttpContext;
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : limits.PermitWindow;
                var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                return new ValueTask(TooManyAttempts(http, now, now + wait, lockedOut: false).ExecuteAsync(http));
            };
        });
        return services;
    }

    /// <summary>The 429 page: locked out (too many failures) or throttled (too many attempts), and when to try again.</summary>
    public static IResult TooManyAttempts(HttpContext http, DateTimeOffset now, DateTimeOffset until, bool lockedOut)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling((until - now).TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        // Pages show minutes; rounding up keeps "after 19:36" from ever being too early.
        var shown = new DateTimeOffset(until.UtcTicks, TimeSpan.Zero);
        var rounded = shown.AddTicks(-(shown.UtcTicks % TimeSpan.TicksPerMinute));
        if (rounded < shown) rounded = rounded.AddMinutes(1);
        var pages = http.RequestServices.GetRequiredService<Pages>();
        return pages.Render(http, "too_many_attempts.sbn", "请稍后再试 Try again later", new
        {
            LockedOut = lockedOut,
            Until = ChinaTime.Display(rounded),
            Minutes = (seconds + 59) / 60,
        }, StatusCodes.Status429TooManyRequests);
    }
}
