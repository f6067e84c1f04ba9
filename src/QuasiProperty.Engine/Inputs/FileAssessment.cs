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
}
