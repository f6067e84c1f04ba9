using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using QuasiProperty.Reports.Signing;
using QuasiProperty.Testing;

namespace QuasiProperty.Reports.Tests;

/// <summary>Signed reports can be checked offline; any change, and any other key, is caught.</summary>
public class SigningTests
{
    private TempFolder folder = null!;
    private SigningKey key = null!;
    private VerificationKey publicKey = null!;
    private string Out => folder.Combine("out");

    [SetUp]
    public void WriteSignedSamples()
    {
        folder = new TempFolder();
        key = SigningKey.Generate(development: false);
        publicKey = VerificationKey.FromPem(key.PublicKeyPem);
        using var set = DataSet.FromSamples();
        set.Issue(Out, Templates.Load(Path.Combine(TestPaths.RepositoryRoot, "templates")), key, new Time.Quarter(2025, 3), ChinaTime2026);
    }

    [TearDown]
    public void Clean()
    {
        key.Dispose();
        publicKey.Dispose();
        folder.Dispose();
    }

    private static DateTimeOffset ChinaTime2026 => new(2026, 1, 15, 0, 0, 0, TimeSpan.FromHours(8));

    private string Contract(string extension) => Path.Combine(Out, "contracts", "HT2025-01" + extension);

    [TestCase(".html")]
    [TestCase(".json")]
    [TestCase(".dsse.json")]
    public void Every_signed_file_verifies_with_the_public_key(string extension)
    {
        var verdict = ReportVerifier.Verify(Contract(extension), publicKey);
        Assert.That(verdict.Valid, Is.True, string.Join("\n", verdict.Findings));
    }

    [Test]
    public void The_summary_and_the_ledger_verify()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ReportVerifier.Verify(Path.Combine(Out, "summary.html"), publicKey).Valid, Is.True);
            Assert.That(ReportVerifier.Verify(Path.Combine(Out, "ledger.csv"), publicKey).Valid, Is.True);
        });
    }

    [TestCase(".html")]
    [TestCase(".json")]
    public void Changing_one_byte_of_the_report_or_its_json_makes_it_invalid(string extension)
    {
        FlipOneByte(Contract(extension));
        var verdict = ReportVerifier.Verify(Contract(extension), publicKey);
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Valid, Is.False);
            Assert.That(verdict.Findings, Has.Some.Contains("HT2025-01" + extension + ": DOES NOT MATCH the signed document"));
        });
    }

    [Test]
    public void Changing_one_byte_of_the_envelope_makes_it_invalid()
    {
        var envelope = Contract(".dsse.json");
        var bytes = File.ReadAllBytes(envelope);
        var at = Encoding.UTF8.GetString(bytes).IndexOf("\"sig\": \"", StringComparison.Ordinal) + 10;
        bytes[at] = bytes[at] == (byte)'A' ? (byte)'B' : (byte)'A';
        File.WriteAllBytes(envelope, bytes);

        var verdict = ReportVerifier.Verify(Contract(".html"), publicKey);
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Valid, Is.False);
            Assert.That(verdict.Findings.Single(), Does.Contain("the signature does not match"));
        });
    }

    [Test]
    public void A_payload_rewritten_to_pay_more_is_caught_by_the_signature()
    {
        var envelope = Contract(".dsse.json");
        var json = JsonNode.Parse(File.ReadAllBytes(envelope))!;
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(json["payload"]!.GetValue<string>()));
        Assert.That(payload, Does.Contain("\"payout\": \"151200.00\""));
        json["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.Replace("151200.00", "168000.00", StringComparison.Ordinal)));
        File.WriteAllText(envelope, json.ToJsonString());

        var verdict = ReportVerifier.Verify(envelope, publicKey);
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Valid, Is.False);
            Assert.That(verdict.Findings.Single(), Does.Contain("the signature does not match"));
        });
    }

    [Test]
    public void A_report_signed_with_another_key_is_invalid()
    {
        using var other = SigningKey.Generate(development: false);
        using var otherPublic = VerificationKey.FromPem(other.PublicKeyPem);
        var verdict = ReportVerifier.Verify(Contract(".html"), otherPublic);
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Valid, Is.False);
            Assert.That(verdict.Findings.Single(), Does.Contain($"not signed by the given key {otherPublic.KeyId}"));
        });
    }

    [Test]
    public void An_envelope_of_an_unknown_payload_type_is_refused()
    {
        var envelope = Contract(".dsse.json");
        var json = JsonNode.Parse(File.ReadAllBytes(envelope))!;
        json["payloadType"] = "application/vnd.in-toto+json";
        File.WriteAllText(envelope, json.ToJsonString());
        var verdict = ReportVerifier.Verify(envelope, publicKey);
        Assert.That(verdict.Findings.Single(), Does.Contain("is not a QuasiProperty document"));
    }

    [Test]
    public void The_envelope_payload_names_the_reports_hash_and_carries_the_assessment()
    {
        var (payload, type, problem) = Dsse.Open(File.ReadAllBytes(Contract(".dsse.json")), publicKey);
        Assert.That(problem, Is.Null);
        using var json = JsonDocument.Parse(payload!);
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(type, Is.EqualTo(Dsse.ReportType));
            Assert.That(root.GetProperty("report").GetProperty("sha256").GetString(), Is.EqualTo(SignedReports.Sha256(File.ReadAllBytes(Contract(".html")))));
            Assert.That(root.GetProperty("assessment").GetProperty("decision").GetProperty("payout").GetString(), Is.EqualTo("151200.00"),
                "money as decimal strings");
        });
    }

    private static void FlipOneByte(string file)
    {
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(file, bytes);
    }
}
