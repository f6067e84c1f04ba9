using System.Globalization;
using System.Text;
using QuasiProperty.Time;

namespace QuasiProperty.Cli.Samples;

/// <summary>How big and how irregular a synthetic data set is.</summary>
public sealed record CityShape(int Communities, Quarter Quarter, int Seed, int ResponsesPerMonth = 500, int IncidentsPerMonth = 100);

/// <summary>
/// A deterministic synthetic city in the input format of the spec, for benchmarks and tests:
/// the same shape and seed always give the same bytes. It has the irregularities of real data —
/// short survey months, unanswered items, empty answer sheets, households answering twice,
/// missing committee rows, overdue, open and uncounted incidents.
/// </summary>
public static class CityGenerator
{
    public const string RuleSet = "city";

    private static readonly string[] Counted = ["GARBAGE", "ROAD_DIRT", "GREEN_DAMAGE", "LITTER"];
    private static readonly string[] Uncounted = ["ILLEGAL_PARKING", "STREET_VENDOR", "BUILDING_MATERIAL"];

    public static void Write(string folder, CityShape shape, IProgress<double>? progress = null)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(shape.Seed);
        var households = Enumerable.Range(0, shape.Communities).Select(_ => random.Next(400, 3001)).ToArray();
        var companies = Math.Max(2, shape.Communities / 20);
        WriteText(Path.Combine(folder, "communities.csv"), w =>
        {
            w.Write("community_id,name,households\n");
            for (var c = 0; c < shape.Communities; c++) w.Write(Invariant($"{Community(c)},合成社区{c + 1:D5},{households[c]}\n"));
        });
        WriteText(Path.Combine(folder, "companies.csv"), w =>
        {
            w.Write("company_id,name\n");
            for (var p = 0; p < companies; p++) w.Write(Invariant($"P{p + 1:D4},合成物业服务有限公司{p + 1:D4}\n"));
        });
        WriteText(Path.Combine(folder, "contracts.csv"), w =>
        {
            w.Write("contract_id,company_id,community_id,rule_set,quarterly_fee,start_quarter,end_quarter\n");
            for (var c = 0; c < shape.Communities; c++)
            {
                var fee = random.Next(5_000_000, 20_000_001) / 100m;
                w.Write(Invariant($"K{c + 1:D5},P{random.Next(companies) + 1:D4},{Community(c)},{RuleSet},{fee:0.00},{shape.Quarter},\n"));
            }
        });
        var rules = Path.Combine(folder, "rules", RuleSet);
        Directory.CreateDirectory(rules);
        File.WriteAllText(Path.Combine(rules, "v1.yaml"), Rules(shape.Quarter));

        var months = shape.Quarter.Months;
        var done = new double[months.Count * 3];
        void Report(int i, double fraction)
        {
            done[i] = fraction;
            progress?.Report(done.Sum() / done.Length);
        }
        // Each file has its own seed, so files can be written in parallel and still be the same every time.
        // (Not HashCode.Combine: it is seeded at random in every process.)
        Parallel.For(0, months.Count * 3, i =>
        {
            var month = months[i / 3];
            var seed = unchecked(shape.Seed * 1_000_003 + i);
            switch (i % 3)
            {
                case 0: Surveys(Path.Combine(folder, "surveys", $"{month}.csv"), shape, month, new Random(seed), f => Report(i, f)); break;
                case 1: Committee(Path.Combine(folder, "committee", $"{month}.csv"), shape, new Random(seed)); Report(i, 1); break;
                default: Grid(Path.Combine(folder, "grid", $"{month}.csv"), shape, month, households, new Random(seed), f => Report(i, f)); break;
            }
        });
    }

    private static void Surveys(string path, CityShape shape, Month month, Random random, Action<double> progress)
    {
        WriteText(path, w =>
        {
            w.Write("response_id,community_id,household_ref,cleaning,greening,order,convenience\n");
            var id = 0;
            for (var c = 0; c < shape.Communities; c++)
            {
                var quality = 2.5 + 2.3 * Math.Sin(c * 0.37 + month.Number);
                // About one community-month in fifty is short of answers, as around Spring Festival.
                var responses = random.Next(50) == 0 ? random.Next(5, 30) : shape.ResponsesPerMonth;
                for (var r = 0; r < responses; r++)
                {
                    // A few households answer twice in a month; the later line counts.
                    var household = random.Next(500) == 0 && r > 0 ? r - 1 : r;
                    w.Write(Invariant($"S{month.Year % 100:D2}{month.Number:D2}-{++id:D8},{Community(c)},h-{c + 1:D5}-{household:D5}"));
                    var empty = random.Next(200) == 0;
                    for (var item = 0; item < 4; item++)
                    {
                        w.Write(',');
                        if (empty || random.Next(12) == 0) continue;
                        w.Write((char)('0' + Math.Clamp((int)Math.Round(quality + random.NextDouble() * 2 - 1), 1, 5)));
                    }
                    w.Write('\n');
                }
                if (c % 256 == 0) progress((double)c / shape.Communities);
            }
        });
        progress(1);
    }

    private static void Committee(string path, CityShape shape, Random random) =>
        WriteText(path, w =>
        {
            w.Write("community_id,rating,issues_raised,issues_unresolved\n");
            for (var c = 0; c < shape.Communities; c++)
            {
                if (random.Next(30) == 0) continue; // no report this month
                var raised = random.Next(0, 8);
                w.Write(Invariant($"{Community(c)},{random.Next(550, 1001) / 10.0:0.0},{raised},{random.Next(0, raised + 1)}\n"));
            }
        });

    private static void Grid(string path, CityShape shape, Month month, int[] households, Random random, Action<double> progress)
    {
        var start = new DateTime(month.Year, month.Number, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var minutes = (int)(start.AddMonths(1) - start).TotalMinutes;
        WriteText(path, w =>
        {
            w.Write("incident_id,community_id,category,reported_at,due_at,closed_at\n");
            var id = 0;
            for (var c = 0; c < shape.Communities; c++)
            {
                var incidents = Math.Max(0, shape.IncidentsPerMonth + random.Next(-shape.IncidentsPerMonth / 4, shape.IncidentsPerMonth / 4 + 1)) * households[c] / 1700; // 1700 is the mean size, so the mean is the requested count
                for (var i = 0; i < incidents; i++)
                {
                    var reported = start.AddMinutes(random.Next(minutes - 1));
                    var due = reported.AddHours(random.Next(2) == 0 ? 24 : 48);
                    var category = random.Next(8) == 0 ? Uncounted[random.Next(Uncounted.Length)] : Counted[random.Next(Counted.Length)];
                    var fate = random.Next(100);
                    var closed = fate < 3 ? (DateTime?)null : fate < 13 ? due.AddHours(random.Next(1, 72)) : reported.AddMinutes(random.Next(30, (int)(due - reported).TotalMinutes));
                    w.Write(Invariant($"G{month.Year % 100:D2}{month.Number:D2}-{++id:D8},{Community(c)},{category},{reported:yyyy-MM-ddTHH:mm:ss},{due:yyyy-MM-ddTHH:mm:ss},"));
                    if (closed is { } at) w.Write(Invariant($"{at:yyyy-MM-ddTHH:mm:ss}"));
                    w.Write('\n');
                }
                if (c % 256 == 0) progress((double)c / shape.Communities);
            }
        });
        progress(1);
    }

    private static string Community(int index) => Invariant($"C{index + 1:D5}");

    private static string Rules(Quarter quarter) => $"""
        # Synthetic rules for generated city data sets.
        rule_set: {RuleSet}
        version: 1
        effective_from: {quarter}
        adopted_on: 2024-12-01
        adopted_by: synthetic data set (qp samples generate)
        note: generated for benchmarks and tests

        weights:
          satisfaction: 0.45
          committee: 0.30
          grid: 0.25

        satisfaction:
          items: {"{"}cleaning: 0.4, greening: 0.2, order: 0.2, convenience: 0.2{"}"}
          min_responses: 30

        committee:
          unresolved_penalty: 5

        grid:
          categories: [GARBAGE, ROAD_DIRT, GREEN_DAMAGE, LITTER]
          full_marks_rate: 20.0
          zero_marks_rate: 120.0
          overdue_weight: 1.5

        payout:
          min_assessed_months: 2
          unassessable_pay_ratio: 1.0
          bands:
            - {"{"}min_score: 90, pay_ratio: 1.00{"}"}
            - {"{"}min_score: 80, pay_ratio: 0.95{"}"}
            - {"{"}min_score: 70, pay_ratio: 0.90{"}"}
            - {"{"}min_score: 0,  pay_ratio: 0.80{"}"}
          month_floor: {"{"}score_below: 60, max_pay_ratio: 0.90{"}"}

        """;

    private static void WriteText(string path, Action<TextWriter> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        write(file);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
