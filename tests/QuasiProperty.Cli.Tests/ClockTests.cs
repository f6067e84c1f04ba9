using System.Text.Json;
using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Cli.Tests;

/// <summary>qp's "now" is the clock it is given, never the machine's.</summary>
public class ClockTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Test]
    public void Without_as_of_a_quarter_is_assessed_as_of_the_clocks_now()
    {
        using var set = DataSet.FromSpecExample();
        var now = ChinaTime.Parse("2025-07-10T00:00:00+08:00");
        var givenOut = Path.Combine(set.Root, "given");
        var clockOut = Path.Combine(set.Root, "clock");

        var given = QpRun.Of("assess", "--data", set.Data, "--rules", set.Rules, "--quarter", "2025Q2",
            "--as-of", ChinaTime.Format(now), "--out", givenOut, "--ledger-only");
        var clocked = QpRun.At(new FixedClock(now), "assess", "--data", set.Data, "--rules", set.Rules, "--quarter", "2025Q2", "--out", clockOut);

        Assert.That(given.ExitCode, Is.Zero, given.Error);
        Assert.That(clocked.ExitCode, Is.Zero, clocked.Error);
        using var working = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(clockOut, "contracts", "K1.json")));
        Assert.Multiple(() =>
        {
            Assert.That(working.RootElement.GetProperty("as_of").GetString(), Is.EqualTo(ChinaTime.Format(now)));
            Assert.That(File.ReadAllBytes(Path.Combine(clockOut, "ledger.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(givenOut, "ledger.csv"))));
            Assert.That(File.ReadAllBytes(Path.Combine(clockOut, "months.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(givenOut, "months.csv"))));
        });
    }
}
