using QuasiProperty.Application;
using QuasiProperty.Reports;
using QuasiProperty.Scoring;

namespace QuasiProperty.Scheduling;

/// <summary>A sink that waits after each contract's report (<see cref="JobSettings.PauseBetweenContracts"/>), to spare the database in office hours.</summary>
internal sealed class PacedSink(IQuarterSink inner, TimeSpan pause, TimeProvider clock) : IQuarterSink
{
    public bool NeedsDocuments => inner.NeedsDocuments;

    public void Open(QuarterResult result, IReadOnlyDictionary<string, byte[]>? documents) => inner.Open(result, documents);

    public void Add(QuarterAssessment assessment, SignedReport report)
    {
        inner.Add(assessment, report);
        if (pause > TimeSpan.Zero) Task.Delay(pause, clock).GetAwaiter().GetResult();
    }

    public void Prepare(QuarterResult result) => inner.Prepare(result);

    public void Commit() => inner.Commit();

    // The inner sink belongs to whoever made it.
    public void Dispose()
    {
    }
}
