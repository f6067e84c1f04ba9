using System.Globalization;
using QuasiProperty.Inputs;
using QuasiProperty.Model;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Tests;

/// <summary>Each formula of the spec's "Scoring" section on its own, with numbers worked out by hand.</summary>
public class ScoringTests
{
    private static readonly Community A = new("A", "示例社区", 500);
    private static readonly Contract K1 = new("K1", "P1", "A", "chaoyangmen", 120000.00m, new Quarter(2025, 1), null);
    private static readonly Quarter Q2 = new(2025, 2);

    /// <summary>The one community these tests' months are filled for, at position 0.</summary>
    private static readonly Dictionary<string, int> Communities = new() { ["A"] = 0 };

    [TestCase(1, 0)]
    [TestCase(2, 25)]
    [TestCase(3, 50)]
    [TestCase(4, 75)]
    [TestCase(5, 100)]
    public void An_answer_maps_to_a_minus_1_over_4_times_100(int answer, decimal expected)
    {
        var tally = new SurveyTally();
        tally.Add(SurveySums.Pack(answer, answer, answer, answer));
        Assert.That(tally.Mean([0.4m, 0.2m, 0.2m, 0.2m]), Is.EqualTo(expected));
    }

    [Test]
    public void A_response_scores_the_weighted_mean_over_its_answered_items_only()
    {
        var tally = new SurveyTally();
        tally.Add(SurveySums.Pack(5, 1, 0, 0)); // (0.4·100 + 0.2·0) / 0.6
        Assert.That(tally.Mean([0.4m, 0.2m, 0.2m, 0.2m]), Is.EqualTo(40m / 0.6m));
    }

    [Test]
    public void A_response_without_any_answer_is_not_valid_and_does_not_count()
    {
        var tally = new SurveyTally();
        tally.Add(SurveySums.Pack(4, 4, 4, 4));
        tally.Add(SurveySums.Pack(0, 0, 0, 0));
        Assert.Multiple(() =>
        {
            Assert.That(tally.ValidResponses, Is.EqualTo(1));
            Assert.That(tally.EmptyResponses, Is.EqualTo(1));
            Assert.That(tally.Mean([0.4m, 0.2m, 0.2m, 0.2m]), Is.EqualTo(75m));
        });
    }

    [Test]
    public void The_satisfaction_mean_equals_the_mean_of_each_response_score_computed_one_by_one()
    {
        var weights = new[] { 0.35m, 0.25m, 0.15m, 0.25m };
        var random = new Random(7);
        var tally = new SurveyTally();
        var scores = new List<decimal>();
        for (var r = 0; r < 997; r++)
        {
            var answers = Enumerable.Range(0, 4).Select(_ => random.Next(6)).ToArray(); // 0 = not answered
            tally.Add(SurveySums.Pack(answers[0], answers[1], answers[2], answers[3]));
            var answered = Enumerable.Range(0, 4).Where(i => answers[i] > 0).ToArray();
            if (answered.Length == 0) continue;
            scores.Add(answered.Sum(i => weights[i] * (answers[i] - 1) / 4m * 100m) / answered.Sum(i => weights[i]));
        }

        var mean = tally.Mean(weights)!.Value;
        Assert.That(mean - scores.Average(), Is.EqualTo(0m).Within(1e-20m));
        Assert.That(tally.ValidResponses, Is.EqualTo(scores.Count));
    }

    [Test]
    public void Satisfaction_is_unavailable_below_min_responses_but_the_count_is_kept()
    {
        var month = Inputs(new Month(2025, 4), responses: 29, answer: 4);
        var assessed = Assessor.AssessMonth(A, Rulebook.Example(), month.For(A));
        Assert.Multiple(() =>
        {
            Assert.That(assessed.Satisfaction.Score, Is.Null);
            Assert.That(assessed.Satisfaction.ValidResponses, Is.EqualTo(29));
            Assert.That(assessed.Score, Is.Null, "no other component is available either");
        });
    }

    [TestCase(88, 1, 83)]
    [TestCase(92, 0, 92)]
    [TestCase(10, 3, 0)] // never below zero
    [TestCase(100, 20, 0)]
    public void Committee_is_the_rating_less_the_penalty_per_unresolved_issue_and_never_negative(decimal rating, int unresolved, decimal expected)
    {
        var component = Assessor.Committee(new CommitteeRules(5m), new CommitteeReport(rating, unresolved, unresolved));
        Assert.That(component.Score, Is.EqualTo(expected));
    }

    [TestCase(0, 0, 0.0, 100)]     // no incidents
    [TestCase(1, 0, 2.0, 100)]     // at the full-marks rate
    [TestCase(3, 1, 7.0, 50)]      // the worked example: 2 + 1.5 = 3.5 → 7 per 1,000
    [TestCase(6, 0, 12.0, 0)]      // at the zero-marks rate
    [TestCase(10, 10, 30.0, 0)]    // beyond it
    [TestCase(2, 0, 4.0, 80)]
    public void Grid_maps_the_weighted_rate_per_1000_households_linearly(int incidents, int overdue, decimal rate, decimal score)
    {
        var rules = Rulebook.Example().Grid;
        var grid = Assessor.Grid(rules, new GridCounts(incidents, overdue, 0, 0), households: 500);
        Assert.Multiple(() =>
        {
            Assert.That(grid.Rate, Is.EqualTo(rate));
            Assert.That(grid.Score, Is.EqualTo(score));
        });
    }

    [Test]
    public void Month_score_renormalises_the_weights_of_the_available_components()
    {
        var month = Inputs(new Month(2025, 5), responses: 12, answer: 4, committee: new CommitteeReport(92, 2, 0), gridFile: true);
        var assessed = Assessor.AssessMonth(A, Rulebook.Example(), month.For(A));
        Assert.That(assessed.Score, Is.EqualTo((0.30m * 92m + 0.25m * 100m) / 0.55m));
    }

    [Test]
    public void A_month_with_no_component_is_not_assessed()
    {
        var assessed = Assessor.AssessMonth(A, Rulebook.Example(), MonthInputs.Empty(new Month(2025, 6)).For(A));
        Assert.That(assessed.IsAssessed, Is.False);
    }

    [Test]
    public void Fewer_assessed_months_than_required_make_the_quarter_unassessable_at_its_pay_ratio()
    {
        var months = new[] { Inputs(new Month(2025, 4), committee: new CommitteeReport(50, 0, 0)) };
        var rules = Rulebook.Example(unassessablePayRatio: 0.9m);
        var quarter = Assessor.AssessContract(K1, A, rules, Q2, months);
        Assert.Multiple(() =>
        {
            Assert.That(quarter.Status, Is.EqualTo(QuarterStatus.Unassessable));
            Assert.That(quarter.QuarterScore, Is.Null);
            Assert.That(quarter.PayRatio, Is.EqualTo(0.9m));
            Assert.That(quarter.Payout, Is.EqualTo(108000.00m));
            Assert.That(quarter.Deduction, Is.EqualTo(12000.00m));
        });
    }

    [TestCase(90.00, 1.00)]
    [TestCase(89.995, 1.00)]   // rounds to 90.00 first: the band uses the rounded quarter score
    [TestCase(89.994, 0.95)]
    [TestCase(80.00, 0.95)]
    [TestCase(79.99, 0.90)]
    [TestCase(70.00, 0.90)]
    [TestCase(12.5, 0.80)]
    public void The_pay_ratio_is_that_of_the_first_band_the_rounded_quarter_score_reaches(decimal committeeScore, decimal ratio)
    {
        var months = Q2.Months.Select(m => Inputs(m, committee: new CommitteeReport(committeeScore, 0, 0))).ToArray();
        var quarter = Assessor.AssessContract(K1, A, Rulebook.Example(withFloor: false), Q2, months);
        Assert.That(quarter.PayRatio, Is.EqualTo(ratio));
    }

    [Test]
    public void A_month_below_the_floor_caps_the_pay_ratio_and_says_which_month()
    {
        var scores = new[] { 100m, 100m, 59.99m }; // mean 86.66: band 0.95, capped to 0.90
        var months = Q2.Months.Select((m, i) => Inputs(m, committee: new CommitteeReport(scores[i], 0, 0))).ToArray();
        var quarter = Assessor.AssessContract(K1, A, Rulebook.Example(), Q2, months);
        Assert.Multiple(() =>
        {
            Assert.That(quarter.Band!.PayRatio, Is.EqualTo(0.95m));
            Assert.That(quarter.PayRatio, Is.EqualTo(0.90m));
            Assert.That(quarter.Floor!.MonthsBelow, Is.EqualTo(new[] { new Month(2025, 6) }));
            Assert.That(quarter.Floor.RatioBeforeCap, Is.EqualTo(0.95m));
        });
    }

    [Test]
    public void The_floor_compares_the_rounded_month_score_so_59_995_is_not_below_60()
    {
        var scores = new[] { 100m, 100m, 59.995m };
        var months = Q2.Months.Select((m, i) => Inputs(m, committee: new CommitteeReport(scores[i], 0, 0))).ToArray();
        var quarter = Assessor.AssessContract(K1, A, Rulebook.Example(), Q2, months);
        Assert.Multiple(() =>
        {
            Assert.That(quarter.Floor, Is.Null);
            Assert.That(quarter.PayRatio, Is.EqualTo(0.95m));
        });
    }

    [Test]
    public void The_floor_never_raises_a_lower_band_ratio()
    {
        var scores = new[] { 50m, 50m, 50m };
        var months = Q2.Months.Select((m, i) => Inputs(m, committee: new CommitteeReport(scores[i], 0, 0))).ToArray();
        var quarter = Assessor.AssessContract(K1, A, Rulebook.Example(), Q2, months);
        Assert.Multiple(() =>
        {
            Assert.That(quarter.PayRatio, Is.EqualTo(0.80m));
            Assert.That(quarter.Floor, Is.Null, "the cap did not change anything, so it is not reported as applied");
        });
    }

    [Test]
    public void The_quarter_score_is_the_rounded_mean_of_the_unrounded_month_scores()
    {
        // Month scores 80.004, 80.004, 80.007: rounding each first would give 80.00, 80.00, 80.01 → 80.00;
        // the mean of the exact scores is 80.005 → 80.01 (half away from zero).
        var scores = new[] { 80.004m, 80.004m, 80.007m };
        var months = Q2.Months.Select((m, i) => Inputs(m, committee: new CommitteeReport(scores[i], 0, 0))).ToArray();
        var quarter = Assessor.AssessContract(K1, A, Rulebook.Example(), Q2, months);
        Assert.That(quarter.QuarterScore, Is.EqualTo(80.01m));
    }

    [TestCase(61800.30, 0.95, 58710.29)]  // 58710.285 → half away from zero
    [TestCase(110400.25, 0.90, 99360.23)] // 99360.225
    [TestCase(0.01, 0.5, 0.01)]           // 0.005
    public void Payout_rounds_half_away_from_zero_and_deduction_is_the_rest(decimal fee, decimal ratio, decimal payout)
    {
        var contract = K1 with { QuarterlyFee = fee };
        var rules = Rulebook.Example(minAssessedMonths: 3, unassessablePayRatio: ratio);
        var quarter = Assessor.AssessContract(contract, A, rules, Q2, []);
        Assert.Multiple(() =>
        {
            Assert.That(quarter.Payout, Is.EqualTo(payout));
            Assert.That(quarter.Deduction, Is.EqualTo(fee - payout));
        });
    }

    [Test]
    public void Overdue_open_incidents_depend_on_the_as_of_time()
    {
        // One incident still open, due at 09:00 on 5 April: read a minute before its due time it is not overdue, a minute after it is.
        using var folder = new TempFolder();
        var path = folder.Combine("2025-04.csv");
        File.WriteAllLines(path, [string.Join(",", GridFile.Columns), "G1,A,GARBAGE,2025-04-03T09:00:00,2025-04-05T09:00:00,"]);
        var reference = new ReferenceData([A], [], []);
        var april = new Month(2025, 4);
        GridCounts ReadAsOf(string asOf)
        {
            var read = GridFile.Read(path, "grid/2025-04.csv", april, reference, DateTimeOffset.Parse(asOf, CultureInfo.InvariantCulture));
            Assert.That(read.Problems, Is.Empty);
            return new MonthInputs(april, reference, null, null, read.Data).For(A).GridCounts(Rulebook.Example().Grid.Counts)!.Value;
        }

        var before = ReadAsOf("2025-04-05T08:59:00+08:00");
        var after = ReadAsOf("2025-04-05T09:01:00+08:00");
        Assert.Multiple(() =>
        {
            Assert.That((before.Incidents, before.Open, before.Overdue), Is.EqualTo((1, 1, 0)), "open, not yet due");
            Assert.That((after.Incidents, after.Open, after.Overdue), Is.EqualTo((1, 1, 1)), "open, past its due time");
        });
    }

    private static MonthInputs Inputs(Month month, int responses = 0, int answer = 4, CommitteeReport? committee = null, bool gridFile = false)
    {
        SurveyTally?[]? surveys = null;
        if (responses > 0)
        {
            var tally = new SurveyTally();
            for (var r = 0; r < responses; r++) tally.Add(SurveySums.Pack(answer, answer, answer, answer));
            surveys = [tally];
        }
        return new MonthInputs(month, Communities, surveys, committee is null ? null : [committee], gridFile ? new GridMonth(1) : null);
    }
}
