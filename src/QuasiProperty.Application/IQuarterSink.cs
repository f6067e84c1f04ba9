using QuasiProperty.Reports;
using QuasiProperty.Scoring;

namespace QuasiProperty.Application;

/// <summary>
/// Where an issued quarter goes: an output folder, the database's revisions and report archive. A sink
/// keeps nothing unless it is committed; disposing an uncommitted sink leaves no trace of the run.
/// </summary>
public interface IQuarterSink : IDisposable
{
    /// <summary>
    /// Whether the sink needs every contract's working document (<c>contracts/&lt;id&gt;.json</c>) when it is opened,
    /// before any report; a report carries its own document (<see cref="SignedReport.Json"/>) either way.
    /// </summary>
    bool NeedsDocuments { get; }

    /// <summary>
    /// The quarter is assessed and, when any sink needs them first, each contract's working document is written
    /// (by contract id); no report is signed yet.
    /// </summary>
    void Open(QuarterResult result, IReadOnlyDictionary<string, byte[]>? documents);

    /// <summary>One contract's signed report; called from several threads at once.</summary>
    void Add(QuarterAssessment assessment, SignedReport report);

    /// <summary>
    /// Every report is in: finish what may still fail (the folder's summary, the database's recording), keeping nothing
    /// yet. Every sink is prepared before any is committed, so that their last steps overlap.
    /// </summary>
    void Prepare(QuarterResult result);

    /// <summary>Keep the quarter. Sinks are prepared, then committed, in the order they were given.</summary>
    void Commit();
}
