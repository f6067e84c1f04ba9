using Microsoft.Playwright;

namespace QuasiProperty.Portal.Tests;

/// <summary>
/// Debian's Chromium, driven by Playwright. The tests never download a browser: they launch the
/// one the machine has (test.sh installs the <c>chromium</c> package when it is missing).
/// </summary>
public static class Chromium
{
    /// <summary>
    /// Flags for a machine without internet: without the background-networking ones Chromium keeps
    /// trying to reach Google's services and its connections are refused.
    /// </summary>
    public static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    /// <summary>/usr/bin/chromium, or <c>chromium</c> found on PATH; fails the test with how to install it otherwise.</summary>
    public static string Executable()
    {
        const string debian = "/usr/bin/chromium";
        if (File.Exists(debian)) return debian;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "chromium"))
            .FirstOrDefault(File.Exists);
        if (onPath is not null) return onPath;
        Assert.Fail("Chromium is not installed: neither /usr/bin/chromium nor 'chromium' on PATH exists. " +
                    "The browser tests use Debian's Chromium and never download one; install it with " +
                    "'apt-get install chromium' (./test.sh does that by itself when run as root).");
        return null!;
    }

    /// <summary>Starts Playwright's driver (the node program inside the NuGet package) and a headless Chromium.</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> Launch()
    {
        var executable = Executable();
        IPlaywright playwright;
        try
        {
            playwright = await Playwright.CreateAsync();
        }
        catch (PlaywrightException e)
        {
            Assert.Fail($"Playwright's driver did not start (it runs the node program under .playwright/ beside the test assembly): {e.Message}");
            throw;
        }
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = Arguments,
                Timeout = 60_000,
            });
            return (playwright, browser);
        }
        catch (PlaywrightException e)
        {
            playwright.Dispose();
            Assert.Fail($"{executable} did not start headless under Playwright: {e.Message}");
            throw;
        }
    }
}
