using QuasiProperty.Outputs;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Reports;

/// <summary>What <c>templates/summary.html.sbn</c> sees: the quarter for finance, every contract and the totals.</summary>
public sealed class QuarterSummary
{
    public required string Quarter { get; init; }
    public required string AsOf { get; init; }
    public required int Contracts { get; init; }
    public required int Assessed { get; init; }
    public required int Unassessable { get; init; }
    public required int Reduced { get; init; }
    public required string TotalFees { get; init; }
    public required string TotalPayout { get; init; }
    public required string TotalDeductions { get; init; }
    public required IReadOnlyList<SummaryRow> Rows { get; init; }
    public required IReadOnlyList<SummaryRow> ReducedRows { get; init; }
    public required string EngineVersion { get; init; }
    public required string KeyId { get; init; }

    /// <summary>The signing key's id in groups of four, as the portal's key page shows it.</summary>
    public string KeyFingerprint => Signing.KeyFingerprint.Of(KeyId);
    public required bool DevelopmentKey { get; init; }

    public static QuarterSummary Build(QuarterResult result, string keyId, bool developmentKey)
    {
        var rows = result.Assessments.OrderBy(a => a.Contract.Id, StringComparer.Ordinal).Select(a => new SummaryRow(
            a.Contract.Id, result.Reference.Company(a.Contract.CompanyId).Name, a.Community.Name, a.Status == QuarterStatus.Assessed,
            Numbers.Fixed2(a.QuarterScore), $"v{a.Rules.Version}", Numbers.Ratio(a.PayRatio), Numbers.Grouped(a.Contract.QuarterlyFee),
            Numbers.Grouped(a.Payout), Numbers.Grouped(a.Deduction), a.IsReduced, string.Join(" ", Explanation.ForReaders(a).SkipLast(1).Select(r => r.Zh)),
            OutputFolder.FileNameFor(a.Contract.Id) + ".html")).ToArray();
        return new QuarterSummary
        {
            Quarter = result.Quarter.ToString(),
            AsOf = ChinaTime.Display(result.AsOf),
            Contracts = result.Assessments.Count,
            Assessed = result.Assessments.Count - result.Unassessable,
            Unassessable = result.Unassessable,
            Reduced = result.Reduced,
            TotalFees = Numbers.Grouped(result.TotalFees),
            TotalPayout = Numbers.Grouped(result.TotalPayout),
            TotalDeductions = Numbers.Grouped(result.TotalDeductions),
            Rows = rows,
            ReducedRows = [.. rows.Where(r => r.IsReduced)],
            EngineVersion = AssessmentDocument.EngineVersion,
            KeyId = keyId,
            DevelopmentKey = developmentKey,
        };
    }
}

public sealed record SummaryRow(
    string ContractId, string CompanyName, string CommunityName, bool IsAssessed, string QuarterScore, string RuleVersion,
    string PayRatio, string Fee, string Payout, string Deduction, bool IsReduced, string Reason, string ReportFile);
