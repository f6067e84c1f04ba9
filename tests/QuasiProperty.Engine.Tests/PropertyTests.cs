using System.Text;
using QuasiProperty.Inputs.Csv;
using QuasiProperty.Inputs;
using QuasiProperty.Model;
using QuasiProperty.Outputs;
using QuasiProperty.Scoring;
using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Tests;

/// <summary>Properties that must hold for any input, checked on many generated cases (seeded, so repeatable).</summary>
public class PropertyTests
{
    private static readonly Quarter Q2 = new(2025, 2);
    private static readonly Community A = new("A", "A", 800);

    /// <summary>The one community these tests' months are filled for, at position 0.</summary>
    private static readonly Dictionary<string, int> Communities = new() { ["A"] = 0 };

    [Test]
    public void Payout_never_exceeds_the_fee_and_deduction_is_never_negative()
    {
        var random = new Random(2025);
        for (var run = 0; run < 500; run++)
        {
            var contract = new Contract("K", "P", "A", "r", random.Next(1, 100_000_000) / 100m, Q2, null);
            var quarter = Assessor.AssessContract(contract, A, Rulebook.Example(), Q2, RandomMonths(random));
            Assert.That(quarter.Payout, Is.InRange(0m, contract.QuarterlyFee), $"run {run}");
            Assert.That(quarter.Deduction, Is.EqualTo(contract.QuarterlyFee - quarter.Payout));
        }
    }

    [Test]
    public void A_better_committee_rating_never_lowers_the_payout()
    {
        var random = new Random(42);
        var contract = new Contract("K", "P", "A", "r", 100_000m, Q2, null);
        for (var run = 0; run < 500; run++)
        {
            var months = RandomParts(random);
            var better = months.Select(m => m with
            {
                Committee = m.Committee is null ? null : [m.Committee[0]! with { Rating = Math.Min(100m, m.Committee[0]!.Rating + random.Next(1, 30)) }],
            }).ToArray();
            var before = Assessor.AssessContract(contract, A, Rulebook.Example(), Q2, [.. months.Select(m => m.Inputs())]);
            var after = Assessor.AssessContract(contract, A, Rulebook.Example(), Q2, [.. better.Select(m => m.Inputs())]);
            Assert.That(after.Payout, Is.GreaterThanOrEqualTo(before.Payout), $"run {run}");
        }
    }

    [Test]
    public void Shuffling_the_rows_of_every_input_file_changes_nothing()
    {
        using var original = DataSet.FromSamples();
        using var shuffled = DataSet.FromSamples();
        var random = new Random(9);
        foreach (var file in Directory.EnumerateFiles(shuffled.Data, "*.csv", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            var encoding = file.EndsWith("companies.csv", StringComparison.Ordinal) ? TextEncodingFor(bytes) : Encoding.UTF8;
            var lines = encoding.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var body = lines.Skip(1).OrderBy(_ => random.Next()).ToArray();
            // The later of two answers by one household counts, so keep their order and shuffle the rest around them.
            File.WriteAllBytes(file, encoding.GetBytes(string.Join('\n', [lines[0], .. KeepRepeatedHouseholdsInOrder(lines, body)]) + "\n"));
        }

        foreach (var quarter in new[] { 1, 2, 3, 4 }.Select(q => new Quarter(2025, q)))
        {
            Assert.That(Outputs(shuffled, quarter), Is.EqualTo(Outputs(original, quarter)), quarter.ToString());
        }
    }

    [Test]
    public void The_same_inputs_give_byte_identical_outputs()
    {
        using var set = DataSet.FromSamples();
        var quarter = new Quarter(2025, 3);
        var first = Outputs(set, quarter);
        var second = Outputs(set, quarter);
        Assert.That(second, Is.EqualTo(first));
    }

    private static string Outputs(DataSet set, Quarter quarter)
    {
        var asOf = new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.FromHours(8));
        using var folder = new TempFolder();
        var result = set.Assess(quarter, asOf);
        QuarterOutput.WriteInto(folder.Path, result);
        return string.Join("\n", Directory.EnumerateFiles(folder.Path, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(folder.Path, f) + ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))));
    }

    private static Encoding TextEncodingFor(byte[] bytes) =>
        System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8 : TextEncoding.Gb18030;

    private static IEnumerable<string> KeepRepeatedHouseholdsInOrder(string[] lines, string[] shuffledBody)
    {
        if (!lines[0].Contains("household_ref", StringComparison.Ordinal)) return shuffledBody;
        var column = Array.IndexOf(lines[0].Split(','), "household_ref");
        string Key(string line) => string.Join(",", line.Split(',')[1], line.Split(',')[column]);
        var repeated = lines.Skip(1).GroupBy(Key).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var inFileOrder = new Queue<string>(lines.Skip(1).Where(l => repeated.Contains(Key(l))));
        return shuffledBody.Select(l => repeated.Contains(Key(l)) ? inFileOrder.Dequeue() : l);
    }

    [Test]
    public void A_survey_tally_summed_per_answered_item_pattern_equals_one_added_response_by_response()
    {
        var random = new Random(16);
        for (var run = 0; run < 200; run++)
        {
            var responses = Enumerable.Range(0, random.Next(300))
                .Select(_ => new[] { random.Next(6), random.Next(6), random.Next(6), random.Next(6) }).ToArray();
            var oneByOne = new SurveyTally();
            foreach (var r in responses) oneByOne.Add(SurveySums.Pack(r[0], r[1], r[2], r[3]));

            // What the database sends: per pattern the count, Σ(a − 1) per item and Σ(a − 1)(b − 1) per pair, unanswered items as 0.
            var summed = new SurveyTally();
            foreach (var group in responses.GroupBy(r => Enumerable.Range(0, 4).Sum(i => r[i] > 0 ? 1 << i : 0)))
            {
                var sums = new List<long> { group.Count() };
                sums.AddRange(Enumerable.Range(0, 4).Select(i => group.Sum(r => r[i] > 0 ? (long)r[i] - 1 : 0)));
                for (var i = 0; i < 4; i++)
                {
                    for (var j = i; j < 4; j++) sums.Add(group.Sum(r => r[i] > 0 && r[j] > 0 ? (long)(r[i] - 1) * (r[j] - 1) : 0));
                }
                summed.AddPattern(group.Key, sums.ToArray());
            }

            Assert.That(Digest(summed), Is.EqualTo(Digest(oneByOne)), $"run {run}");
            Assert.That(summed.Mean([0.4m, 0.2m, 0.3m, 0.1m]), Is.EqualTo(oneByOne.Mean([0.4m, 0.2m, 0.3m, 0.1m])), $"run {run}");
        }

        static byte[] Digest(SurveyTally tally)
        {
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream)) tally.WriteTo(writer);
            return stream.ToArray();
        }
    }

    private static MonthInputs[] RandomMonths(Random random) => [.. RandomParts(random).Select(p => p.Inputs())];

    /// <summary>A month's inputs for community A before they become <see cref="MonthInputs"/>, so that a test can vary one source.</summary>
    private sealed record MonthParts(Month Month, SurveyTally?[]? Surveys, CommitteeReport?[]? Committee, GridMonth? Grid)
    {
        public MonthInputs Inputs() => new(Month, Communities, Surveys, Committee, Grid);
    }

    private static MonthParts[] RandomParts(Random random) =>
        Q2.Months.Select(m =>
        {
            SurveyTally?[]? surveys = null;
            if (random.Next(4) > 0)
            {
                var tally = new SurveyTally();
                for (var r = random.Next(60); r > 0; r--) tally.Add(SurveySums.Pack(random.Next(6), random.Next(6), random.Next(6), random.Next(6)));
                surveys = [tally];
            }
            CommitteeReport?[]? committee = random.Next(4) > 0 ? [new CommitteeReport(random.Next(0, 1001) / 10m, 5, random.Next(6))] : null;
            GridMonth? grid = null;
            if (random.Next(4) > 0)
            {
                grid = new GridMonth(1);
                var garbage = grid.CategoryIndex("GARBAGE");
                for (var i = random.Next(15); i > 0; i--) grid.Add(0, garbage, overdue: random.Next(3) == 0, open: false);
            }
            return new MonthParts(m, surveys, committee, grid);
        }).ToArray();
}
