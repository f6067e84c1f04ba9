using System.CommandLine;
using System.Globalization;
using CsvHelper;
using QuasiProperty.Inputs;
using QuasiProperty.Outputs;
using QuasiProperty.Reports;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Storage;
using QuasiProperty.Time;

namespace QuasiProperty.Cli.Commands;

/// <summary><c>qp rules whatif</c>: what a candidate version would pay, before a committee votes on it.</summary>
internal static class WhatIfCommand
{
    public static Command Create(TextWriter output, TextWriter error, TimeProvider clock)
    {
        var candidate = new Option<string>("--candidate") { Description = "The candidate rule file (it need not be in the rules folder yet).", Required = true, HelpName = "FILE" };
        var quarter = Options.Quarter("The quarter to try it on, e.g. 2025Q3.");
        var data = new Option<string?>("--data") { Description = "Assess from this data folder…", HelpName = "DIR" };
        var db = new Option<string?>("--db")
        {
            Description = "…or from the database (connection from configuration, or give one).",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "CONNECTION",
        };
        var rules = Settings.RulesOption();
        var asOf = Options.AsOf();
        var outDir = new Option<string?>("--out") { Description = "Also write whatif.csv and whatif.html here.", HelpName = "DIR" };
        var templates = Settings.TemplatesOption();
        var command = new Command("whatif",
            "Assess a quarter under the version in force and under a candidate version, from the same inputs, and show for " +
            "each contract the old and new quarter score, pay ratio and payout, and the total budget effect. Nothing is recorded.")
        {
            candidate, quarter, data, db, rules, asOf, outDir, templates,
        };
        command.SetAction(parse => Database.Run(error, () =>
        {
            var useDb = parse.GetResult(db) is not null;
            if (useDb == (parse.GetValue(data) is not null))
            {
                error.WriteLine("qp: give either --data DIR or --db");
                return ExitCodes.Usage;
            }
            var problems = new List<InputProblem>();
            var proposed = RuleFileReader.Read(parse.GetValue(candidate)!, null, problems);
            if (proposed is null) throw new InvalidInputException(problems);
            var book = WhatIf.Without(RuleFileReader.Load(Settings.Rules(parse.GetValue(rules))), proposed);
            var q = parse.GetValue(quarter);
            var at = parse.GetValue(asOf) ?? clock.GetUtcNow();

            IReadOnlyList<WhatIfLine> lines;
            if (useDb)
            {
                using var database = Settings.Database(parse.GetValue(db));
                var stored = StoredPayout.Assess(database, book, q, at);
                using var connection = database.OpenConnection();
                var months = StoredInputs.LoadQuarter(connection, null, q, stored.Reference, at);
                lines = WhatIf.Compare(stored.Reference, book, proposed, q, months);
            }
            else
            {
                var folder = new DataFolder(parse.GetValue(data)!);
                var reference = ReferenceFiles.Read(folder, book);
                lines = WhatIf.Compare(reference, book, proposed, q, QuarterReader.Read(folder, q, reference, at).Months);
            }

            Print(output, proposed, q, lines);
            if (parse.GetValue(outDir) is { } target)
            {
                var model = Model(proposed, q, at, lines);
                var set = Settings.Templates(parse.GetValue(templates));
                if (!Publish.Output(error, target, folder =>
                    {
                        using (var file = File.Create(Path.Combine(folder, "whatif.csv"))) WriteCsv(file, lines);
                        File.WriteAllText(Path.Combine(folder, "whatif.html"), set.Render("whatif.html.sbn", model));
                    }))
                {
                    return ExitCodes.OutputFailed;
                }
                output.WriteLine($"Wrote {target}: whatif.csv, whatif.html");
            }
            return ExitCodes.Done;
        }));
        return command;
    }

    private static void Print(TextWriter output, RuleVersion candidate, Quarter quarter, IReadOnlyList<WhatIfLine> lines)
    {
        output.WriteLine($"{quarter}: version in force vs candidate {candidate.RuleSet} v{candidate.Version} ({candidate.SourceFile})");
        output.WriteLine($"{"contract",-12} {"score now",9} {"→ cand.",8} {"ratio",6} {"→",5} {"payout now",14} {"→ candidate",14} {"change",12}");
        foreach (var l in lines)
        {
            output.WriteLine($"{l.Current.Contract.Id,-12} {Numbers.Fixed2(l.Current.QuarterScore),9} {Numbers.Fixed2(l.Candidate.QuarterScore),8} " +
                             $"{Numbers.Ratio(l.Current.PayRatio),6} {Numbers.Ratio(l.Candidate.PayRatio),5} {Numbers.Grouped(l.Current.Payout),14} " +
                             $"{Numbers.Grouped(l.Candidate.Payout),14} {Signed(l.PayoutChange),12}");
        }
        output.WriteLine($"Budget effect: {Signed(lines.Sum(l => l.PayoutChange))} CNY (payout {Numbers.Grouped(lines.Sum(l => l.Current.Payout))} → " +
                         $"{Numbers.Grouped(lines.Sum(l => l.Candidate.Payout))})");
    }

    private static void WriteCsv(Stream destination, IReadOnlyList<WhatIfLine> lines)
    {
        using var csv = CsvWriter.Create(destination, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteRecord(["contract_id", "community_id", "current_rule_version", "candidate_rule_version", "current_quarter_score", "candidate_quarter_score",
            "current_pay_ratio", "candidate_pay_ratio", "current_payout", "candidate_payout", "payout_change"]);
        foreach (var l in lines)
        {
            csv.WriteRecord([l.Current.Contract.Id, l.Current.Community.Id, l.Current.Rules.Version.ToString(CultureInfo.InvariantCulture),
                l.Candidate.Rules.Version.ToString(CultureInfo.InvariantCulture), Numbers.Fixed2(l.Current.QuarterScore), Numbers.Fixed2(l.Candidate.QuarterScore),
                Numbers.Ratio(l.Current.PayRatio), Numbers.Ratio(l.Candidate.PayRatio), Numbers.Fixed2(l.Current.Payout), Numbers.Fixed2(l.Candidate.Payout),
                Numbers.Fixed2(l.PayoutChange)]);
        }
    }

    private static object Model(RuleVersion candidate, Quarter quarter, DateTimeOffset asOf, IReadOnlyList<WhatIfLine> lines)
    {
        var currentVersions = lines.Where(l => l.Current.Rules.RuleSet == candidate.RuleSet).Select(l => l.Current.Rules).DistinctBy(v => v.Version).ToArray();
        return new
        {
            Quarter = quarter.ToString(),
            RuleSet = candidate.RuleSet,
            CandidateVersion = candidate.Version,
            CandidateFile = candidate.SourceFile,
            CandidateEffectiveFrom = candidate.EffectiveFrom.ToString(),
            CandidateSha256 = candidate.Sha256,
            CurrentVersions = string.Join(", ", currentVersions.Select(v => v.Version.ToString(CultureInfo.InvariantCulture))),
            AsOf = ChinaTime.Display(asOf),
            TotalChange = Signed(lines.Sum(l => l.PayoutChange)),
            TotalCurrent = Numbers.Grouped(lines.Sum(l => l.Current.Payout)),
            TotalCandidate = Numbers.Grouped(lines.Sum(l => l.Candidate.Payout)),
            Changes = currentVersions.Length == 0 ? [] : RuleDiff.Compare(currentVersions[0], candidate),
            Rows = lines.Select(l => new
            {
                ContractId = l.Current.Contract.Id,
                Community = l.Current.Community.Name,
                CurrentScore = Numbers.Fixed2(l.Current.QuarterScore),
                CandidateScore = Numbers.Fixed2(l.Candidate.QuarterScore),
                CurrentRatio = Numbers.Ratio(l.Current.PayRatio),
                CandidateRatio = Numbers.Ratio(l.Candidate.PayRatio),
                CurrentPayout = Numbers.Grouped(l.Current.Payout),
                CandidatePayout = Numbers.Grouped(l.Candidate.Payout),
                Change = Signed(l.PayoutChange),
                Direction = l.PayoutChange > 0 ? "up" : l.PayoutChange < 0 ? "down" : "",
            }).ToArray(),
        };
    }

    private static string Signed(decimal value) => (value > 0 ? "+" : "") + Numbers.Grouped(value);
}
