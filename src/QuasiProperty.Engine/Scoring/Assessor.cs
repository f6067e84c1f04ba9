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

        // On all cores, into place: the reading has already run Parallel.For, where an ordered PLINQ query would be
        // compiled for this step alone (a city quarter's assessing took about 40 ms longer that way).
        var assessments = new QuarterAssessment[active.Length];
        Parallel.For(0, active.Length, i =>
        {
            var contract = active[i];
            var community = reference.Community(contract.CommunityId);
            assessments[i] = AssessContract(
                contract, community, reference.IndexOf(community), versions[contract.Id], quarter, months);
        });
        return assessments;
    }

    public static QuarterAssessment AssessContract(
        Contract contract, Community community, int communityIndex, RuleVersion rules, Quarter quarter, IReadOnlyList<MonthInputs> months)
    {
        var monthAssessments = quarter.Months
            .Select(m => AssessMonth(community, communityIndex, rules, months.FirstOrDefault(x => x.Month == m) ?? MonthInputs.Empty(m)))
            .ToArray();
        var digest = InputDigest.Compute(contract, community, communityIndex, quarter, months);
        var fee = contract.QuarterlyFee;
        var decision = QuarterDecision.Of(rules.Payout, [.. monthAssessments.Where(m => m.IsAssessed).Select(m => (m.Month, m.Score!.Value))]);
        var payout = Money.Round(fee * decision.PayRatio);
        return new QuarterAssessment(contract, community, quarter, rules, monthAssessments, decision.Status,
            decision.ScoreExact, decision.Score, decision.Band, decision.Floor, decision.PayRatio, payout, fee - payout, digest);
    }

    public static MonthAssessment AssessMonth(Community community, int communityIndex, RuleVersion rules, MonthInputs inputs)
    {
        var satisfaction = Satisfaction(rules.Satisfaction, inputs.Surveys, communityIndex);
        var committee = inputs.Committee?[communityIndex] is { } report ? Committee(rules.Committee, report) : null;
        var grid = inputs.Grid is { } g ? Grid(rules.Grid, g.CountsFor(communityIndex, rules.Grid.Counts), community.Households) : null;

        decimal weighted = 0m, weights = 0m;
        if (satisfaction.Score is { } s)
        {
            weighted += rules.Weights.Satisfaction * s;
            weights += rules.Weights.Satisfaction;
        }
        if (committee is not null)
        {
            weighted += rules.Weights.Committee * committee.Score;
            weights += rules.Weights.Committee;
        }
        if (grid is not null)
        {
            weighted += rules.Weights.Grid * grid.Score;
            weights += rules.Weights.Grid;
        }
        return new MonthAssessment(inputs.Month, satisfaction, committee, grid, weights == 0m ? null : weighted / weights);
    }

    public static SatisfactionComponent Satisfaction(SatisfactionRules rules, SurveyTally?[]? surveys, int communityIndex)
    {
        var tally = surveys?[communityIndex];
        var valid = tally?.ValidResponses ?? 0;
        var mean = tally?.Mean(rules.ItemWeights);
        return new SatisfactionComponent(
            surveys is not null, valid, tally?.EmptyResponses ?? 0, rules.MinResponses, mean,
            tally?.StandardDeviation(rules.ItemWeights), valid >= rules.MinResponses ? mean : null);
    }

    public static CommitteeComponent Committee(CommitteeRules rules, CommitteeReport report) =>
        new(report.Rating, report.IssuesRaised, report.IssuesUnresolved, rules.UnresolvedPenalty,
            Math.Max(0m, report.Rating - rules.UnresolvedPenalty * report.IssuesUnresolved));

    public static GridComponent Grid(GridRules rules, GridCounts counts, int households)
    {
        var weighted = counts.OnTime + rules.OverdueWeight * counts.Overdue;
        var rate = weighted * 1000m / households;
        var score = rate <= rules.FullMarksRate ? 100m
            : rate >= rules.ZeroMarksRate ? 0m
            : 100m * (rules.ZeroMarksRate - rate) / (rules.ZeroMarksRate - rules.FullMarksRate);
        return new GridComponent(counts.Incidents, counts.Overdue, counts.Open, counts.Uncounted, households, weighted, rate, score);
    }

    /// <summary>A decimal without trailing zeros, so that 88 and 88.0 read alike in digests.</summary>
    internal static string Canonical(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}

/// <summary>File names used in messages when the source is not a data folder.</summary>
public static class DataFolderNames
{
    public const string Contracts = "contracts.csv";
}
