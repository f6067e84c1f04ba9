using System.CommandLine;
using QuasiProperty.Application;
using QuasiProperty.Reports;
using QuasiProperty.Time;

namespace QuasiProperty.Cli.Commands;

/// <summary><c>qp assess</c>: a quarter from files, written as ledger, months and one working file per contract.</summary>
internal static class AssessCommand
{
    public static Command Create(TextWriter output, TextWriter error, TimeProvider clock)
    {
        var data = Options.Folder("--data",
            "Data folder: communities.csv, companies.csv, contracts.csv, and surveys/, committee/, grid/ with one YYYY-MM.csv per month.");
        var rules = Settings.RulesOption();
        var quarter = Options.Quarter("The quarter to assess, e.g. 2025Q2. Only that quarter's monthly files are read.");
        var outDir = Options.Folder("--out", "Output folder, replaced as a whole when the run succeeds and left untouched when it fails.");
        var asOf = Options.AsOf();
        var templates = Settings.TemplatesOption();
        var ledgerOnly = new Option<bool>("--ledger-only") { Description = "Write only ledger.csv and months.csv: no working files, reports or signatures (for quick checks and benchmarks)." };
        var command = new Command("assess",
            "Assess a quarter from CSV files: each contract's month scores, quarter score, pay ratio, payout and deduction.\n" +
            "Writes ledger.csv (one row per contract), months.csv (one row per contract and month), and for each contract " +
            "contracts/<id>.json (the full working), <id>.html (the signed report) and <id>.dsse.json (its signature); " +
            "summary.html for finance; then prints the totals. Reports are signed with QuasiProperty:Signing:PrivateKey, " +
            "or a throwaway development key that they announce.")
        {
            data, rules, quarter, outDir, asOf, templates, ledgerOnly,
        };
        command.SetAction(parse => Run(
            parse.GetValue(data)!, Settings.Rules(parse.GetValue(rules)), parse.GetValue(quarter), parse.GetValue(outDir)!,
            parse.GetValue(asOf) ?? clock.GetUtcNow(), parse.GetValue(templates), parse.GetValue(ledgerOnly), output, error));
        return command;
    }

    private static int Run(
        string data, string rules, Quarter quarter, string outDir, DateTimeOffset asOf, string? templatesFolder, bool ledgerOnly,
        TextWriter output, TextWriter error)
    {
        var progress = Report.Progress(error, $"reading {quarter}");
        AssessedQuarter assessed;
        QuarterPipeline pipeline;
        Templates? templates;
        try
        {
            // Templates are checked before the inputs are read, so that a broken one fails at once; a ledger needs none.
            templates = ledgerOnly ? null : Settings.Templates(templatesFolder);
            pipeline = new QuarterPipeline(new FolderInputs(data), new RulesFolder(rules));
            assessed = pipeline.Assess(new QuarterRequest(quarter, asOf) { Progress = progress });
        }
        catch (InvalidInputException e)
        {
            Report.EndProgress(progress);
            return Report.Rejected(error, e);
        }
        Report.EndProgress(progress);
        var result = assessed.Result;
        Report.Warnings(error, result.Warnings);

        using var key = templates is null ? null : Settings.SigningKey(error);
        var signing = key is null ? null : new ReportSigning(templates!, key);
        using var folder = new OutputFolderSink(outDir, signing);
        if (!Publish.Output(error, outDir, () => Report.Warnings(error, pipeline.Issue(assessed, signing, folder).ChartWarnings))) return ExitCodes.OutputFailed;
        Summary.Print(output, result, outDir, ledgerOnly);
        return ExitCodes.Done;
    }
}
