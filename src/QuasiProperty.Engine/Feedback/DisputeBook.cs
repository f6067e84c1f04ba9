using QuasiProperty.Time;

namespace QuasiProperty.Feedback;

/// <summary>
/// The disputes of a data set as they stood at an assessment's as-of time (feedback.md §2): which exist, and what
/// each does. Filed later, a dispute is not there; so a past run can be reproduced from today's <c>disputes.csv</c>.
/// </summary>
public sealed class DisputeBook
{
    private readonly ILookup<string, DisputeOutcome> byContract;

    public DisputeBook(IEnumerable<Dispute> disputes, DateTimeOffset asOf)
    {
        AsOf = asOf;
        byContract = disputes
            .Select(d => new DisputeOutcome(d, d.StateAt(asOf)))
            .Where(o => o.State != DisputeState.NotYetFiled)
            .OrderBy(o => o.Dispute.Id, StringComparer.Ordinal)
            .ToLookup(o => o.Dispute.ContractId, StringComparer.Ordinal);
    }

    /// <summary>No disputes at all: a data set without <c>disputes.csv</c>.</summary>
    public static DisputeBook None(DateTimeOffset asOf) => new([], asOf);

    public DateTimeOffset AsOf { get; }

    /// <summary>A contract's disputes about the quarter's months that were filed by the as-of time, by id.</summary>
    public IReadOnlyList<DisputeOutcome> For(string contractId, Quarter quarter) =>
        [.. byContract[contractId].Where(o => o.Dispute.Month.Quarter == quarter)];

    /// <summary>Some dispute about one of the quarter's months was filed by the as-of time (one of the marks of a v1.1 run).</summary>
    public bool AnyAbout(Quarter quarter) => byContract.Any(g => g.Any(o => o.Dispute.Month.Quarter == quarter));
}
