using System.Globalization;
using QuasiProperty.Model;
using QuasiProperty.Outputs;
using QuasiProperty.Rules;
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

    /// <summary>The month floor lowered the pay ratio of the quarter score's band.</summary>
    public required bool FloorCapped { get; init; }

    /// <summary>The band's pay ratio before the month floor capped it; <c>""</c> when it did not.</summary>
    public required string RatioBeforeCap { get; init; }
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
            Months = [.. a.Months.Select(m => MonthRow.Of(m, rules, uncertainty?.For(m.Month)))],
            Reasons = Explanation.ForReaders(a),
            Bands = [.. rules.Payout.Bands.Select(b => BandRow.Of(b, a))],
            Floor = rules.Payout.MonthFloor is { } f
                ? new FloorInfo(Numbers.Fixed2(f.ScoreBelow), Numbers.Ratio(f.MaxPayRatio), a.Floor is not null,
                    string.Join("、", a.Months.Where(m => MonthRow.IsBelowFloor(m, rules)).Select(m => m.Month)))
                : null,
            FloorCapped = a.Floor is not null,
            RatioBeforeCap = a.Floor is { } cap ? Numbers.Ratio(cap.RatioBeforeCap) : "",
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
    string Month, bool Assessed, string Score, string ScoreInterval, bool BelowFloor,
    bool SurveyFile, string Satisfaction, string SatisfactionMean, int Responses, int MinResponses, string SatisfactionInterval,
    bool HasCommittee, string CommitteeRating, int IssuesRaised, int IssuesUnresolved, string CommitteeScore,
    bool HasGrid, int Incidents, int Overdue, int Open, int Uncounted, string GridRate, string GridRateInterval, string GridScore)
{
    /// <summary>An assessed month whose rounded score is under the month floor, whether or not the floor changed the payment.</summary>
    public static bool IsBelowFloor(MonthAssessment m, RuleVersion rules) =>
        rules.Payout.MonthFloor is { } floor && m.Score is { } score && floor.IsBelow(score);

    /// <param name="margin">The month's 95% range, for assessed months.</param>
    public static MonthRow Of(MonthAssessment m, RuleVersion rules, MonthMargin? margin)
    {
        var scoreInterval = margin is { } r && (r.Down > 0 || r.Up > 0) ? Range(new Interval(r.Low, r.High), 0, 100) : "";
        var s = m.Satisfaction;
        var sInterval = s.Mean is { } mean && s.StandardDeviation is { } sd ? Intervals.Mean((double)mean, sd, s.ValidResponses) : null;
        var g = m.Grid;
        var gInterval = g is null ? (Interval?)null : Intervals.GridRate(rules.Grid, g.Incidents, g.Overdue, g.Households);
        return new MonthRow(
            m.Month.ToString(), m.IsAssessed, Numbers.Fixed2(m.Score), scoreInterval, IsBelowFloor(m, rules),
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

/// <summary>A pay band of the rules as the report's band table shows it.</summary>
/// <param name="ScoreBand">The quarter score falls in this band.</param>
/// <param name="Applied">This band's pay ratio is the one paid: the score's band, not capped by the month floor.</param>
/// <param name="Capped">The score's band, whose pay ratio the month floor lowered (<see cref="FloorInfo.Applied"/>).</param>
public sealed record BandRow(string MinScore, string PayRatio, bool ScoreBand, bool Applied, bool Capped)
{
    public static BandRow Of(PayBand band, QuarterAssessment a)
    {
        var scoreBand = a.Band == band;
        return new BandRow(Numbers.Fixed2(band.MinScore), Numbers.Ratio(band.PayRatio), scoreBand, scoreBand && a.Floor is null, scoreBand && a.Floor is not null);
    }
}

public sealed record FloorInfo(string ScoreBelow, string MaxPayRatio, bool Applied, string MonthsBelow);

/// <summary>
/// The quarter score's 95% range in plain words, and, when chance alone could change the payment, each plausible
/// alternative with the pay ratio and payout the rule would give for it.
/// </summary>
public sealed record UncertaintyInfo(
    string Low, string High, bool MoneyCouldDiffer, string PayRatios, IReadOnlyList<Reason> Alternatives, string Zh, string En)
{
    public static UncertaintyInfo Of(MarginOfError margin, QuarterAssessment a)
    {
        var low = Score(margin.Low);
        var high = Score(margin.High);
        var score = Numbers.Fixed2(a.QuarterScore);
        var ratio = Numbers.Ratio(a.PayRatio);
        var range = $"季度得分 {score} 受抽样误差影响的 95% 范围是 {low} 至 {high}";
        var rangeEn = $"Allowing for sampling error, the quarter score of {score} lies between {low} and {high} with 95% confidence";
        if (!margin.MoneyCouldDiffer)
        {
            return new UncertaintyInfo(low, high, false, ratio, [],
                $"{range}。在此范围内（包括每个月得分自身的范围与月度底线），按同样的档位和底线规则，支付比例都是 {ratio}：抽样误差不改变本季度的支付金额。",
                $"{rangeEn}. Throughout that range (and each month's own range, with the month floor) the same bands and floor give a pay ratio of {ratio}: sampling error does not change this quarter's payment.");
        }
        var ratios = string.Join(" / ", margin.PayRatios.Select(Numbers.Ratio));
        return new UncertaintyInfo(low, high, true, ratios, [.. margin.Alternatives.Select(x => Describe(x, a))],
            $"{range}。在此范围内，按同样的档位和底线规则，支付比例可能是 {ratios}，而不一定是本次采用的 {ratio}。本次仍按实际得分支付 {Numbers.Grouped(a.Payout)} 元；金额取决于偶然因素，建议联席会复核。",
            $"{rangeEn}. Within that range the same bands and floor could give a pay ratio of {ratios}, not only the {ratio} applied. " +
            $"The payment stays {Numbers.Grouped(a.Payout)} CNY as the observed scores decide; as chance could have changed it, the joint meeting may wish to review it.");
    }

    private static Reason Describe(Alternative x, QuarterAssessment a)
    {
        var d = x.Decision;
        var then = $"支付比例为 {Numbers.Ratio(d.PayRatio)}，实付 {Numbers.Grouped(x.Payout)} 元";
        var thenEn = $"the pay ratio would be {Numbers.Ratio(d.PayRatio)}, a payout of {Numbers.Grouped(x.Payout)} CNY";
        var floor = a.Rules.Payout.MonthFloor;
        switch (x.Kind)
        {
            case AlternativeKind.FloorCouldApply:
            {
                var m = x.Months[0];
                return new Reason(
                    $"{m.Month} 月得分 {Numbers.Fixed2(m.Score)}，其 95% 范围 {Score(m.Low)} 至 {Score(m.High)} 跨过月度底线 {Numbers.Fixed2(floor!.ScoreBelow)} 分；若该月低于底线，{then}。",
                    $"{m.Month} scored {Numbers.Fixed2(m.Score)}, and its 95% range {Score(m.Low)} to {Score(m.High)} reaches below the month floor of {Numbers.Fixed2(floor!.ScoreBelow)}; had it been below, {thenEn}.");
            }
            case AlternativeKind.FloorCouldLift:
            {
                var months = string.Join("、", x.Months.Select(m => $"{m.Month} 月（{Numbers.Fixed2(m.Score)}，95% 范围 {Score(m.Low)} 至 {Score(m.High)}）"));
                var monthsEn = string.Join(", ", x.Months.Select(m => $"{m.Month} ({Numbers.Fixed2(m.Score)}, 95% range {Score(m.Low)} to {Score(m.High)})"));
                return new Reason(
                    $"{months}低于月度底线 {Numbers.Fixed2(floor!.ScoreBelow)} 分，但其范围达到底线；若未低于底线，{then}。",
                    $"{monthsEn} fell below the month floor of {Numbers.Fixed2(floor!.ScoreBelow)}, but the range reaches it; had it not, {thenEn}.");
            }
            default:
            {
                var boundary = Math.Max(d.Band!.MinScore, a.Band!.MinScore);
                var crosses = d.Band != a.Band ? $"（跨过 {Numbers.Fixed2(boundary)} 分档位线）" : "";
                var crossesEn = d.Band != a.Band ? $" (across the band boundary at {Numbers.Fixed2(boundary)})" : "";
                var floorNote = d.Floor is { } f && a.Floor is null ? $"，且 {string.Join("、", f.MonthsBelow)} 月会低于月度底线"
                    : d.Floor is null && a.Floor is not null ? "，且没有月份低于月度底线" : "";
                var floorNoteEn = d.Floor is { } g && a.Floor is null ? $", with {string.Join(", ", g.MonthsBelow)} below the month floor"
                    : d.Floor is null && a.Floor is not null ? ", with no month below the month floor" : "";
                return new Reason(
                    $"若季度得分为 {Numbers.Fixed2(d.Score)}{crosses}{floorNote}，{then}。",
                    $"Had the quarter scored {Numbers.Fixed2(d.Score)}{crossesEn}{floorNoteEn}, {thenEn}.");
            }
        }
    }

    private static string Score(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
