using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using QuasiProperty.Outputs;
using QuasiProperty.Reports.Signing;
using QuasiProperty.Scoring;

namespace QuasiProperty.Reports;

/// <summary>
/// A quarter's signed reports: per contract <c>contracts/&lt;id&gt;.json</c>, <c>.html</c> and <c>.dsse.json</c>
/// (the signature over the assessment and the report's hash); and <c>summary.html</c> for finance with its envelope.
/// </summary>
public static class SignedReports
{
    public const string SummaryFile = "summary.html";
    public const string SummaryEnvelope = "summary.dsse.json";
    public const string DevelopmentPublicKey = "signing-key.pub.pem";
    public const string ReportSchema = "quasiproperty.signed-report/v1";
    public const string SummarySchema = "quasiproperty.signed-summary/v1";

    /// <summary>Writes a contract's working document, its report and the report's envelope into <c>contracts/</c>, where none exists yet.</summary>
    public static void WriteReport(string contractsFolder, QuarterAssessment a, SignedReport report)
    {
        var name = OutputFolder.FileNameFor(a.Contract.Id);
        QuarterOutput.WriteContract(contractsFolder, a.Contract.Id, report.Json);
        OutputFolder.WriteNewFile(Path.Combine(contractsFolder, name + ".html"), report.Html);
        OutputFolder.WriteNewFile(Path.Combine(contractsFolder, name + ".dsse.json"), report.Envelope);
    }

    /// <summary>
    /// Writes <c>summary.html</c> for finance and its envelope, which signs it together with the folder's
    /// <c>ledger.csv</c> and <c>months.csv</c> (already written); with a development key, also its public key.
    /// </summary>
    public static void WriteSummary(string folder, QuarterResult result, Templates templates, SigningKey key)
    {
        var summary = Encoding.UTF8.GetBytes(templates.Render(Templates.Summary, QuarterSummary.Build(result, key.KeyId, key.IsDevelopment)));
        File.WriteAllBytes(Path.Combine(folder, SummaryFile), summary);
        var summaryPayload = Payload(w =>
        {
            w.WriteString("schema", SummarySchema);
            w.WriteString("quarter", result.Quarter.ToString());
            w.WriteBoolean("development_key", key.IsDevelopment);
            WriteFile(w, "summary", SummaryFile, summary);
            WriteFile(w, "ledger", QuarterOutput.LedgerFile, File.ReadAllBytes(Path.Combine(folder, QuarterOutput.LedgerFile)));
            WriteFile(w, "months", QuarterOutput.MonthsFile, File.ReadAllBytes(Path.Combine(folder, QuarterOutput.MonthsFile)));
            w.WriteString("total_fees", Numbers.Fixed2(result.TotalFees));
            w.WriteString("total_payout", Numbers.Fixed2(result.TotalPayout));
            w.WriteString("total_deductions", Numbers.Fixed2(result.TotalDeductions));
        });
        File.WriteAllBytes(Path.Combine(folder, SummaryEnvelope), Dsse.Sign(Dsse.SummaryType, summaryPayload, key));
        if (key.IsDevelopment) File.WriteAllText(Path.Combine(folder, DevelopmentPublicKey), key.PublicKeyPem + "\n");
    }

    /// <summary>Renders one contract's report and signs it together with its assessment JSON.</summary>
    public static SignedReport Sign(
        QuarterAssessment a, Model.Company company, DateTimeOffset asOf, IReadOnlyList<MonthAssessment> history, byte[] json, Templates templates, SigningKey key)
    {
        var name = OutputFolder.FileNameFor(a.Contract.Id);
        var html = Encoding.UTF8.GetBytes(templates.Render(Templates.Report, ContractReport.Build(a, company, asOf, history, key.KeyId, key.IsDevelopment)));
        var payload = Payload(w =>
        {
            w.WriteString("schema", ReportSchema);
            w.WriteString("contract_id", a.Contract.Id);
            w.WriteString("quarter", a.Quarter.ToString());
            w.WriteBoolean("development_key", key.IsDevelopment);
            WriteFile(w, "report", name + ".html", html);
            WriteFile(w, "assessment_file", name + ".json", json);
            w.WritePropertyName("assessment");
            // The document comes from AssessmentDocument's Utf8JsonWriter, so it is JSON already and not checked again.
            w.WriteRawValue(json, skipInputValidation: true);
        });
        return new SignedReport(html, json, Dsse.Sign(Dsse.ReportType, payload, key));
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static void WriteFile(Utf8JsonWriter w, string name, string file, byte[] content)
    {
        w.WriteStartObject(name);
        w.WriteString("file", file);
        w.WriteString("sha256", Sha256(content));
        w.WriteEndObject();
    }

    private static byte[] Payload(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}

/// <summary>A contract's report as issued: the HTML, the assessment JSON it explains, and the envelope signing both.</summary>
public sealed record SignedReport(byte[] Html, byte[] Json, byte[] Envelope);
