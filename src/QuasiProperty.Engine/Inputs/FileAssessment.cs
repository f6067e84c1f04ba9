using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Inputs;

/// <summary>Assesses a quarter from a data folder and a rules folder: the file mode of the engine.</summary>
public static class FileAssessment
{
    public static QuarterResult Run(
        string dataDirectory, string rulesDirectory, Quarter quarter, DateTimeOffset asOf, IProgress<ReadProgress>? progress = null)
    {
        if (!Directory.Exists(dataDirectory))
        {
            throw new InvalidInputException(new InputProblem(dataDirectory, 0, "folder", "the data folder does not exist"));
        }
        var rules = RuleFileReader.Load(rulesDirectory);
        var folder = new DataFolder(dataDirectory);
        var reference = ReferenceFiles.Read(folder, rules);
        var inputs = QuarterReader.Read(folder, quarter, reference, asOf, progress);
        var assessments = Assessor.AssessQuarter(reference, rules, quarter, inputs.Months, folder.Display(DataFolder.ContractsFile));
        var stray = folder.UnrecognisedMonthlyFiles()
            .Select(f => new InputProblem(f, 0, "file", "is not named YYYY-MM.csv, so it is not read"));
        return new QuarterResult(quarter, asOf, reference, assessments, [.. stray, .. inputs.Warnings]);
    }

    /// <summary>
    /// The months of the three quarters before <paramref name="result"/>'s, for the reports' trend charts.
    /// A quarter whose files are rejected is left out of the charts, with a warning; it changes no payment.
    /// </summary>
    public static (Dictionary<string, IReadOnlyList<MonthAssessment>> History, IReadOnlyList<InputProblem> Warnings) History(
        string dataDirectory, string rulesDirectory, QuarterResult result)
    {
        var rules = RuleFileReader.Load(rulesDirectory);
        var folder = new DataFolder(dataDirectory);
        var earlier = new List<(Quarter, IReadOnlyList<MonthInputs>)>();
        var warnings = new List<InputProblem>();
        foreach (var quarter in Scoring.History.Before(result.Quarter))
        {
            try
            {
                earlier.Add((quarter, QuarterReader.Read(folder, quarter, result.Reference, result.AsOf).Months));
            }
            catch (InvalidInputException e)
            {
                warnings.Add(new InputProblem(e.Problems[0].File, e.Problems[0].Line, e.Problems[0].Field,
                    $"{e.Problems[0].Message} — so the reports' charts leave out {quarter}"));
            }
        }
        return (Scoring.History.Assess(result.Reference, rules, result.Assessments.Select(a => a.Contract), earlier), warnings);
    }
}
