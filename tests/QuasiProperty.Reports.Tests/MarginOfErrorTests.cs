using QuasiProperty.Inputs;
using QuasiProperty.Model;
using QuasiProperty.Reports.Signing;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Reports.Tests;

/// <summary>
/// The margin-of-error warning appears only when chance could change the money: quarters built month by month
/// through the engine, with survey answers chosen so that each case's ranges are known.
/// </summary>
public class MarginOfErrorTests
{
    private static readonly Quarter Q = new(2025, 3);

    /// <summary>The one community these tests' months are filled for, at position 0.</summary>
    private static readonly Dictionary<string, int> Communities = new() { ["A"] = 0 };

    [Test]
    public void A_quarter_far_from_any_boundary_gets_no_warning()
    {
        // 85.17 each month; the survey's spread gives the quarter a range of about ±1.5, nowhere near 80 or 90.
        var a = Assess(Floor60, Month(mixed: (4, 5), committee: 80.5m), Month(mixed: (4, 5), committee: 80.5m), Month(mixed: (4, 5), committee: 80.5m));
        var margin = MarginOfError.Of(a)!;
        Assert.Multiple(() =>
        {
            Assert.That(a.QuarterScore, Is.EqualTo(85.17m));
            Assert.That(margin.Low, Is.GreaterThan(83).And.LessThan(85.17));
            Assert.That(margin.High, Is.LessThan(87).And.GreaterThan(85.17));
            Assert.That(margin.MoneyCouldDiffer, Is.False);
            Assert.That(margin.PayRatios, Is.EqualTo(new[] { 0.95m }));
        });
    }

    [Test]
    public void A_quarter_whose_range_straddles_a_band_boundary_that_changes_pay_gets_a_warning()
    {
        var a = Assess(Floor60, Month(mixed: (4, 5), committee: 66.2m), Month(mixed: (4, 5), committee: 66.2m), Month(mixed: (4, 5), committee: 66.2m));
        var margin = MarginOfError.Of(a)!;
        Assert.Multiple(() =>
        {
            Assert.That(a.QuarterScore, Is.EqualTo(80.40m));
            Assert.That(margin.Low, Is.LessThan(80));
            Assert.That(margin.MoneyCouldDiffer, Is.True);
            Assert.That(margin.PayRatios, Is.EqualTo(new[] { 0.90m, 0.95m }));
            Assert.That(margin.Alternatives.Single().Kind, Is.EqualTo(AlternativeKind.QuarterScore));
            Assert.That(margin.Alternatives.Single().Payout, Is.EqualTo(90_000m));
        });
    }

    [Test]
    public void A_quarter_capped_by_the_month_floor_on_both_sides_of_a_band_boundary_gets_no_warning()
    {
        // 58 without sampling error (every answer 3, no grid file): below the floor whatever chance did. The other two
        // months put the quarter at 80.33, with a range across 80; but 0.95 capped by the floor and 0.90 both pay 0.90.
        var low = Month(mixed: (3, 3), committee: 74m);
        var high = Month(mixed: (4, 5), committee: 99.35m);
        var capped = Assess(Floor60, low, high, high);
        var uncapped = Assess(floor: null, low, high, high);
        var margin = MarginOfError.Of(capped)!;
        Assert.Multiple(() =>
        {
            Assert.That(capped.Floor, Is.Not.Null);
            Assert.That(capped.QuarterScore, Is.EqualTo(80.30m));
            Assert.That(capped.PayRatio, Is.EqualTo(0.90m));
            Assert.That(margin.Low, Is.LessThan(80).And.GreaterThan(79));
            Assert.That(margin.High, Is.GreaterThan(80));
            Assert.That(margin.MoneyCouldDiffer, Is.False);
            // The same scores without a floor: the band alone decides, and chance could change it.
            Assert.That(MarginOfError.Of(uncapped)!.MoneyCouldDiffer, Is.True);
        });
    }

    [Test]
    public void A_month_that_could_be_below_the_floor_gets_a_warning_when_that_changes_pay()
    {
        // Answers of 1 and 5 make a wide survey range: the month's 61 could be below 60. The quarter (85) is far from 80 and 90.
        var a = Assess(Floor60, Month(mixed: (1, 5), committee: 83m), Month(mixed: (5, 5), committee: 91m), Month(mixed: (5, 5), committee: 91m));
        var margin = MarginOfError.Of(a)!;
        var month = margin.Months[0];
        Assert.Multiple(() =>
        {
            Assert.That(a.Floor, Is.Null);
            Assert.That(a.PayRatio, Is.EqualTo(0.95m));
            Assert.That(month.Score, Is.EqualTo(61m));
            Assert.That(month.Low, Is.LessThan(60));
            Assert.That(margin.Low, Is.GreaterThan(80));
            Assert.That(margin.High, Is.LessThan(90));
            Assert.That(margin.PayRatios, Is.EqualTo(new[] { 0.90m, 0.95m }));
            Assert.That(margin.Alternatives[0].Kind, Is.EqualTo(AlternativeKind.FloorCouldApply));
            Assert.That(margin.Alternatives[0].Months.Single().Month, Is.EqualTo(new Month(2025, 7)));
        });
    }

    [Test]
    public void A_month_below_the_floor_that_could_be_above_it_gets_a_warning_when_that_changes_pay()
    {
        var a = Assess(Floor60, Month(mixed: (1, 5), committee: 77m), Month(mixed: (5, 5), committee: 91m), Month(mixed: (5, 5), committee: 91m));
        var margin = MarginOfError.Of(a)!;
        Assert.Multiple(() =>
        {
            Assert.That(a.Floor, Is.Not.Null);
            Assert.That(margin.Months[0].High, Is.GreaterThan(60));
            Assert.That(margin.PayRatios, Is.EqualTo(new[] { 0.90m, 0.95m }));
            Assert.That(margin.Alternatives[0].Kind, Is.EqualTo(AlternativeKind.FloorCouldLift));
        });
    }

    [Test]
    public void A_month_below_the_floor_gets_no_warning_when_the_band_pays_no_more_than_the_cap()
    {
        // The same uncertain month in a quarter of 65.67: the band pays 0.80 below the floor or above it.
        var a = Assess(Floor60, Month(mixed: (1, 5), committee: 83m), Month(mixed: (4, 4), committee: 54m), Month(mixed: (4, 4), committee: 54m));
        var margin = MarginOfError.Of(a)!;
        Assert.Multiple(() =>
        {
            Assert.That(a.PayRatio, Is.EqualTo(0.80m));
            Assert.That(margin.Months[0].Low, Is.LessThan(60));
            Assert.That(margin.MoneyCouldDiffer, Is.False);
        });
    }

    [Test]
    public void The_same_inputs_give_byte_identical_reports()
    {
        using var set = DataSet.FromSamples();
        using var first = new TempFolder();
        using var second = new TempFolder();
        using var key = SigningKey.Generate(development: false);
        var templates = Templates.Load(Path.Combine(TestPaths.RepositoryRoot, "templates"));
        var asOf = new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.FromHours(8));
        foreach (var folder in new[] { first.Path, second.Path })
        {
            set.Issue(folder, templates, key, Q, asOf);
        }
        var reports = Directory.GetFiles(first.Combine("contracts"), "*.html");
        Assert.That(reports, Is.Not.Empty);
        foreach (var report in reports)
        {
            Assert.That(File.ReadAllBytes(second.Combine("contracts", Path.GetFileName(report))), Is.EqualTo(File.ReadAllBytes(report)), report);
        }
    }

    [Test]
    public void A_survey_every_household_answered_has_no_sampling_error()
    {
        // The same answers as the straddling case, which warns in a community of 1,000 households; here all 40 answered.
        var a = Assess(Floor60, households: 40, Month(mixed: (4, 5), committee: 66.2m), Month(mixed: (4, 5), committee: 66.2m), Month(mixed: (4, 5), committee: 66.2m));
        var margin = MarginOfError.Of(a)!;
        Assert.Multiple(() =>
        {
            Assert.That(margin.Low, Is.EqualTo((double)a.QuarterScoreExact!.Value).Within(1e-9));
            Assert.That(margin.High, Is.EqualTo((double)a.QuarterScoreExact!.Value).Within(1e-9));
            Assert.That(margin.MoneyCouldDiffer, Is.False);
        });
    }

    [Test]
    public void On_the_samples_only_the_quarters_within_reach_of_a_line_are_warned_about()
    {
        // The grid counts every incident of the month and the committee rates it: neither is a sample, so only the survey's
        // sampling error counts. Taken as Poisson draws, the grid counts had put 10 of these 14 assessed quarters in doubt.
        using var set = DataSet.FromSamples();
        var warned = new[] { 1, 2, 3 }
            .SelectMany(n => set.Assess(new Quarter(2025, n), new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.FromHours(8))).Assessments)
            .Where(a => MarginOfError.Of(a) is { MoneyCouldDiffer: true })
            .Select(a => $"{a.Quarter} {a.Contract.Id} {a.QuarterScore}")
            .ToArray();
        Assert.That(warned, Is.EqualTo(new[] { "2025Q2 HT2025-03 89.61", "2025Q3 HT2025-03 79.90" }));
    }

    private static readonly MonthFloor Floor60 = new(60m, 0.90m);

    private sealed record MonthSpec((int, int) Mixed, decimal Committee);

    /// <param name="mixed">Forty survey responses, half answering every item with the first number and half with the second.</param>
    private static MonthSpec Month((int, int) mixed, decimal committee) => new(mixed, committee);

    /// <summary>
    /// Assesses three months through the engine: survey and committee only (no grid file), so the survey is the only chance
    /// and a month scores (2 × satisfaction + committee) / 3.
    /// </summary>
    private static QuarterAssessment Assess(MonthFloor? floor, params MonthSpec[] specs) => Assess(floor, 1000, specs);

    private static QuarterAssessment Assess(MonthFloor? floor, int households, params MonthSpec[] specs)
    {
        var rules = Rules(floor);
        var community = new Community("A", "社区", households);
        var contract = new Contract("K1", "P1", "A", "test", 100_000m, Q, null);
        var inputs = Q.Months.Select((month, i) =>
        {
            var tally = new SurveyTally();
            for (var r = 0; r < 40; r++)
            {
                var answer = r % 2 == 0 ? specs[i].Mixed.Item1 : specs[i].Mixed.Item2;
                tally.Add(SurveySums.Pack(answer, answer, answer, answer));
            }
            return new MonthInputs(month, Communities, [tally], [new CommitteeReport(specs[i].Committee, 0, 0)], null);
        }).ToArray();
        return Assessor.AssessContract(contract, community, rules, Q, inputs);
    }

    private static RuleVersion Rules(MonthFloor? floor) => new(
        "test", 1, Q, new DateOnly(2025, 1, 1), "test", null,
        new ComponentWeights(0.5m, 0.5m - 0.25m, 0.25m),
        new SatisfactionRules([0.25m, 0.25m, 0.25m, 0.25m], 30),
        new CommitteeRules(5m),
        new GridRules(["GARBAGE"], 2m, 12m, 1.5m),
        new PayoutRules(2, 1m, [new PayBand(90m, 1m), new PayBand(80m, 0.95m), new PayBand(70m, 0.90m), new PayBand(0m, 0.80m)], floor),
        new string('0', 64), "test.yaml");
}
