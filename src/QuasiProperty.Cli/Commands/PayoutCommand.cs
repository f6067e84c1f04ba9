using System.CommandLine;
using QuasiProperty.Reports;
using QuasiProperty.Rules;
using QuasiProperty.Storage;
using QuasiProperty.Time;

namespace QuasiProperty.Cli.Commands;

/// <summary><c>qp payout</c>: the quarter's payout from the database, recorded as revisions.</summary>
internal static class PayoutCommand
{
    public static Command Create(TextWriter output, TextWriter error)
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
            var book = RuleFileReader.Load(Settings.Rules(parse.GetValue(rules)));
            var reportTemplates = Settings.Templates(parse.GetValue(templates));
            using var database = Settings.Database(parse.GetValue(db));
            var run = StoredPayout.Run(database, book, parse.GetValue(quarter), parse.GetValue(asOf) ?? TimeProvider.System.GetUtcNow(), Settings.User);
            var history = StoredPayout.History(database, book, run.Result);
            var target = parse.GetValue(outDir)!;
            using var key = Settings.SigningKey(error);
            IReadOnlyDictionary<string, SignedReport> issued = new Dictionary<string, SignedReport>();
            if (!Publish.Output(error, target, folder => issued = SignedReports.WriteInto(folder, run.Result, history, reportTemplates, key, run.Documents)))
            {
                return ExitCodes.OutputFailed;
            }
            UsedVersions.Record(Settings.Rules(parse.GetValue(rules)), run.Result.Assessments.Select(a => a.Rules));
            // Each revision keeps the report first issued for it, for the portal's downloads.
            using (var connection = database.OpenConnection())
            {
                ReportArchive.Store(connection, run.Revisions.Select(r => Issued(r, issued[r.ContractId])).ToArray(), key.KeyId, key.IsDevelopment);
            }

            Summary.Print(output, run.Result, target);
            var created = run.Revisions.Where(r => r.Created).ToArray();
            output.WriteLine(created.Length == 0
                ? $"Recorded: no new revision; every contract's current revision already has these inputs and rules."
                : $"Recorded: {created.Length} new revision(s): {string.Join(", ", created.Select(r => $"{r.ContractId} r{r.Revision}"))}" +
                  $"; {run.Revisions.Count - created.Length} unchanged.");
            return ExitCodes.Done;
        }));
        return command;
    }

    private static IssuedReport Issued(RevisionOutcome revision, SignedReport report) =>
        new(revision.ContractId, revision.Quarter, revision.Revision, report.Html, report.Json, report.Envelope);
}
