using System.CommandLine;
using QuasiProperty.Reports;
using QuasiProperty.Rules;
using QuasiProperty.Storage;
using QuasiProperty.Time;

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
            var rulesFolder = Settings.Rules(parse.GetValue(rules));
            var book = RuleFileReader.Load(rulesFolder);
            var reportTemplates = Settings.Templates(parse.GetValue(templates));
            using var database = Settings.Database(parse.GetValue(db));
            var result = StoredPayout.Assess(database, book, parse.GetValue(quarter), parse.GetValue(asOf) ?? clock.GetUtcNow());
            var documents = StoredPayout.Documents(result);
            using var key = Settings.SigningKey(error);
            // The database records the revisions, then archives the reports, while this process renders them.
            var recording = Task.Factory.StartNew(() => StoredPayout.Record(database, result, documents, Settings.User),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            using var archive = new StreamedArchive(database, recording, result.Quarter, key);
            var history = StoredPayout.History(database, book, result);
            var target = parse.GetValue(outDir)!;
            PayoutRun? run = null;
            var written = Publish.Output(error, target, folder =>
            {
                SignedReports.WriteInto(folder, result, history, reportTemplates, key, documents, archive.Add);
                // The output appears only once its payout is recorded.
                run = recording.GetAwaiter().GetResult();
            });
            if (!written) return ExitCodes.OutputFailed;
            UsedVersions.Record(rulesFolder, result.Assessments.Select(a => a.Rules));
            // Each revision keeps the report first issued for it, for the portal's downloads.
            archive.Commit();

            Summary.Print(output, result, target);
            var created = run!.Revisions.Where(r => r.Created).ToArray();
            output.WriteLine(created.Length == 0
                ? $"Recorded: no new revision; every contract's current revision already has these inputs and rules."
                : $"Recorded: {created.Length} new revision(s): {string.Join(", ", created.Take(ListedRevisions).Select(r => $"{r.ContractId} r{r.Revision}"))}" +
                  (created.Length > ListedRevisions ? $" and {created.Length - ListedRevisions} more" : "") +
                  $"; {run.Revisions.Count - created.Length} unchanged.");
            return ExitCodes.Done;
        }));
        return command;
    }
}
