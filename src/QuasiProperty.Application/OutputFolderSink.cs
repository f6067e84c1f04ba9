using QuasiProperty.Outputs;
using QuasiProperty.Reports;
using QuasiProperty.Scoring;

namespace QuasiProperty.Application;

/// <summary>
/// Writes an issued quarter into a folder: <c>ledger.csv</c> and <c>months.csv</c>, and with signing
/// <c>contracts/&lt;id&gt;.json</c>, <c>.html</c>, <c>.dsse.json</c> and <c>summary.html</c> with its envelope. The files
/// are staged beside the folder and replace it only on commit, so a failed run leaves it as it was.
/// </summary>
/// <param name="signing">The signing of the run's reports, for the summary; null for the ledger and months only.</param>
public sealed class OutputFolderSink(string destination, ReportSigning? signing) : IQuarterSink
{
    private StagedFolder? staged;
    private string? contracts;

    public bool NeedsDocuments => false;

    public void Open(QuarterResult result, IReadOnlyDictionary<string, byte[]>? documents)
    {
        staged = OutputFolder.Stage(destination);
        QuarterOutput.WriteLedger(staged.Path, result);
        if (signing is not null) contracts = QuarterOutput.CreateContractsFolder(staged.Path);
    }

    public void Add(QuarterAssessment assessment, SignedReport report) =>
        SignedReports.WriteReport(contracts ?? throw new InvalidOperationException("a ledger-only output takes no reports"), assessment, report);

    public void Prepare(QuarterResult result)
    {
        if (signing is not null) SignedReports.WriteSummary(Staged.Path, result, signing.Templates, signing.Key);
    }

    public void Commit() => Staged.Commit();

    public void Dispose() => staged?.Dispose();

    private StagedFolder Staged => staged ?? throw new InvalidOperationException("the output folder was not opened");
}
