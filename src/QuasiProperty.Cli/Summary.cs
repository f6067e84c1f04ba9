using QuasiProperty.Outputs;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Cli;

/// <summary>The few lines finance reads after a run: how many contracts, what is paid, what is withheld.</summary>
internal static class Summary
{
    /// <param name="ledgerOnly">The run wrote only the ledger and months (<c>qp assess --ledger-only</c>).</param>
    public static void Print(TextWriter output, QuarterResult result, string outDir, bool ledgerOnly = false)
    {
        // Written at once: a city quarter lists thousands of reduced payments, and the console writes each line as it comes.
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Write(text, result, outDir, ledgerOnly);
        output.Write(text.ToString());
    }

    private static void Write(TextWriter output, QuarterResult result, string outDir, bool ledgerOnly)
    {
        var assessed = result.Assessments.Count - result.Unassessable;
        output.WriteLine($"{result.Quarter} assessed as of {ChinaTime.Format(result.AsOf)}");
        output.WriteLine($"  contracts         {result.Assessments.Count,15} ({assessed} assessed, {result.Unassessable} unassessable)");
        output.WriteLine($"  total fees        {Numbers.Grouped(result.TotalFees),15} CNY");
        output.WriteLine($"  total payout      {Numbers.Grouped(result.TotalPayout),15} CNY");
        output.WriteLine($"  total deductions  {Numbers.Grouped(result.TotalDeductions),15} CNY ({result.Reduced} reduced payment(s))");
        foreach (var a in result.Assessments.Where(a => a.IsReduced))
        {
            output.WriteLine($"    {a.Contract.Id,-12} {a.Community.Name,-8} score {Numbers.Fixed2(a.QuarterScore),6}  pay {Numbers.Ratio(a.PayRatio)}  deduction {Numbers.Grouped(a.Deduction)}");
        }
        output.WriteLine(ledgerOnly
            ? $"Wrote {outDir}: {QuarterOutput.LedgerFile} and {QuarterOutput.MonthsFile} only (--ledger-only)"
            : $"Wrote {outDir}: {QuarterOutput.LedgerFile}, {QuarterOutput.MonthsFile}, summary.html, and for each of the " +
              $"{result.Assessments.Count} contracts {QuarterOutput.ContractsFolder}/<id>.json, .html and .dsse.json");
    }
}
