using System.CommandLine;
using QuasiProperty.Inputs;
using QuasiProperty.Rules;
using QuasiProperty.Storage;
using QuasiProperty.Time;

namespace QuasiProperty.Cli.Commands;

/// <summary><c>qp import</c>: load input files into the database, each all or nothing.</summary>
internal static class ImportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("import",
            "Import input files into the database. Each file is checked exactly as 'qp assess' checks it and stored in one " +
            "transaction, or not at all. Importing the same file again changes nothing; a corrected file for the same month " +
            "replaces that month's rows of that source. Every import is kept in the import log.");
        foreach (var source in Enum.GetValues<ImportSource>())
        {
            command.Add(SourceCommand(source, output, error));
        }
        command.Add(FolderCommand(output, error));
        return command;
    }

    private static Command SourceCommand(ImportSource source, TextWriter output, TextWriter error)
    {
        var files = new Argument<string[]>("FILE") { Description = "Files to import, in order.", Arity = ArgumentArity.OneOrMore };
        var db = Settings.DatabaseOption();
        var rules = Settings.RulesOption();
        var description = source switch
        {
            ImportSource.Communities => "Import communities.csv (replaces the list of communities).",
            ImportSource.Companies => "Import companies.csv (replaces the list of companies).",
            ImportSource.Contracts => "Import contracts.csv (replaces the list of contracts; their rule sets must exist in the rules folder).",
            ImportSource.Surveys => "Import monthly survey files, surveys/YYYY-MM.csv; the month is the file name.",
            ImportSource.Committee => "Import monthly committee files, committee/YYYY-MM.csv; the month is the file name.",
            ImportSource.Grid => "Import monthly grid incident files, grid/YYYY-MM.csv; the month is the file name.",
            _ => throw new ArgumentOutOfRangeException(nameof(source)),
        };
        var command = new Command(source.Name(), description) { files, db, rules };
        command.SetAction(parse => Database.Run(error, () =>
            Import(parse.GetValue(files)!.Select(f => (source, f)), parse.GetValue(db), parse.GetValue(rules), output, error)));
        return command;
    }

    private static Command FolderCommand(TextWriter output, TextWriter error)
    {
        var folder = new Argument<string>("DIR") { Description = "A data folder laid out as for 'qp assess'." };
        var db = Settings.DatabaseOption();
        var rules = Settings.RulesOption();
        var command = new Command("folder",
            "Import a whole data folder: communities, companies and contracts first, then every monthly file of surveys/, " +
            "committee/ and grid/ in month order. Files already imported are skipped as unchanged.")
        {
            folder, db, rules,
        };
        command.SetAction(parse => Database.Run(error, () =>
        {
            var data = new DataFolder(parse.GetValue(folder)!);
            var files = new[] { (ImportSource.Communities, DataFolder.CommunitiesFile), (ImportSource.Companies, DataFolder.CompaniesFile),
                    (ImportSource.Contracts, DataFolder.ContractsFile) }
                .Select(x => (x.Item1, data.PathOf(x.Item2)))
                .Concat(new[] { ImportSource.Surveys, ImportSource.Committee, ImportSource.Grid }
                    .SelectMany(s => Directory.Exists(data.PathOf(s.Name()))
                        ? Directory.EnumerateFiles(data.PathOf(s.Name()), "*.csv").Order(StringComparer.Ordinal).Select(f => (s, f))
                        : []));
            return Import(files, parse.GetValue(db), parse.GetValue(rules), output, error);
        }));
        return command;
    }

    private static int Import(IEnumerable<(ImportSource Source, string Path)> files, string? db, string? rulesFolder, TextWriter output, TextWriter error)
    {
        var rules = RuleFileReader.Load(Settings.Rules(rulesFolder));
        using var database = Settings.Database(db);
        var rejected = 0;
        var queue = new ImportBatch(new Importer(database, rules, Settings.User), path => Report.FileProgress(error, path), (outcome, progress) =>
        {
            Report.EndProgress(progress);
            Report.Warnings(error, outcome.Warnings);
            var what = $"{outcome.Source.Name(),-11} {outcome.Month?.ToString() ?? "",-7} {outcome.File}:";
            switch (outcome.Status)
            {
                case ImportStatus.Imported:
                    output.WriteLine($"{what} imported as #{outcome.ImportId}, {outcome.Rows} rows");
                    break;
                case ImportStatus.Replaced:
                    output.WriteLine($"{what} imported as #{outcome.ImportId}, {outcome.Rows} rows, replacing #{outcome.Previous!.ImportId} " +
                                     $"({outcome.Previous.FileName}, {outcome.Previous.Rows} rows)");
                    break;
                case ImportStatus.AlreadyImported:
                    output.WriteLine($"{what} already imported as #{outcome.ImportId} on {ChinaTime.Format(outcome.Previous!.ImportedAt)} " +
                                     $"by {outcome.Previous.ImportedBy} (same SHA-256); nothing changed");
                    break;
                default:
                    foreach (var problem in outcome.Problems) error.WriteLine(problem);
                    error.WriteLine($"{what} rejected: {outcome.Problems.Count} problem(s); nothing was stored");
                    rejected++;
                    break;
            }
        });
        queue.Run(files);
        return rejected == 0 ? ExitCodes.Done : ExitCodes.InputRejected;
    }
}
