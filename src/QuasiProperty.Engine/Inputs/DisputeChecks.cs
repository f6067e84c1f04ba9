using System.Globalization;
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
    private const string Ref = "ref";

    /// <param name="display">How messages name <c>disputes.csv</c>.</param>
    public static IReadOnlyList<InputProblem> Check(
        IReadOnlyList<Dispute> disputes, IReadOnlyList<MonthInputs> months, ReferenceData reference, string display)
    {
        var problems = new ProblemList(display);
        var contracts = reference.Contracts.ToDictionary(c => c.Id, StringComparer.Ordinal);
        // The issues contested so far by the live committee disputes of a contract and month, and the lines that did.
        var contestedIssues = new Dictionary<(string Contract, Time.Month Month), (int Issues, List<long> Lines)>();
        foreach (var dispute in disputes.OrderBy(d => d.Line))
        {
            var month = months.FirstOrDefault(m => m.Month == dispute.Month);
            if (month is null) continue;
            if (!contracts.TryGetValue(dispute.ContractId, out var contract))
            {
                problems.Add(dispute.Line, "contract_id", $"'{dispute.ContractId}' is not a contract in contracts.csv");
                continue;
            }
            var inputs = month.For(reference.Community(contract.CommunityId));
            if (dispute.Kind == DisputeKind.Grid) CheckIncident(dispute, contract, inputs, problems);
            else CheckIssues(dispute, contract, inputs, contestedIssues, problems);
        }
        return problems.ToList();
    }

    private static void CheckIncident(Dispute dispute, Contract contract, CommunityMonth inputs, ProblemList problems)
    {
        var grid = DataFolder.MonthlyFile(MonthlySource.Grid, dispute.Month);
        if (!inputs.HasGridFile)
        {
            problems.Add(dispute.Line, Ref, $"incident '{dispute.Ref}' cannot be found: {dispute.Month} has no grid file ({grid})");
        }
        else if (inputs.Contested(dispute.Ref) is not { } incident)
        {
            problems.Add(dispute.Line, Ref, $"'{dispute.Ref}' is not an incident in {grid}");
        }
        else if (incident.CommunityId != contract.CommunityId)
        {
            problems.Add(dispute.Line, Ref,
                $"incident '{dispute.Ref}' is in community {incident.CommunityId}, not in {contract.CommunityId}, the community of contract {contract.Id}");
        }
    }

    private static void CheckIssues(
        Dispute dispute, Contract contract, CommunityMonth inputs, Dictionary<(string, Time.Month), (int Issues, List<long> Lines)> contested,
        ProblemList problems)
    {
        var committee = DataFolder.MonthlyFile(MonthlySource.Committee, dispute.Month);
        if (inputs.Committee is not { } report)
        {
            problems.Add(dispute.Line, Ref, inputs.HasCommitteeFile
                ? $"community {contract.CommunityId} has no row in {committee}, so it has no unresolved issues to contest"
                : $"{dispute.Month} has no committee file ({committee}), so there are no unresolved issues to contest");
            return;
        }
        if (!dispute.IsLive) return;
        var key = (contract.Id, dispute.Month);
        var (before, lines) = contested.TryGetValue(key, out var sofar) ? sofar : (0, new List<long>());
        var total = before + dispute.Issues;
        if (total > report.IssuesUnresolved)
        {
            var limit = string.Create(CultureInfo.InvariantCulture,
                $"more than issues_unresolved ({report.IssuesUnresolved}) of community {contract.CommunityId} in {committee}");
            problems.Add(dispute.Line, Ref, lines.Count == 0
                ? string.Create(CultureInfo.InvariantCulture, $"contests {Issues(dispute.Issues)}, {limit}")
                : string.Create(CultureInfo.InvariantCulture,
                    $"contests {Issues(dispute.Issues)}; with the disputes on line{(lines.Count > 1 ? "s" : "")} {string.Join(", ", lines)} that are not withdrawn, contract {contract.Id} contests {Issues(total)} of {dispute.Month}, {limit}"));
        }
        lines.Add(dispute.Line);
        contested[key] = (total, lines);
    }

    private static string Issues(int count) => string.Create(CultureInfo.InvariantCulture, $"{count} issue{(count == 1 ? "" : "s")}");
}
