using System.CommandLine;
using QuasiProperty.Outputs;
using QuasiProperty.Rules;

namespace QuasiProperty.Cli.Commands;

/// <summary><c>qp rules</c>: work with the committees' versioned rule files.</summary>
internal static class RulesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
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
        return new Command("rules", "Work with rule files: rules/<rule_set>/<version>.yaml.") { validate };
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
                output.WriteLine($"    weights {Numbers.Exact(v.Weights.Satisfaction)}/{Numbers.Exact(v.Weights.Committee)}/{Numbers.Exact(v.Weights.Grid)}, " +
                                 $"{v.Payout.Bands.Count} pay bands{floor}; adopted {v.AdoptedOn:yyyy-MM-dd} by {v.AdoptedBy}");
            }
        }
        output.WriteLine("All rule files are valid.");
        return ExitCodes.Done;
    }
}
