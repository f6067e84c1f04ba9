using System.CommandLine;
using QuasiProperty.Outputs;
using QuasiProperty.Rules;

namespace QuasiProperty.Cli.Commands;

/// <summary><c>qp rules</c>: work with the committees' versioned rule files.</summary>
internal static class RulesCommand
{
    public static Command Create(TextWriter output, TextWriter error, TimeProvider clock)
    {
        var directory = new Argument<string>("DIR")
        {
            Description = "Rules folder (one sub-folder per rule set). Default: rules",
            DefaultValueFactory = _ => "rules",
        };
        var validate = new Command("validate",
            "Check every rule file against the assessment contract and list each version with the quarter it takes effect. " +
            "Problems are listed as file:line: field: what is wrong; exit code 1 when there are any.")
        {
            directory,
        };
        validate.SetAction(parse => Validate(parse.GetValue(directory)!, output, error));

        var from = new Argument<string>("A") { Description = "The earlier rule file." };
        var to = new Argument<string>("B") { Description = "The later (or candidate) rule file." };
        var diff = new Command("diff", "Show what changed between two rule versions — weights, items, thresholds, bands, floor — each with its old and new value.")
        {
            from, to,
        };
        diff.SetAction(parse => Diff(parse.GetValue(from)!, parse.GetValue(to)!, output, error));
        return new Command("rules", "Work with rule files: rules/<rule_set>/<version>.yaml.") { validate, diff, WhatIfCommand.Create(output, error, clock) };
    }

    private static int Diff(string fromFile, string toFile, TextWriter output, TextWriter error)
    {
        var problems = new List<InputProblem>();
        var a = RuleFileReader.Read(fromFile, null, problems);
        var b = RuleFileReader.Read(toFile, null, problems);
        if (a is null || b is null) return Report.Rejected(error, new InvalidInputException(problems));
        output.WriteLine($"{a.RuleSet} v{a.Version} ({fromFile}) → {b.RuleSet} v{b.Version} ({toFile})");
        var changes = RuleDiff.Compare(a, b);
        if (changes.Count == 0) output.WriteLine("  no change in any weight, threshold, band or floor");
        foreach (var c in changes)
        {
            output.WriteLine($"  {c.Field,-36} {c.OldEn} → {c.NewEn}");
            output.WriteLine($"  {"",-36} {c.Zh}");
        }
        if (a.AdoptedBy != b.AdoptedBy) output.WriteLine($"  adopted_by: {a.AdoptedBy} → {b.AdoptedBy}");
        if (a.Note != b.Note) output.WriteLine($"  note: {b.Note}");
        return ExitCodes.Done;
    }

    private static int Validate(string directory, TextWriter output, TextWriter error)
    {
        RuleBook book;
        try
        {
            book = RuleFileReader.Load(directory);
        }
        catch (InvalidInputException e)
        {
            foreach (var problem in e.Problems) error.WriteLine(problem);
            error.WriteLine($"qp: {e.Problems.Count} problem(s) in the rule files.");
            return ExitCodes.InputRejected;
        }
        foreach (var set in book.RuleSets)
        {
            output.WriteLine($"{set}:");
            foreach (var v in book.VersionsOf(set))
            {
                var floor = v.Payout.MonthFloor is { } f ? $", month floor {Numbers.Exact(f.ScoreBelow)} → {Numbers.Ratio(f.MaxPayRatio)}" : "";
                output.WriteLine($"  version {v.Version} from {v.EffectiveFrom}  {v.SourceFile}  sha256 {v.Sha256}");
                output.WriteLine($"    weights {Numbers.Weights(v.Weights)}, " +
                                 $"{v.Payout.Bands.Count} pay bands{floor}; adopted {v.AdoptedOn:yyyy-MM-dd} by {v.AdoptedBy}");
            }
        }
        output.WriteLine("All rule files are valid.");
        return ExitCodes.Done;
    }
}
