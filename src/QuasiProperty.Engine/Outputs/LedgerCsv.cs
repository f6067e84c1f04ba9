using System.Globalization;
using CsvHelper;
using QuasiProperty.Scoring;

namespace QuasiProperty.Outputs;

/// <summary>
/// Writes <c>ledger.csv</c> (one row per contract) and <c>months.csv</c> (one row per contract and
/// month) exactly as the spec lays them out: RFC 4180, CRLF, UTF-8 without byte order mark.
/// </summary>
public static class LedgerCsv
{
    public static readonly string[] LedgerHeader =
    [
        "quarter", "contract_id", "company_id", "community_id", "status", "quarter_score", "assessed_months", "pay_ratio",
        "quarterly_fee", "payout", "deduction", "rule_set", "rule_version", "rule_sha256",
    ];

    public static readonly string[] MonthsHeader =
        ["contract_id", "month", "satisfaction", "satisfaction_responses", "committee", "grid", "grid_rate", "month_score"];

    /// <summary>A v1.1 run's <c>ledger.csv</c> (feedback.md §2): v1's columns, then the open disputes and the money they withhold.</summary>
    public static readonly string[] FeedbackLedgerHeader = [.. LedgerHeader, "open_disputes", "withheld"];

    /// <summary>A v1.1 run's <c>months.csv</c> (feedback.md §1): v1's columns, then the community assessment.</summary>
    public static readonly string[] FeedbackMonthsHeader = [.. MonthsHeader, "community"];

    public static string[] LedgerHeaderFor(bool feedbackRun) => feedbackRun ? FeedbackLedgerHeader : LedgerHeader;

    public static string[] MonthsHeaderFor(bool feedbackRun) => feedbackRun ? FeedbackMonthsHeader : MonthsHeader;

    /// <summary>The contract's row of <c>ledger.csv</c>, without line ending, as stored with a payout revision.</summary>
    public static string LedgerRow(QuarterAssessment assessment) => Text(s => WriteLedger(s, [assessment], header: false)).TrimEnd('\r', '\n');

    /// <summary>The contract's rows of <c>months.csv</c>, each ending CRLF.</summary>
    public static string MonthRows(QuarterAssessment assessment) => Text(s => WriteMonths(s, [assessment], header: false));

    /// <summary>A whole <c>ledger.csv</c> or <c>months.csv</c> from stored rows (see <see cref="LedgerRow"/>, <see cref="MonthRows"/>).</summary>
    public static string FromRows(string[] header, IEnumerable<string> rows) =>
        string.Join(",", header) + "\r\n" + string.Concat(rows.Select(r => r.EndsWith("\r\n", StringComparison.Ordinal) ? r : r + "\r\n"));

    /// <param name="feedbackRun">Whether the header is a v1.1 run's; each row has the columns of its assessment (<see cref="QuarterAssessment.Feedback"/>).</param>
    public static void WriteLedger(Stream destination, IEnumerable<QuarterAssessment> assessments, bool header = true, bool feedbackRun = false)
    {
        using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        if (header) csv.WriteRecord(LedgerHeaderFor(feedbackRun));
        foreach (var a in assessments.OrderBy(a => a.Contract.Id, StringComparer.Ordinal))
        {
            string[] fields =
            [
                a.Quarter.ToString(), a.Contract.Id, a.Contract.CompanyId, a.Contract.CommunityId, StatusName(a.Status),
                Numbers.Fixed2(a.QuarterScore), a.AssessedMonths.ToString(CultureInfo.InvariantCulture), Numbers.Ratio(a.PayRatio),
                Numbers.Fixed2(a.Contract.QuarterlyFee), Numbers.Fixed2(a.Payout), Numbers.Fixed2(a.Deduction),
                a.Rules.RuleSet, a.Rules.Version.ToString(CultureInfo.InvariantCulture), a.Rules.Sha256,
            ];
            csv.WriteRecord(a.Feedback is { } f
                ? [.. fields, f.OpenDisputes.ToString(CultureInfo.InvariantCulture), Numbers.Fixed2(f.Withheld)]
                : fields);
        }
    }

    /// <param name="feedbackRun">As for <see cref="WriteLedger"/>.</param>
    public static void WriteMonths(Stream destination, IEnumerable<QuarterAssessment> assessments, bool header = true, bool feedbackRun = false)
    {
        using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        if (header) csv.WriteRecord(MonthsHeaderFor(feedbackRun));
        foreach (var a in assessments.OrderBy(a => a.Contract.Id, StringComparer.Ordinal))
        {
            foreach (var m in a.Months.OrderBy(m => m.Month)) csv.WriteRecord(MonthFields(a.Contract.Id, m, a.Feedback is not null));
        }
    }

    /// <summary>One row of <c>months.csv</c>, without line ending, as an interim month scorecard stores it.</summary>
    public static string MonthRow(string contractId, MonthAssessment month) =>
        Text(s =>
        {
            using var csv = CsvWriter.Create(s, Options, leaveOpen: true);
            csv.WriteRecord(MonthFields(contractId, month, feedbackRun: false));
        }).TrimEnd('\r', '\n');

    private static string[] MonthFields(string contractId, MonthAssessment m, bool feedbackRun)
    {
        string[] fields =
        [
            contractId, m.Month.ToString(), Numbers.Fixed2(m.Satisfaction.Score),
            m.Satisfaction.ValidResponses.ToString(CultureInfo.InvariantCulture), Numbers.Fixed2(m.Committee?.Score),
            Numbers.Fixed2(m.Grid?.Score), Numbers.Fixed2(m.Grid?.Rate), Numbers.Fixed2(m.Score),
        ];
        return feedbackRun ? [.. fields, Numbers.Fixed2(m.Community?.Score)] : fields;
    }

    public static readonly string[] RewardsHeader = ["quarter", "community_id", "household_ref", "useful_clues", "useful_suggestions", "reward"];

    /// <summary><c>rewards.csv</c> (feedback.md §3): one row per rewarded household, in the order given (community, then household).</summary>
    public static void WriteRewards(Stream destination, IEnumerable<Feedback.Reward> rewards)
    {
        using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        csv.WriteRecord(RewardsHeader);
        foreach (var r in rewards)
        {
            csv.WriteRecord(
            [
                r.Quarter.ToString(), r.CommunityId, r.HouseholdRef, r.UsefulClues.ToString(CultureInfo.InvariantCulture),
                r.UsefulSuggestions.ToString(CultureInfo.InvariantCulture), Numbers.Fixed2(r.Amount),
            ]);
        }
    }

    public static string StatusName(QuarterStatus status) => status switch
    {
        QuarterStatus.Assessed => "assessed",
        QuarterStatus.Unassessable => "unassessable",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    private static string Text(Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    // Identifiers come from input files; neutralise anything a spreadsheet would run as a formula.
    private static readonly CsvWriterOptions Options = new()
    {
        NewLine = "\r\n",
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = false,
    };
}
