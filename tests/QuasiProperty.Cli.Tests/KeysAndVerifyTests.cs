using QuasiProperty.Testing;

namespace QuasiProperty.Cli.Tests;

/// <summary>The README's main command leaves reports that 'qp verify' accepts, and edited copies it rejects.</summary>
public class KeysAndVerifyTests
{
    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Keys_generate_writes_a_private_key_only_its_owner_can_read_and_never_overwrites()
    {
        using var folder = new TempFolder();
        var first = QpRun.Of("keys", "generate", "--out", folder.Path);
        var again = QpRun.Of("keys", "generate", "--out", folder.Path);

        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.Zero, first.Error);
            Assert.That(File.ReadAllText(folder.Combine("qp-signing.pem")), Does.StartWith("-----BEGIN PRIVATE KEY-----"));
            Assert.That(File.ReadAllText(folder.Combine("qp-signing.pub.pem")), Does.StartWith("-----BEGIN PUBLIC KEY-----"));
            Assert.That(File.GetUnixFileMode(folder.Combine("qp-signing.pem")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(again.ExitCode, Is.EqualTo(ExitCodes.OutputFailed));
            Assert.That(again.Error, Does.Contain("never overwritten"));
        });
    }

    [Test]
    public void Every_report_of_an_assessment_verifies_and_an_edited_copy_does_not()
    {
        using var folder = new TempFolder();
        var outDir = folder.Combine("out");
        var assess = QpRun.Of("assess", "--data", TestPaths.Samples, "--rules", TestPaths.Rules, "--quarter", "2025Q2",
            "--as-of", "2026-01-15T00:00:00+08:00", "--out", outDir, "--templates", Path.Combine(TestPaths.RepositoryRoot, "templates"));
        Assert.That(assess.ExitCode, Is.Zero, assess.Error);
        Assert.That(assess.Error, Does.Contain("DEVELOPMENT key"), "an unconfigured key is announced");
        var key = Path.Combine(outDir, "signing-key.pub.pem");
        var reports = Directory.GetFiles(Path.Combine(outDir, "contracts"), "*.html");

        var valid = QpRun.Of(["verify", .. reports, Path.Combine(outDir, "summary.html"), "--key", key]);
        var edited = reports[0].Replace(".html", "-edited.html", StringComparison.Ordinal);
        File.WriteAllText(edited, File.ReadAllText(reports[0]).Replace("元", "圆", StringComparison.Ordinal));
        File.Copy(reports[0], reports[0] + ".bak");
        File.Copy(edited, reports[0], overwrite: true);
        var invalid = QpRun.Of("verify", reports[0], "--key", key);

        Assert.Multiple(() =>
        {
            Assert.That(reports, Has.Length.EqualTo(5));
            Assert.That(valid.ExitCode, Is.Zero, valid.Error);
            Assert.That(valid.Output.Split('\n').Count(l => l.EndsWith(": valid", StringComparison.Ordinal)), Is.EqualTo(6));
            Assert.That(invalid.ExitCode, Is.EqualTo(ExitCodes.InputRejected));
            Assert.That(invalid.Error, Does.Contain("INVALID").And.Contain("DOES NOT MATCH the signed document"));
        });
    }

    [Test]
    public void Verify_without_a_key_asks_for_one()
    {
        var run = QpRun.Of("verify", "x.html");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(run.Error, Does.Contain("--key"));
        });
    }
}
