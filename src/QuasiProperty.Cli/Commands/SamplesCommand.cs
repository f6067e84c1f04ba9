using System.CommandLine;
using QuasiProperty.Cli.Samples;
using QuasiProperty.Inputs;

namespace QuasiProperty.Cli.Commands;

/// <summary><c>qp samples generate</c>: synthetic data sets of any size, for benchmarks and tests.</summary>
internal static class SamplesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var communities = new Option<int>("--communities") { Description = "Number of communities (a city is 7000).", Required = true };
        var quarter = Options.Quarter("The quarter whose three months of files are written.");
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same bytes. Default: 1.", DefaultValueFactory = _ => 1 };
        var responses = new Option<int>("--responses") { Description = "Survey responses per community and month. Default: 500.", DefaultValueFactory = _ => 500 };
        var incidents = new Option<int>("--incidents") { Description = "Grid incidents per community and month (scaled by size). Default: 100.", DefaultValueFactory = _ => 100 };
        var outDir = new Option<string>("--out") { Description = "Folder to write: the data files, and rules/city/v1.yaml.", Required = true, HelpName = "DIR" };
        var generate = new Command("generate",
            "Write a deterministic synthetic data set in the input format of the spec: communities, companies, contracts, a rule set, " +
            "and the quarter's surveys, committee and grid files, with the irregularities of real data. Assess it with " +
            "'qp assess --data DIR --rules DIR/rules --quarter Q'.")
        {
            communities, quarter, seed, responses, incidents, outDir,
        };
        generate.SetAction(parse =>
        {
            var shape = new CityShape(parse.GetValue(communities), parse.GetValue(quarter), parse.GetValue(seed), parse.GetValue(responses), parse.GetValue(incidents));
            var progress = Report.Progress(error, "generating");
            CityGenerator.Write(parse.GetValue(outDir)!, shape, progress is null ? null : new Fraction(progress));
            Report.EndProgress(progress);
            output.WriteLine($"Wrote {parse.GetValue(outDir)}: {shape.Communities} communities, {shape.Quarter}, seed {shape.Seed}");
            return ExitCodes.Done;
        });
        return new Command("samples", "Synthetic data sets.") { generate };
    }

    private sealed class Fraction(IProgress<ReadProgress> inner) : IProgress<double>
    {
        public void Report(double value) => inner.Report(new ReadProgress((long)(value * 1000), 1000));
    }
}
