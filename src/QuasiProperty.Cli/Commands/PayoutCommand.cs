using System.CommandLine;
using QuasiProperty.Application;
using QuasiProperty.Storage;

namespace QuasiProperty.Cli.Commands;

/// <summary><c>qp payout</c>: the quarter's payout from the database, recorded as revisions.</summary>
internal static class PayoutCommand
{
    /// <summary>New revisions named on the terminal; a city's first payout creates 7,000.</summary>
    private const int ListedRevisions = 20;

    public static Command Create(TextWriter output, TextWriter error, TimeProvider clock)
    {
        var quarter = Options.Quarter("The quarter to pay, e.g. 2025Q2.");
        var asOf = Options.AsOf();
        var outDir = Options.Folder("--out", "Output folder for ledger.csv, months.csv and contracts/<id>.json, as 'qp assess' writes them.");
        var db = Settings.DatabaseOption();
        var rules = Settings.RulesOption();
        var templates = Settings.TemplatesOption();
        var command = new Command("payout",
            "Compute a quarter's payout from the imported data with the same engine as 'qp assess', and record it: each " +
            "contract and quarter gets a numbered revision when its inputs or rules changed since the last one, and none " +
            "otherwise. Earlier revisions are kept, superseded. Writes the same ledger.csv, months.csv, signed reports and summary as 'qp assess'.")
        {
            quarter, asOf, outDir, db, rules, templates,
        };
        command.SetAction(parse => Database.Run(error, () =>
        {
            var reportTemplates = Settings.Templates(parse.GetValue(templates));
            using var database = Settings.Database(parse.GetValue(db));
            var pipeline = new QuarterPipeline(new StoreInputs(database), new RulesFolder(Settings.Rules(parse.GetValue(rules))));
            var assessed = pipeline.Assess(new QuarterRequest(parse.GetValue(quarter), parse.GetValue(asOf) ?? clock.GetUtcNow()));
            using var key = Settings.SigningKey(error);
            var signing = new ReportSigning(reportTemplates, key);
            // The database records the revisions first; the output folder appears once they and their reports are stored.
            using var revisions = new RevisionSink(database, Settings.User, key);
            var target = parse.GetValue(outDir)!;
            using var folder = new OutputFolderSink(target, signing);
            if (!Publish.Output(error, target, () => Report.Warnings(error, pipeline.Issue(assessed, signing, revisions, folder).ChartWarnings)))
            {
                return ExitCodes.OutputFailed;
            }

            Summary.Print(output, assessed.Result, target);
            var created = revisions.Revisions.Where(r => r.Created).ToArray();
            output.WriteLine(created.Length == 0
                ? $"Recorded: no new revision; every contract's current revision already has these inputs and rules."
                : $"Recorded: {created.Length} new revision(s): {string.Join(", ", created.Take(ListedRevisions).Select(r => $"{r.ContractId} r{r.Revision}"))}" +
                  (created.Length > ListedRevisions ? $" and {created.Length - ListedRevisions} more" : "") +
                  $"; {revisions.Revisions.Count - created.Length} unchanged.");
            return ExitCodes.Done;
        }));
        return command;
    }
}
