using System.Globalization;
using QuasiProperty.Model;
using QuasiProperty.Rules;
using QuasiProperty.Time;

namespace QuasiProperty.Scoring;

/// <summary>The formulas of the assessment contract (spec "Scoring"), in decimal throughout.</summary>
public static class Assessor
{
    /// <summary>
    /// Assesses every contract active in the quarter, ordered by contract id. Every active
    /// contract needs a rule version in force; otherwise nothing is assessed.
    /// </summary>
    public static IReadOnlyList<QuarterAssessment> AssessQuarter(
        ReferenceData reference, RuleBook rules, Quarter quarter, IReadOnlyList<MonthInputs> months, string contractsFile = DataFolderNames.Contracts)
    {
        var active = reference.Contracts.Where(c => c.IsActiveIn(quarter)).OrderBy(c => c.Id, StringComparer.Ordinal).ToArray();
        var versions = rules.InForceFor(active, quarter, contractsFile);

        // On all cores, into place: the readers have already run Parallel.For, so it costs no new thread setup.
        var assessments = new QuarterAssessment[active.Length];
        Parallel.For(0, active.Length, i =>
        {
            var contract = active[i];
            var community = reference.Community(contract.CommunityId);
            assessments[i] = AssessContract(contract, community, versions[contract.Id], quarter, months);
        });
        return assessments;
    }

    public static QuarterAssessment AssessContract(
        Contract contract, Community community, RuleVersion rules, Quarter quarter, IReadOnlyList<MonthInputs> months)
    {
        var quarterMonths = quarter.Months;
        var inputs = new CommunityMonth[quarterMonths.Count];
        var monthAssessments = new MonthAssessment[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = MonthInputs.Find(months, quarterMonths[i]).For(community);
            monthAssessments[i] = AssessMonth(community, rules, inputs[i]);
        }
        var digest = InputDigest.Compute(contract, community, quarter.ToString(), inputs);
        var fee = contract.QuarterlyFee;
        var decision = QuarterDecision.Of(rules.Payout, [.. monthAssessments.Where(m => m.IsAssessed).Select(m => (m.Month, m.Score!.Value))]);
        var payout = Money.Round(fee * decision.PayRatio);
        return new QuarterAssessment(contract, community, quarter, rules, monthAssessments, decision.Status,
            decision.ScoreExact, decision.Score, decision.Band, decision.Floor, decision.PayRatio, payout, fee - payout, digest);
    }

    public static MonthAssessment AssessMonth(Community community, RuleVersion rules, CommunityMonth inputs)
    {
        var satisfaction = Satisfaction(rules.Satisfaction, inputs.HasSurveyFile, inputs.Survey);
        var committee = inputs.Committee is { } report ? Committee(rules.Committee, report) : null;
        var grid = inputs.GridCounts(rules.Grid.Counts) is { } counts ? Grid(rules.Grid, counts, community.Households) : null;
        var score = rules.Weights.Combine(satisfaction.Score, committee?.Score, grid?.Score);
        return new MonthAssessment(inputs.Month, satisfaction, committee, grid, score);
    }

    /// <param name="surveyFileExists">Whether the month has a survey file at all.</param>
    /// <param name="tally">The community's responses of the month; null when it has none.</param>
    public static SatisfactionComponent Satisfaction(SatisfactionRules rules, bool surveyFileExists, SurveyTally? tally)
    {
        var valid = tally?.ValidResponses ?? 0;
        var mean = tally?.Mean(rules.ItemWeights);
        return new SatisfactionComponent(
            surveyFileExists, valid, tally?.EmptyResponses ?? 0, rules.MinResponses, mean,
            tally?.StandardDeviation(rules.ItemWeights), valid >= rules.MinResponses ? mean : null);
    }

    public static CommitteeComponent Committee(CommitteeRules rules, CommitteeReport report) =>
        new(report.Rating, report.IssuesRaised, report.IssuesUnresolved, rules.UnresolvedPenalty,
            Math.Max(0m, report.Rating - rules.UnresolvedPenalty * report.IssuesUnresolved));

    public static GridComponent Grid(GridRules rules, GridCounts counts, int households)
    {
        var weighted = rules.Weighted(counts.OnTime, counts.Overdue);
        var rate = rules.Rate(counts.OnTime, counts.Overdue, households);
        return new GridComponent(counts.Incidents, counts.Overdue, counts.Open, counts.Uncounted, households, weighted, rate, rules.Score(rate));
    }

    /// <summary>A decimal without trailing zeros, so that 88 and 88.0 read alike in digests.</summary>
    internal static string Canonical(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}

/// <summary>File names used in messages when the source is not a data folder.</summary>
public static class DataFolderNames
{
    public const string Contracts = "contracts.csv";
}
