using System.Globalization;
using QuasiProperty.Model;
using QuasiProperty.Outputs;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Reports;

/// <summary>
/// What <c>templates/report.html.sbn</c> sees for one contract and quarter. Every figure is already
/// formatted as it is printed (scores and money to 2 decimals, money grouped), so templates only
/// place text; the template context escapes all of it.
/// </summary>
public sealed class ContractReport
{
    public required string ContractId { get; init; }

    /// <summary>The report's own file name, as <c>qp verify</c> needs it.</summary>
    public required string ReportFile { get; init; }
    public required string CompanyId { get; init; }
    public required string CompanyName { get; init; }
    public required string CommunityId { get; init; }
    public required string CommunityName { get; init; }
    public required int Households { get; init; }
    public required string Quarter { get; init; }
    public required string AsOf { get; init; }

    public required string Fee { get; init; }
    public required string PayRatio { get; init; }
    public required string Payout { get; init; }
    public required string Deduction { get; init; }
    public required bool IsReduced { get; init; }
    public required string Decision { get; init; }
    public required string DecisionEn { get; init; }
    public required bool IsAssessed { get; init; }
    public required string QuarterScore { get; init; }
    public required int AssessedMonths { get; init; }
    public required int MinAssessedMonths { get; init; }

    public required IReadOnlyList<MonthRow> Months { get; init; }
    public required IReadOnlyList<Reason> Reasons { get; init; }
    public required IReadOnlyList<BandRow> Bands { get; init; }
    public required FloorInfo? Floor { get; init; }
    public required UncertaintyInfo? Uncertainty { get; init; }
    public required RawHtml Chart { get; init; }

    public required string RuleSet { get; init; }
    public required int RuleVersion { get; init; }
    public required string RuleSha256 { get; init; }
    public required string RuleEffectiveFrom { get; init; }
    public required string RuleAdoptedOn { get; init; }
    public required string RuleAdoptedBy { get; init; }
    public required string RuleNote { get; init; }
    public required string Weights { get; init; }
    public required string WeightSatisfaction { get; init; }
    public required string WeightCommittee { get; init; }
    public required string WeightGrid { get; init; }
    public required string UnresolvedPenalty { get; init; }
    public required string FullMarksRate { get; init; }
    public required string ZeroMarksRate { get; init; }
    public required string OverdueWeight { get; init; }
    public required string InputDigest { get; init; }
    public required string EngineVersion { get; init; }
    public required string KeyId { get; init; }

    /// <summary>The signing key's id in groups of four, as the portal's key page shows it.</summary>
    public string KeyFingerprint => Signing.KeyFingerprint.Of(KeyId);
    public required bool DevelopmentKey { get; init; }

    public static ContractReport Build(
        QuarterAssessment a, Company company, DateTimeOffset asOf, IReadOnlyList<MonthAssessment> history, string keyId, bool developmentKey)
    {
        var rules = a.Rules;
        var decision = Explanation.Decision(a);
        var uncertainty = MarginOfError.Of(a);
        return new ContractReport
        {
            ContractId = a.Contract.Id,
            ReportFile = OutputFolder.FileNameFor(a.Contract.Id) + ".html",
            CompanyId = company.Id,
            CompanyName = company.Name,
            CommunityId = a.Community.Id,
            CommunityName = a.Community.Name,
            Households = a.Community.Households,
            Quarter = a.Quarter.ToString(),
            AsOf = ChinaTime.Display(asOf),
            Fee = Numbers.Grouped(a.Contract.QuarterlyFee),
            PayRatio = Numbers.Ratio(a.PayRatio),
            Payout = Numbers.Grouped(a.Payout),
            Deduction = Numbers.Grouped(a.Deduction),
            IsReduced = a.IsReduced,
            Decision = decision.Zh,
            DecisionEn = decision.En,
            IsAssessed = a.Status == QuarterStatus.Assessed,
            QuarterScore = Numbers.Fixed2(a.QuarterScore),
            AssessedMonths = a.AssessedMonths,
            MinAssessedMonths = rules.Payout.MinAssessedMonths,
            Months = [.. a.Months.Select(m => MonthRow.Of(m, rules))],
            Reasons = Explanation.Reasons(a),
            Bands = [.. rules.Payout.Bands.Select(b => new BandRow(Numbers.Fixed2(b.MinScore), Numbers.Ratio(b.PayRatio), ReferenceEquals(b, a.Band)))],
            Floor = rules.Payout.MonthFloor is { } f
                ? new FloorInfo(Numbers.Fixed2(f.ScoreBelow), Numbers.Ratio(f.MaxPayRatio), a.Floor is not null,
                    string.Join("、", a.Months.Where(m => MonthRow.IsBelowFloor(m, rules)).Select(m => m.Month)))
                : null,
            Uncertainty = uncertainty is null ? null : UncertaintyInfo.Of(uncertainty, a),
            Chart = ScoreChart.Render(a.Quarter, [.. history, .. a.Months], rules),
            RuleSet = rules.RuleSet,
            RuleVersion = rules.Version,
            RuleSha256 = rules.Sha256,
            RuleEffectiveFrom = rules.EffectiveFrom.ToString(),
            RuleAdoptedOn = rules.AdoptedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            RuleAdoptedBy = rules.AdoptedBy,
            RuleNote = rules.Note ?? "",
            Weights = Numbers.Weights(rules.Weights),
            WeightSatisfaction = Numbers.Ratio(rules.Weights.Satisfaction),
            WeightCommittee = Numbers.Ratio(rules.Weights.Committee),
            WeightGrid = Numbers.Ratio(rules.Weights.Grid),
            UnresolvedPenalty = Numbers.Exact(rules.Committee.UnresolvedPenalty),
            FullMarksRate = Numbers.Exact(rules.Grid.FullMarksRate),
            ZeroMarksRate = Numbers.Exact(rules.Grid.ZeroMarksRate),
            OverdueWeight = Numbers.Exact(rules.Grid.OverdueWeight),
            InputDigest = a.InputDigest,
            EngineVersion = AssessmentDocument.EngineVersion,
            KeyId = keyId,
            DevelopmentKey = developmentKey,
        };
    }
}

/// <summary>One month of the report's table, with the inputs behind each component.</summary>
public sealed record MonthRow(
    string Month, bool Assessed, string Score, bool BelowFloor,
    bool SurveyFile, string Satisfaction, string SatisfactionMean, int Responses, int MinResponses, string SatisfactionInterval,
    bool HasCommittee, string CommitteeRating, int IssuesRaised, int IssuesUnresolved, string CommitteeScore,
    bool HasGrid, int Incidents, int Overdue, int Open, int Uncounted, string GridRate, string GridRateInterval, string GridScore)
{
    /// <summary>An assessed month whose rounded score is under the month floor, whether or not the floor changed the payment.</summary>
    public static bool IsBelowFloor(MonthAssessment m, Rules.RuleVersion rules) =>
        rules.Payout.MonthFloor is { } floor && m.Score is { } score && Money.Round(score) < floor.ScoreBelow;

    public static MonthRow Of(MonthAssessment m, Rules.RuleVersion rules)
    {
        var overdueWeight = rules.Grid.OverdueWeight;
        var s = m.Satisfaction;
        var sInterval = s.Mean is { } mean && s.StandardDeviation is { } sd ? Intervals.Mean((double)mean, sd, s.ValidResponses) : null;
        var g = m.Grid;
        var gInterval = g is null ? (Interval?)null : Intervals.GridRate(g.Incidents, g.Overdue, (double)overdueWeight, g.Households);
        return new MonthRow(
            m.Month.ToString(), m.IsAssessed, Numbers.Fixed2(m.Score), IsBelowFloor(m, rules),
            s.SurveyFileExists, Numbers.Fixed2(s.Score), Numbers.Fixed2(s.Mean), s.ValidResponses, s.MinResponses, Range(sInterval, 0, 100),
            m.Committee is not null, m.Committee is { } c ? Numbers.Exact(c.Rating) : "", m.Committee?.IssuesRaised ?? 0,
            m.Committee?.IssuesUnresolved ?? 0, Numbers.Fixed2(m.Committee?.Score),
            g is not null, g?.Incidents ?? 0, g?.Overdue ?? 0, g?.Open ?? 0, g?.Uncounted ?? 0, Numbers.Fixed2(g?.Rate), Range(gInterval, 0, double.MaxValue),
            Numbers.Fixed2(g?.Score));
    }

    private static string Range(Interval? interval, double min, double max) =>
        interval is { } i
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(min, i.Low):0.00}–{Math.Min(max, i.High):0.00}")
            : "";
}

public sealed record BandRow(string MinScore, string PayRatio, bool Applied);

public sealed record FloorInfo(string ScoreBelow, string MaxPayRatio, bool Applied, string MonthsBelow);

/// <summary>How far chance could move the quarter score, and whether that crosses a band boundary.</summary>
public sealed record UncertaintyInfo(string Low, string High, bool CrossesBoundary, string Boundary, string Zh, string En)
{
    public static UncertaintyInfo Of(MarginOfError margin, QuarterAssessment a)
    {
        var low = margin.Low.ToString("0.00", CultureInfo.InvariantCulture);
        var high = margin.High.ToString("0.00", CultureInfo.InvariantCulture);
        if (margin.BoundaryCrossed is { } boundary)
        {
            var b = Numbers.Fixed2(boundary);
            return new UncertaintyInfo(low, high, true, b,
                $"请注意：按 95% 置信区间，季度得分可能在 {low} 至 {high} 之间，跨越了 {b} 分的档位线；本次决定处于误差范围之内，建议联席会复核。",
                $"Note: within the 95% intervals of the survey and grid figures the quarter score could lie between {low} and {high}, " +
                $"which crosses the band boundary at {b}. The decision is inside the margin of error; the joint meeting may wish to review it.");
        }
        return new UncertaintyInfo(low, high, false, "",
            $"按 95% 置信区间，季度得分在 {low} 至 {high} 之间，不跨越档位线；决定不受抽样误差影响。",
            $"Within the 95% intervals the quarter score lies between {low} and {high}, which crosses no band boundary: the decision does not depend on chance.");
    }
}
