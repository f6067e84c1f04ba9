using System.Globalization;
using CsvHelper;
using QuasiProperty.Outputs;
using QuasiProperty.Reports;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Application;

/// <summary>
/// A what-if as files for a committee's meeting: <c>whatif.csv</c> (one row per contract, for spreadsheets) and
/// <c>whatif.html</c> (the same with the rule changes and the budget effect, from the <c>whatif.html.sbn</c> template).
/// </summary>
public static class WhatIfOutput
{
    public const string CsvFile = "whatif.csv";
    public const string HtmlFile = "whatif.html";

    /// <summary>Writes both files into <paramref name="folder"/>.</summary>
    public static void WriteInto(string folder, RuleVersion candidate, QuarterRequest request, IReadOnlyList<WhatIfLine> lines, Templates templates)
    {
        using (var file = File.Create(Path.Combine(folder, CsvFile))) WriteCsv(file, lines);
        File.WriteAllText(Path.Combine(folder, HtmlFile), templates.Render("whatif.html.sbn", Model(candidate, request.Quarter, request.AsOf, lines)));
    }

    private static void WriteCsv(Stream destination, IReadOnlyList<WhatIfLine> lines)
    {
        using var csv = CsvWriter.Create(destination, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteRecord(["contract_id", "community_id", "current_rule_version", "candidate_rule_version", "current_quarter_score", "candidate_quarter_score",
            "current_pay_ratio", "candidate_pay_ratio", "current_payout", "candidate_payout", "payout_change"]);
        foreach (var l in lines)
        {
            csv.WriteRecord([l.Current.Contract.Id, l.Current.Community.Id, l.Current.Rules.Version.ToString(CultureInfo.InvariantCulture),
                l.Candidate.Rules.Version.ToString(CultureInfo.InvariantCulture), Numbers.Fixed2(l.Current.QuarterScore), Numbers.Fixed2(l.Candidate.QuarterScore),
                Numbers.Ratio(l.Current.PayRatio), Numbers.Ratio(l.Candidate.PayRatio), Numbers.Fixed2(l.Current.Payout), Numbers.Fixed2(l.Candidate.Payout),
                Numbers.Fixed2(l.PayoutChange)]);
        }
    }

    private static object Model(RuleVersion candidate, Quarter quarter, DateTimeOffset asOf, IReadOnlyList<WhatIfLine> lines)
    {
        var currentVersions = lines.Where(l => l.Current.Rules.RuleSet == candidate.RuleSet).Select(l => l.Current.Rules).DistinctBy(v => v.Version).ToArray();
        return new
        {
            Quarter = quarter.ToString(),
            RuleSet = candidate.RuleSet,
            CandidateVersion = candidate.Version,
            CandidateFile = candidate.SourceFile,
            CandidateEffectiveFrom = candidate.EffectiveFrom.ToString(),
            CandidateSha256 = candidate.Sha256,
            CurrentVersions = string.Join(", ", currentVersions.Select(v => v.Version.ToString(CultureInfo.InvariantCulture))),
            AsOf = ChinaTime.Display(asOf),
            TotalChange = Change(lines.Sum(l => l.PayoutChange)),
            TotalCurrent = Numbers.Grouped(lines.Sum(l => l.Current.Payout)),
            TotalCandidate = Numbers.Grouped(lines.Sum(l => l.Candidate.Payout)),
            Changes = currentVersions.Length == 0 ? [] : RuleDiff.Compare(currentVersions[0], candidate),
            Rows = lines.Select(l => new
            {
                ContractId = l.Current.Contract.Id,
                Community = l.Current.Community.Name,
                CurrentScore = Numbers.Fixed2(l.Current.QuarterScore),
                CandidateScore = Numbers.Fixed2(l.Candidate.QuarterScore),
                CurrentRatio = Numbers.Ratio(l.Current.PayRatio),
                CandidateRatio = Numbers.Ratio(l.Candidate.PayRatio),
                CurrentPayout = Numbers.Grouped(l.Current.Payout),
                CandidatePayout = Numbers.Grouped(l.Candidate.Payout),
                Change = Change(l.PayoutChange),
                Direction = l.PayoutChange > 0 ? "up" : l.PayoutChange < 0 ? "down" : "",
            }).ToArray(),
        };
    }

    /// <summary>A change in money with its sign: +1,200.00, -300.00, 0.00.</summary>
    public static string Change(decimal value) => (value > 0 ? "+" : "") + Numbers.Grouped(value);
}
