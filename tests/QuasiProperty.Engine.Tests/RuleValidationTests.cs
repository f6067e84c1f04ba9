using QuasiProperty.Rules;
using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Tests;

/// <summary>
/// The rule-file constraints of the contract (assessment.md, "Rule files"): a rule file that breaks
/// one is rejected with a problem that names the file and the field. Each test starts from the
/// spec example's <c>rules/chaoyangmen/v2.yaml</c> and replaces one line.
/// </summary>
[TestFixture]
public sealed class RuleValidationTests
{
    private const string V2 = "chaoyangmen/v2.yaml";

    // ----- weights -----

    [TestCase("  grid: 0.25", "  grid: 0.20", "0.95")]
    [TestCase("  grid: 0.25", "  grid: 0.30", "1.05")]
    [TestCase("  satisfaction: 0.45", "  satisfaction: 0.4500001", "1.0000001")]
    public void WeightsNotAddingUpToOneAreRejectedWithTheirSum(string line, string replacement, string sum)
    {
        var problems = RejectedWith(line, replacement);

        AssertOnlyProblem(problems, V2, "weights", "they add up to " + sum);
        Assert.That(problems[0].Line, Is.InRange(8, 11), "the line of the weights");
    }

    [Test]
    public void WeightsAddingUpToExactlyOneInDecimalAreAccepted()
    {
        using var set = DataSet.FromSpecExample();
        // 0.1 + 0.2 + 0.7 is not 1 in binary floating point, but is in decimal.
        set.WriteRule(V2, Replace(Replace(Replace(set.ReadRule(V2),
            "  satisfaction: 0.45", "  satisfaction: 0.1"), "  committee: 0.30", "  committee: 0.2"), "  grid: 0.25", "  grid: 0.7"));

        var book = RuleFileReader.Load(set.Rules);

        Assert.That(book.InForce("chaoyangmen", DataSet.ExampleQuarter)?.Weights, Is.EqualTo(new ComponentWeights(0.1m, 0.2m, 0.7m)));
    }

    [TestCase("  grid: 0.25", "  grid: 0", "weights.grid", 11)]
    [TestCase("  grid: 0.25", "  grid: 0.00", "weights.grid", 11)]
    [TestCase("  committee: 0.30", "  committee: -0.30", "weights.committee", 10)]
    public void WeightOfZeroOrLessIsRejected(string line, string replacement, string field, int lineNumber)
    {
        var problems = RejectedWith(line, replacement);

        AssertOnlyProblem(problems, V2, field, "greater than 0", lineNumber);
    }

    [TestCase("cleaning: 0.4", "cleaning: 0.5", "1.1")]
    [TestCase("convenience: 0.2", "convenience: 0.1", "0.9")]
    public void ItemWeightsNotAddingUpToOneAreRejected(string part, string replacement, string sum)
    {
        var problems = RejectedWith(part, replacement);

        AssertOnlyProblem(problems, V2, "satisfaction.items", "they add up to " + sum, 14);
    }

    [TestCase("convenience: 0.2", "convenience: 0")]
    [TestCase("greening: 0.2", "greening: -0.2")]
    public void ItemWeightOfZeroOrLessIsRejected(string part, string replacement)
    {
        var problems = RejectedWith(part, replacement);

        var field = "satisfaction.items." + replacement.Split(':')[0];
        AssertOnlyProblem(problems, V2, field, "greater than 0", 14);
    }

    // ----- satisfaction, grid -----

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("2.5")]
    [TestCase("thirty")]
    public void MinResponsesBelowOneOrNotWholeIsRejected(string value)
    {
        var problems = RejectedWith("  min_responses: 30", "  min_responses: " + value);

        AssertOnlyProblem(problems, V2, "satisfaction.min_responses", "1 or more", 15);
    }

    [TestCase("2.0")]
    [TestCase("1.5")]
    public void ZeroMarksRateNotAboveFullMarksRateIsRejected(string value)
    {
        var problems = RejectedWith("  zero_marks_rate: 12.0", "  zero_marks_rate: " + value);

        AssertOnlyProblem(problems, V2, "grid.zero_marks_rate", "greater than full_marks_rate", 23);
    }

    [TestCase("0.99")]
    [TestCase("0")]
    [TestCase("-1.5")]
    public void OverdueWeightBelowOneIsRejected(string value)
    {
        var problems = RejectedWith("  overdue_weight: 1.5", "  overdue_weight: " + value);

        AssertOnlyProblem(problems, V2, "grid.overdue_weight", "1 or more", 24);
    }

    [TestCase("-5")]
    [TestCase("five")]
    public void NegativeUnresolvedPenaltyIsRejected(string value)
    {
        var problems = RejectedWith("  unresolved_penalty: 5", "  unresolved_penalty: " + value);

        AssertOnlyProblem(problems, V2, "committee.unresolved_penalty", "0 or more", 18);
    }

    [Test]
    public void EmptyCategoryListIsRejected()
    {
        var problems = RejectedWith("  categories: [GARBAGE, ROAD_DIRT, GREEN_DAMAGE, LITTER]", "  categories: []");

        AssertOnlyProblem(problems, V2, "grid.categories", "at least one category", 21);
    }

    // ----- payout -----

    [TestCase("0")]
    [TestCase("4")]
    public void MinAssessedMonthsOutsideOneToThreeIsRejected(string value)
    {
        var problems = RejectedWith("  min_assessed_months: 2", "  min_assessed_months: " + value);

        AssertOnlyProblem(problems, V2, "payout.min_assessed_months", "1, 2 or 3", 27);
    }

    [TestCase("0")]
    [TestCase("1.5")]
    [TestCase("-0.5")]
    public void UnassessablePayRatioOutsideZeroToOneIsRejected(string value)
    {
        var problems = RejectedWith("  unassessable_pay_ratio: 1.0", "  unassessable_pay_ratio: " + value);

        AssertOnlyProblem(problems, V2, "payout.unassessable_pay_ratio", "greater than 0 and at most 1", 28);
    }

    [TestCase("0")]
    [TestCase("1.5")]
    public void BandPayRatioOutsideZeroToOneIsRejected(string value)
    {
        var problems = RejectedWith("    - {min_score: 80, pay_ratio: 0.95}", "    - {min_score: 80, pay_ratio: " + value + "}");

        AssertOnlyProblem(problems, V2, "payout.bands[2].pay_ratio", "greater than 0 and at most 1", 31);
    }

    [TestCase("90")]
    [TestCase("95")]
    public void BandsNotStrictlyDescendingAreRejected(string value)
    {
        var problems = RejectedWith("    - {min_score: 80, pay_ratio: 0.95}", "    - {min_score: " + value + ", pay_ratio: 0.95}");

        AssertOnlyProblem(problems, V2, "payout.bands[2].min_score", "strictly lower", 31);
    }

    [Test]
    public void LastBandNotStartingAtZeroIsRejected()
    {
        var problems = RejectedWith("    - {min_score: 0,  pay_ratio: 0.80}", "    - {min_score: 10, pay_ratio: 0.80}");

        AssertOnlyProblem(problems, V2, "payout.bands[4].min_score", "last band must have min_score 0", 33);
    }

    [TestCase("0")]
    [TestCase("1.2")]
    public void MonthFloorMaxPayRatioOutsideZeroToOneIsRejected(string value)
    {
        var problems = RejectedWith("max_pay_ratio: 0.90}", "max_pay_ratio: " + value + "}");

        AssertOnlyProblem(problems, V2, "payout.month_floor.max_pay_ratio", "greater than 0 and at most 1", 34);
    }

    [Test]
    public void MonthFloorIsOptional()
    {
        using var set = DataSet.FromSpecExample();
        set.WriteRule(V2, Replace(set.ReadRule(V2), "  month_floor: {score_below: 60, max_pay_ratio: 0.90}\n", ""));

        var book = RuleFileReader.Load(set.Rules);

        Assert.That(book.InForce("chaoyangmen", DataSet.ExampleQuarter)?.Payout.MonthFloor, Is.Null);
    }

    // ----- fields -----

    [TestCase("weights:", "wieghts:", "wieghts", 8, "weights")]
    [TestCase("  min_responses: 30", "  min_response: 30", "satisfaction.min_response", 15, "min_responses")]
    [TestCase("  overdue_weight: 1.5", "  overdue_wieght: 1.5", "grid.overdue_wieght", 24, "overdue_weight")]
    public void UnknownFieldIsReportedWithTheAllowedNames(string line, string replacement, string field, int lineNumber, string allowed)
    {
        var problems = RejectedWith(line, replacement);

        AssertProblem(problems, V2, field, "is not a rule field here", lineNumber);
        AssertProblem(problems, V2, field, "allowed: ", lineNumber);
        AssertProblem(problems, V2, field, allowed, lineNumber);
    }

    [TestCase("adopted_on: 2025-03-18\n", "", "adopted_on")]
    [TestCase("version: 2\n", "", "version")]
    [TestCase("  overdue_weight: 1.5\n", "", "grid.overdue_weight")]
    [TestCase("  bands:", "  band:", "payout.bands")]
    [TestCase("committee:\n  unresolved_penalty: 5\n", "", "committee")]
    public void MissingFieldIsReported(string text, string replacement, string field)
    {
        var problems = RejectedWith(text, replacement);

        AssertProblem(problems, V2, field, "is missing");
    }

    [TestCase("2025-04")]
    [TestCase("2025Q5")]
    [TestCase("Q2")]
    [TestCase("2025-04-01")]
    public void EffectiveFromThatIsNotAQuarterIsRejected(string value)
    {
        var problems = RejectedWith("effective_from: 2025Q2", "effective_from: " + value);

        AssertOnlyProblem(problems, V2, "effective_from", "must be a quarter", 3);
    }

    [TestCase("2025-03-32")]
    [TestCase("18/03/2025")]
    [TestCase("2025-3-18")]
    [TestCase("2025Q1")]
    public void AdoptedOnThatIsNotADateIsRejected(string value)
    {
        var problems = RejectedWith("adopted_on: 2025-03-18", "adopted_on: " + value);

        AssertOnlyProblem(problems, V2, "adopted_on", "must be a date", 4);
    }

    [Test]
    public void RuleSetNotMatchingItsFolderIsRejected()
    {
        var problems = RejectedWith("rule_set: chaoyangmen", "rule_set: dongsi");

        AssertOnlyProblem(problems, V2, "rule_set", "in the folder 'chaoyangmen'", 1);
    }

    // ----- versions of a rule set -----

    [Test]
    public void TwoVersionsWithTheSameVersionNumberAreRejectedNamingBothFiles()
    {
        using var set = DataSet.FromSpecExample();
        set.WriteRule("chaoyangmen/v3.yaml", Replace(set.ReadRule(V2), "effective_from: 2025Q2", "effective_from: 2025Q3"));

        var problems = Rejected(set);

        Assert.That(problems, Has.Count.EqualTo(1), Describe(problems));
        AssertNamesBothFiles(problems[0], "version", "chaoyangmen/v2.yaml", "chaoyangmen/v3.yaml");
    }

    [Test]
    public void TwoVersionsWithTheSameEffectiveFromAreRejectedNamingBothFiles()
    {
        using var set = DataSet.FromSpecExample();
        set.WriteRule("chaoyangmen/v3.yaml", Replace(set.ReadRule(V2), "version: 2", "version: 3"));

        var problems = Rejected(set);

        Assert.That(problems, Has.Count.EqualTo(1), Describe(problems));
        AssertNamesBothFiles(problems[0], "effective_from", "chaoyangmen/v2.yaml", "chaoyangmen/v3.yaml");
    }

    // ----- files and folders -----

    [TestCase("  grid: 0.25", "\tgrid: 0.25", 11)] // a tab for indentation
    [TestCase("  grid: 0.25", "   grid: 0.25", 11)] // indented one space too far
    [TestCase("  grid: 0.25", "  grid：0.25", 11)] // full-width colon from a Chinese input method
    [TestCase("  grid: 0.25", "  grid: 0.25: 0.3", 11)]
    [TestCase("  grid: 0.25", "  grid: 0.25\n  grid: 0.3", 12)] // a key written twice
    public void YamlSyntaxErrorIsReportedWithItsLine(string line, string replacement, int lineNumber)
    {
        var problems = RejectedWith(line, replacement);

        AssertOnlyProblem(problems, V2, "file", "is not valid YAML", lineNumber);
    }

    [TestCase("  min_responses: 30", "  min_responses: [30")]
    [TestCase("order: 0.2, convenience: 0.2}", "order: 0.2, convenience: 0.2")]
    public void UnclosedBracketIsReportedAsAProblemNotACrash(string text, string replacement)
    {
        var problems = RejectedWith(text, replacement);

        AssertOnlyProblem(problems, V2, "file", "is not valid YAML");
    }

    [Test]
    public void NonUtf8RuleFileIsRejected()
    {
        using var set = DataSet.FromSpecExample();
        File.WriteAllBytes(Path.Combine(set.Rules, V2), [.. "rule_set: chaoyangmen\nnote: caf"u8, 0xE9, (byte)'\n']);

        var problems = Rejected(set);

        AssertOnlyProblem(problems, V2, "file", "not UTF-8");
    }

    [Test]
    public void RuleFileDirectlyUnderTheRulesFolderIsRejected()
    {
        using var set = DataSet.FromSpecExample();
        set.WriteRule("v3.yaml", Replace(set.ReadRule(V2), "version: 2", "version: 3"));

        var problems = Rejected(set);

        AssertOnlyProblem(problems, "v3.yaml", "file", "must sit in a folder named after its rule set");
        Assert.That(problems[0].File, Does.Not.Contain("chaoyangmen"));
    }

    [Test]
    public void EmptyRulesFolderIsRejected()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Combine("chaoyangmen"));

        var problems = Assert.Throws<InvalidInputException>(() => RuleFileReader.Load(folder.Path))?.Problems ?? [];

        Assert.That(problems, Has.Count.EqualTo(1), Describe(problems));
        Assert.That(problems[0].File, Is.EqualTo(folder.Path));
        Assert.That(problems[0].Field, Is.EqualTo("folder"));
        Assert.That(problems[0].Message, Does.Contain("no rule files found"));
    }

    [Test]
    public void EveryBadRuleFileIsListedInOneException()
    {
        using var set = DataSet.FromSpecExample();
        set.WriteRule(V2, Replace(Replace(set.ReadRule(V2), "  grid: 0.25", "  grid: 0.20"), "  overdue_weight: 1.5", "  overdue_weight: 0.5"));
        set.WriteRule("chaoyangmen/v1.yaml", Replace(set.ReadRule("chaoyangmen/v1.yaml"), "adopted_on: 2024-12-20", "adopted_on: 2024-12"));

        var problems = Rejected(set);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(problems, Has.Count.EqualTo(3), Describe(problems));
            AssertProblem(problems, V2, "weights", "they add up to 0.95");
            AssertProblem(problems, V2, "grid.overdue_weight", "1 or more", 24);
            AssertProblem(problems, "chaoyangmen/v1.yaml", "adopted_on", "must be a date", 4);
        }
    }

    [Test]
    public void QuarterWithNoVersionInForceIsAnErrorNamingTheFileAndField()
    {
        using var set = DataSet.FromSpecExample();
        set.Write("contracts.csv", set.Read("contracts.csv").Replace(",2025Q1,", ",2024Q1,", StringComparison.Ordinal));

        var problems = Assert.Throws<InvalidInputException>(() => set.Assess(new Quarter(2024, 4)))?.Problems ?? [];

        Assert.That(problems, Has.Count.EqualTo(1), Describe(problems));
        Assert.That(problems[0].File, Does.EndWith("/contracts.csv"));
        Assert.That(problems[0].Field, Is.EqualTo("rule_set"));
        Assert.That(problems[0].Message, Does.Contain("K1").And.Contain("2024Q4"));
    }

    // ----- the repository's own rules -----

    [Test]
    public void RepositoryRulesLoadAndTheVersionInForceFollowsEffectiveFrom()
    {
        var book = RuleFileReader.Load(TestPaths.Rules);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(book.RuleSets, Is.EqualTo(new[] { "chaoyangmen" }));
            Assert.That(book.InForce("chaoyangmen", new Quarter(2024, 4)), Is.Null);
            Assert.That(book.InForce("chaoyangmen", new Quarter(2025, 1))?.Version, Is.EqualTo(1));
            Assert.That(book.InForce("chaoyangmen", new Quarter(2025, 2))?.Version, Is.EqualTo(1));
            Assert.That(book.InForce("chaoyangmen", new Quarter(2025, 3))?.Version, Is.EqualTo(2));
            Assert.That(book.InForce("chaoyangmen", new Quarter(2026, 1))?.Version, Is.EqualTo(2));
            Assert.That(book.InForce("dongsi", new Quarter(2025, 3)), Is.Null);
        }
    }

    [Test]
    public void SpecExampleRulesLoadWithVersionTwoInForceFor2025Q2()
    {
        using var set = DataSet.FromSpecExample();

        var v2 = RuleFileReader.Load(set.Rules).InForce("chaoyangmen", DataSet.ExampleQuarter);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(v2?.Version, Is.EqualTo(2));
            Assert.That(v2?.Weights, Is.EqualTo(new ComponentWeights(0.45m, 0.30m, 0.25m)));
            Assert.That(v2?.Payout.MonthFloor, Is.EqualTo(new MonthFloor(60m, 0.90m)));
            Assert.That(v2?.Sha256, Is.EqualTo("212be99fcb227fd43dbe52721103b7e29add3728954020505fac6a9d085f2af6"));
        }
    }

    // ----- helpers -----

    /// <summary>The spec example's rules with one line (or part of one) of v2.yaml replaced; the problems of loading them.</summary>
    private static IReadOnlyList<InputProblem> RejectedWith(string text, string replacement)
    {
        using var set = DataSet.FromSpecExample();
        set.WriteRule(V2, Replace(set.ReadRule(V2), text, replacement));
        return Rejected(set);
    }

    private static IReadOnlyList<InputProblem> Rejected(DataSet set) =>
        Assert.Throws<InvalidInputException>(() => RuleFileReader.Load(set.Rules))?.Problems ?? [];

    private static string Replace(string yaml, string text, string replacement)
    {
        Assert.That(yaml, Does.Contain(text), "the test edits a line that is in the file");
        var at = yaml.IndexOf(text, StringComparison.Ordinal);
        Assert.That(yaml.IndexOf(text, at + 1, StringComparison.Ordinal), Is.EqualTo(-1), $"'{text}' is in the file once");
        return yaml.Replace(text, replacement, StringComparison.Ordinal);
    }

    private static void AssertProblem(IReadOnlyList<InputProblem> problems, string file, string field, string phrase, long? line = null)
    {
        var found = problems.FirstOrDefault(p => IsFile(p, file) && p.Field == field && p.Message.Contains(phrase, StringComparison.Ordinal));
        Assert.That(found, Is.Not.Null, $"expected {file}: {field}: …{phrase}…; got:\n{Describe(problems)}");
        if (line is not null) Assert.That(found!.Line, Is.EqualTo(line), found.ToString());
    }

    private static void AssertOnlyProblem(IReadOnlyList<InputProblem> problems, string file, string field, string phrase, long? line = null)
    {
        AssertProblem(problems, file, field, phrase, line);
        Assert.That(problems, Has.Count.EqualTo(1), Describe(problems));
    }

    private static void AssertNamesBothFiles(InputProblem problem, string field, string first, string second)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem.Field, Is.EqualTo(field), problem.ToString());
            Assert.That(IsFile(problem, first) || IsFile(problem, second), Is.True, problem.ToString());
            Assert.That(problem.Message, Does.Contain(IsFile(problem, first) ? second : first), problem.ToString());
        }
    }

    private static bool IsFile(InputProblem problem, string file) =>
        problem.File.Replace('\\', '/').EndsWith("/" + file, StringComparison.Ordinal);

    private static string Describe(IEnumerable<InputProblem> problems) => string.Join("\n", problems);
}
