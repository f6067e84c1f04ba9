using QuasiProperty.Feedback;
using QuasiProperty.Model;

namespace QuasiProperty.Inputs;

/// <summary>
/// Reads <c>disputes.csv</c> (feedback.md §2) and checks what it can without the months' files: each row's own
/// fields, that ids are unique, that the contract exists and is active in the quarter of the month, and that one
/// incident is contested by at most one dispute that is not withdrawn. <see cref="DisputeChecks"/> checks the rest
/// against the months that are read.
/// </summary>
public static class DisputesFile
{
    public static readonly IReadOnlyList<string> Columns =
        ["dispute_id", "contract_id", "month", "kind", "ref", "filed_at", "reason", "status", "decided_at", "decided_by"];

    /// <returns>The disputes in file order, each with its line.</returns>
    public static FileResult<IReadOnlyList<Dispute>> Read(string path, string display, ReferenceData reference) =>
        throw new NotImplementedException("WIP: inputs helper");
}
