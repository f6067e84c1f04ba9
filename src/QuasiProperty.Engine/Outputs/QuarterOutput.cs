using QuasiProperty.Scoring;

namespace QuasiProperty.Outputs;

/// <summary>
/// The files of an assessed quarter: <c>ledger.csv</c>, <c>months.csv</c>, <c>contracts/&lt;id&gt;.json</c>, and in a v1.1
/// run <c>rewards.csv</c>.
/// </summary>
public static class QuarterOutput
{
    public const string LedgerFile = "ledger.csv";
    public const string MonthsFile = "months.csv";
    public const string RewardsFile = "rewards.csv";
    public const string ContractsFolder = "contracts";

    /// <summary>
    /// Only <c>ledger.csv</c> and <c>months.csv</c>, on two cores (a city's are 7,000 and 21,000 rows), and in a v1.1
    /// run <c>rewards.csv</c>.
    /// </summary>
    public static void WriteLedger(string folder, QuarterResult result)
    {
        var feedback = result.IsFeedbackRun;
        var months = Task.Run(() => Write(Path.Combine(folder, MonthsFile), s => LedgerCsv.WriteMonths(s, result.Assessments, feedbackRun: feedback)));
        try
        {
            Write(Path.Combine(folder, LedgerFile), s => LedgerCsv.WriteLedger(s, result.Assessments, feedbackRun: feedback));
            if (feedback) Write(Path.Combine(folder, RewardsFile), s => LedgerCsv.WriteRewards(s, result.Rewards));
        }
        finally
        {
            months.GetAwaiter().GetResult(); // its own exception, not an AggregateException, and never left running
        }
    }

    private static void Write(string path, Action<Stream> write)
    {
        using var file = File.Create(path);
        write(file);
    }

    /// <summary>Writes the quarter's files into a new, empty folder.</summary>
    public static void WriteInto(string folder, QuarterResult result)
    {
        WriteLedger(folder, result);
        var contracts = CreateContractsFolder(folder);
        foreach (var a in result.Assessments) WriteContract(contracts, a.Contract.Id, Document(result, a));
    }

    /// <summary>The assessment document of a contract, as <c>contracts/&lt;id&gt;.json</c> holds it.</summary>
    public static byte[] Document(QuarterResult result, QuarterAssessment a) =>
        AssessmentDocument.Write(a, result.Reference.Company(a.Contract.CompanyId), result.AsOf);

    /// <returns>The full path of <c>contracts/</c> in <paramref name="folder"/>.</returns>
    public static string CreateContractsFolder(string folder) => Directory.CreateDirectory(Path.Combine(folder, ContractsFolder)).FullName;

    /// <summary>Writes <c>contracts/&lt;id&gt;.json</c>, which must not exist yet.</summary>
    public static void WriteContract(string contractsFolder, string contractId, byte[] document) =>
        OutputFolder.WriteNewFile(Path.Combine(contractsFolder, OutputFolder.FileNameFor(contractId) + ".json"), document);
}
