using QuasiProperty.Feedback;
using QuasiProperty.Model;
using QuasiProperty.Scoring;

namespace QuasiProperty.Inputs;

/// <summary>
/// The checks of <c>disputes.csv</c> that need a month's files (feedback.md §2), for the disputes about the months
/// that are read: a grid dispute's incident is in the month's grid file, in the contract's community; a committee
/// dispute's month has a committee row for the community, and the live committee disputes of a contract and month
/// contest at most its <c>issues_unresolved</c>. A dispute about another month is not checked here.
/// </summary>
public static class DisputeChecks
{
    /// <param name="display">How messages name <c>disputes.csv</c>.</param>
    public static IReadOnlyList<InputProblem> Check(
        IReadOnlyList<Dispute> disputes, IReadOnlyList<MonthInputs> months, ReferenceData reference, string display) =>
        throw new NotImplementedException("WIP: inputs helper");
}
