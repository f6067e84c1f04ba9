using System.Globalization;
using QuasiProperty.Feedback;
using QuasiProperty.Model;
using QuasiProperty.Rules;
using QuasiProperty.Time;

namespace QuasiProperty.Scoring;

/// <summary>The formulas of the assessment contract (spec "Scoring"), in decimal throughout.</summary>
public static class Assessor
{
    /// <summary>
    /// Assesses every contract active in the quarter, ordered by contract id. Every active
    /// contract needs a rule version in force; otherwise nothing is assessed. With <paramref name="disputes"/>
    /// or v1.1 files among the months, the quarter is a v1.1 run (feedback.md §0): each contract's disputes apply.
    /// </summary>
    public static IReadOnlyList<QuarterAssessment> AssessQuarter(
        ReferenceData reference, RuleBook rules, Quarter quarter, IReadOnlyList<MonthInputs> months,
        string contractsFile = DataFolderNames.Contracts, DisputeBook? disputes = null)
    {
        var active = reference.Contracts.Where(c => c.IsActiveIn(quarter)).OrderBy(c => c.Id, StringComparer.Ordinal).ToArray();
        var versions = rules.InForceFor(active, quarter, contractsFile);
        var feedback = IsFeedbackRun(quarter, months, disputes);

        // On all cores, into place: the readers have already run Parallel.For, so it costs no new thread setup.
        var assessments = new QuarterAssessment[active.Length];
        Parallel.For(0, active.Length, i =>
        {
            var contract = active[i];
            var community = reference.Community(contract.CommunityId);
            IReadOnlyList<DisputeOutcome>? outcomes = feedback ? disputes?.For(contract.Id, quarter) ?? [] : null;
            assessments[i] = AssessContract(contract, community, versions[contract.Id], quarter, months, outcomes);
        });
        return assessments;
    }

    /// <summary>
    /// Whether the quarter's run is a v1.1 run (feedback.md §0): a dispute about one of its months was filed by the
    /// as-of time, or one of its months has a <c>community/</c> or <c>clues/</c> file. Any other run gives v1's outputs.
    /// </summary>
    public static bool IsFeedbackRun(Quarter quarter, IReadOnlyList<MonthInputs> months, DisputeBook? disputes) =>
        months.Any(m => m.Month.Quarter == quarter && m.Feedback.HasFiles) || disputes?.AnyAbout(quarter) == true;

    /// <param name="disputes">
    /// In a v1.1 run, the contract's disputes about the quarter as they stood at the as-of time (none: an empty list);
    /// null in a v1 run. Upheld ones apply; with open ones the quarter is assessed again with them upheld, for the withheld money.
    /// </param>
    public static QuarterAssessment AssessContract(
        Contract contract, Community community, RuleVersion rules, Quarter quarter, IReadOnlyList<MonthInputs> months,
        IReadOnlyList<DisputeOutcome>? disputes = null)
    {
        var quarterMonths = quarter.Months;
        var inputs = new CommunityMonth[quarterMonths.Count];
        for (var i = 0; i < inputs.Length; i++) inputs[i] = MonthInputs.Find(months, quarterMonths[i]).For(community);
        var digest = InputDigest.Compute(contract, community, quarter.ToString(), inputs, disputes);
        var assessment = Assess(contract, community, rules, quarter, inputs, digest, Taken(disputes, DisputeState.Upheld));
        if (disputes is null) return assessment;

        QuarterAssessment? ifUpheld = null;
        if (disputes.Any(d => d.State == DisputeState.Open))
        {
            ifUpheld = Assess(contract, community, rules, quarter, inputs, digest, Taken(disputes, DisputeState.Upheld, DisputeState.Open));
        }
        return assessment with { Feedback = new QuarterFeedback(disputes, (ifUpheld?.Payout ?? assessment.Payout) - assessment.Payout, ifUpheld) };
    }

    private static Dispute[] Taken(IReadOnlyList<DisputeOutcome>? disputes, params DisputeState[] states) =>
        disputes is null ? [] : [.. disputes.Where(d => states.Contains(d.State)).Select(d => d.Dispute)];

    /// <param name="upheld">The disputes whose contested incidents and committee issues are not counted.</param>
    private static QuarterAssessment Assess(
        Contract contract, Community community, RuleVersion rules, Quarter quarter, CommunityMonth[] inputs, string digest, Dispute[] upheld)
    {
        var monthAssessments = new MonthAssessment[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            var month = inputs[i].Month;
            monthAssessments[i] = AssessMonth(community, rules, inputs[i], upheld.Length == 0 ? [] : [.. upheld.Where(d => d.Month == month)]);
        }
        var fee = contract.QuarterlyFee;
        var decision = QuarterDecision.Of(rules.Payout, [.. monthAssessments.Where(m => m.IsAssessed).Select(m => (m.Month, m.Score!.Value))]);
        var payout = Money.Round(fee * decision.PayRatio);
        return new QuarterAssessment(contract, community, quarter, rules, monthAssessments, decision.Status,
            decision.ScoreExact, decision.Score, decision.Band, decision.Floor, decision.PayRatio, payout, fee - payout, digest);
    }

    /// <param name="upheld">Disputes of the month that are upheld: their incidents and committee issues are taken out.</param>
    public static MonthAssessment AssessMonth(Community community, RuleVersion rules, CommunityMonth inputs, IReadOnlyList<Dispute>? upheld = null)
    {
        upheld ??= [];
        var satisfaction = Satisfaction(rules.Satisfaction, inputs.HasSurveyFile, inputs.Survey);
        var committee = inputs.Committee is { } report
            ? Committee(rules.Committee, report, upheld.Where(d => d.Kind == DisputeKind.Committee).Sum(d => d.Issues))
            : null;
        var grid = inputs.GridCounts(rules.Grid.Counts) is { } counts
            ? Grid(rules.Grid, Without(counts, rules.Grid, inputs, upheld, out var disputed), community.Households, disputed)
            : null;
        var assessed = rules.Weights.Community > 0m ? inputs.CommunityAssessment : null;
        var score = rules.Weights.Combine(satisfaction.Score, committee?.Score, grid?.Score, assessed?.Score);
        return new MonthAssessment(inputs.Month, satisfaction, committee, grid, score, assessed);
    }

    /// <summary>The counts without the incidents of upheld grid disputes in counted categories ("not counted at all").</summary>
    private static GridCounts Without(GridCounts counts, GridRules rules, CommunityMonth inputs, IReadOnlyList<Dispute> upheld, out int disputed)
    {
        disputed = 0;
        foreach (var dispute in upheld)
        {
            if (dispute.Kind != DisputeKind.Grid) continue;
            // The readers have checked that a dispute's incident is in its community's grid file.
            var incident = inputs.Contested(dispute.Ref)
                ?? throw new InvalidOperationException($"dispute {dispute.Id}: incident {dispute.Ref} was not read with {inputs.Month}'s grid");
            if (!rules.Counts(incident.Category)) continue;
            counts = new GridCounts(counts.Incidents - 1, counts.Overdue - (incident.Overdue ? 1 : 0), counts.Open - (incident.Open ? 1 : 0), counts.Uncounted);
            disputed++;
        }
        return counts;
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

    /// <param name="disputed">Unresolved issues taken out by upheld disputes.</param>
    public static CommitteeComponent Committee(CommitteeRules rules, CommitteeReport report, int disputed = 0) =>
        new(report.Rating, report.IssuesRaised, report.IssuesUnresolved, rules.UnresolvedPenalty,
            Math.Max(0m, report.Rating - rules.UnresolvedPenalty * (report.IssuesUnresolved - disputed)), disputed);

    /// <param name="disputed">Incidents already taken out of <paramref name="counts"/> by upheld disputes.</param>
    public static GridComponent Grid(GridRules rules, GridCounts counts, int households, int disputed = 0)
    {
        var weighted = rules.Weighted(counts.OnTime, counts.Overdue);
        var rate = rules.Rate(counts.OnTime, counts.Overdue, households);
        return new GridComponent(counts.Incidents, counts.Overdue, counts.Open, counts.Uncounted, households, weighted, rate, rules.Score(rate), disputed);
    }

    /// <summary>A decimal without trailing zeros, so that 88 and 88.0 read alike in digests.</summary>
    internal static string Canonical(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}

/// <summary>File names used in messages when the source is not a data folder.</summary>
public static class DataFolderNames
{
    public const string Contracts = "contracts.csv";
}
