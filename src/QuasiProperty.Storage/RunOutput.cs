using System.Text;
using Npgsql;
using QuasiProperty.Outputs;

namespace QuasiProperty.Storage;

/// <summary>A finished payout run as files: its <c>ledger.csv</c> and <c>months.csv</c>, and each contract's working document.</summary>
public static class RunOutput
{
    /// <summary>Writes the run's files into <paramref name="folder"/>, new and empty; returns how many working documents it wrote.</summary>
    public static int WriteInto(NpgsqlConnection connection, QuarterLedger ledger, string folder)
    {
        var utf8 = new UTF8Encoding(false);
        File.WriteAllText(Path.Combine(folder, QuarterOutput.LedgerFile), ledger.LedgerCsv, utf8);
        File.WriteAllText(Path.Combine(folder, QuarterOutput.MonthsFile), ledger.MonthsCsv, utf8);
        var contracts = QuarterOutput.CreateContractsFolder(folder);
        var workings = PayoutRuns.Workings(connection, ledger.RunId);
        foreach (var (id, working) in workings) QuarterOutput.WriteContract(contracts, id, utf8.GetBytes(working));
        return workings.Count;
    }
}
