using System.CommandLine;
using QuasiProperty.Application;
using QuasiProperty.Outputs;
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
            var request = new QuarterRequest(parse.GetValue(quarter), parse.GetValue(asOf) ?? clock.GetUtcNow());
            var rulesFolder = new RulesFolder(Settings.Rules(parse.GetValue(rules)));

            IReadOnlyList<WhatIfLine> lines;
            if (useDb)
            {
                using var database = Settings.Database(parse.GetValue(db));
                lines = new QuarterPipeline(new StoreInputs(database), rulesFolder).WhatIf(proposed, request);
            }
            else
            {
                lines = new QuarterPipeline(new FolderInputs(parse.GetValue(data)!), rulesFolder).WhatIf(proposed, request);
            }

            Print(output, proposed, request.Quarter, lines);
            if (parse.GetValue(outDir) is { } target)
            {
                var set = Settings.Templates(parse.GetValue(templates));
                if (!Publish.Folder(error, target, folder => WhatIfOutput.WriteInto(folder, proposed, request, lines, set))) return ExitCodes.OutputFailed;
                output.WriteLine($"Wrote {target}: {WhatIfOutput.CsvFile}, {WhatIfOutput.HtmlFile}");
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
                             $"{Numbers.Grouped(l.Candidate.Payout),14} {WhatIfOutput.Change(l.PayoutChange),12}");
        }
        output.WriteLine($"Budget effect: {WhatIfOutput.Change(lines.Sum(l => l.PayoutChange))} CNY (payout {Numbers.Grouped(lines.Sum(l => l.Current.Payout))} → " +
                         $"{Numbers.Grouped(lines.Sum(l => l.Candidate.Payout))})");
    }
}
