using QuasiProperty.Inputs;
using QuasiProperty.Model;
using QuasiProperty.Rules;
using QuasiProperty.Time;

namespace QuasiProperty.Application;

/// <summary>
/// Inputs from a data folder: <c>communities.csv</c>, <c>companies.csv</c>, <c>contracts.csv</c>, and
/// <c>surveys/</c>, <c>committee/</c>, <c>grid/</c> with one <c>YYYY-MM.csv</c> per month. Only the months asked
/// for are read; a folder keeps no record of results, so it names no used rule versions (<c>versions.lock</c> does).
/// </summary>
public sealed class FolderInputs(string dataDirectory) : IInputSource
{
    private readonly DataFolder folder = new(dataDirectory);

    public string ContractsName => folder.Display(DataFolder.ContractsFile);

    public ReferenceData ReadReference(RuleBook rules)
    {
        if (!Directory.Exists(dataDirectory))
        {
            throw new InvalidInputException(new InputProblem(dataDirectory, 0, "folder", "the data folder does not exist"));
        }
        return ReferenceFiles.Read(folder, rules);
    }

    public PeriodInputs Read(
        RuleBook rules, IReadOnlyList<Month> months, DateTimeOffset asOf, IReadOnlyCollection<string>? contracts, IProgress<ReadProgress>? progress)
    {
        var reference = ReadReference(rules);
        var read = QuarterReader.Read(folder, months, reference, asOf, progress);
        var stray = folder.UnrecognisedMonthlyFiles()
            .Select(f => new InputProblem(f, 0, "file", "is not named YYYY-MM.csv, so it is not read"));
        return new PeriodInputs(reference, read.Months, [.. stray, .. read.Warnings], read.Disputes);
    }

    public EarlierInputs ReadEarlier(ReferenceData reference, IReadOnlyList<Quarter> quarters, DateTimeOffset asOf, IReadOnlyCollection<string>? contracts)
    {
        var earlier = new List<(Quarter, IReadOnlyList<Scoring.MonthInputs>)>();
        var warnings = new List<InputProblem>();
        foreach (var quarter in quarters)
        {
            try
            {
                earlier.Add((quarter, QuarterReader.Read(folder, quarter.Months, reference, asOf).Months));
            }
            catch (InvalidInputException e)
            {
                var first = e.Problems[0];
                warnings.Add(new InputProblem(first.File, first.Line, first.Field, $"{first.Message} — so the reports' charts leave out {quarter}"));
            }
        }
        return new EarlierInputs(earlier, warnings);
    }

    public IReadOnlyList<UsedRuleVersion> RecordedRuleVersions() => [];
}
