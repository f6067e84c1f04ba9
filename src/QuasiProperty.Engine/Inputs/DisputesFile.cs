using System.Globalization;
using QuasiProperty.Feedback;
using QuasiProperty.Inputs.Csv;
using QuasiProperty.Model;
using QuasiProperty.Time;

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

    private const int DisputeId = 0, ContractId = 1, MonthColumn = 2, Kind = 3, Ref = 4, FiledAt = 5, Reason = 6, Status = 7,
        DecidedAt = 8, DecidedBy = 9;

    /// <returns>The disputes in file order, each with its line.</returns>
    public static FileResult<IReadOnlyList<Dispute>> Read(string path, string display, ReferenceData reference)
    {
        var problems = new ProblemList(display);
        var disputes = new List<Dispute>();
        using var csv = CsvInput.Open(path, Columns, problems);
        if (csv is null) return new FileResult<IReadOnlyList<Dispute>>(null, problems.ToList(), []);
        var contracts = reference.Contracts.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        // Each incident's live dispute, keyed by month and incident id (incident ids are unique within a month's grid file).
        var liveByIncident = new Dictionary<(Month, string), (string Id, long Line)>();
        while (csv.Read())
        {
            var before = problems.Count;
            var id = ReferenceFiles.UniqueId(csv, DisputeId, seen);
            var month = MonthOf(csv);
            var contract = ContractOf(csv, contracts, month);
            var kind = KindOf(csv);
            var contested = RefOf(csv, kind);
            var filed = GridFile.Timestamp(csv, FiledAt, required: true);
            var reason = csv.Text(Reason);
            var status = StatusOf(csv);
            var (decided, decidedBy) = Decision(csv, status, filed);

            if (id is not null && month is { } m && kind == DisputeKind.Grid && contested is not null
                && status is { } s && s != DisputeStatus.Withdrawn)
            {
                if (liveByIncident.TryGetValue((m, contested), out var other))
                {
                    csv.Problem(Ref, string.Create(CultureInfo.InvariantCulture,
                        $"incident {contested} of {m} is already contested by dispute {other.Id} on line {other.Line}; an incident has at most one dispute that is not withdrawn"));
                }
                else
                {
                    liveByIncident.Add((m, contested), (id, csv.Line));
                }
            }

            if (problems.Count == before)
            {
                disputes.Add(new Dispute(id!, contract!.Id, month!.Value, kind!.Value, contested!, filed!.Value, reason!, status!.Value,
                    decided, decidedBy, csv.Line));
            }
        }
        return FileResult.From<IReadOnlyList<Dispute>>(disputes, problems, []);
    }

    private static Month? MonthOf(CsvInput csv)
    {
        var text = csv.Text(MonthColumn);
        if (text is null) return null;
        if (Month.TryParse(text, out var month)) return month;
        csv.Problem(MonthColumn, $"must be a month such as 2025-04; it is '{csv.Show(MonthColumn)}'");
        return null;
    }

    /// <summary>The contract, which must exist and be active in the quarter of the dispute's month.</summary>
    private static Contract? ContractOf(CsvInput csv, Dictionary<string, Contract> contracts, Month? month)
    {
        var id = csv.Text(ContractId);
        if (id is null) return null;
        if (!contracts.TryGetValue(id, out var contract))
        {
            csv.Problem(ContractId, $"'{csv.Show(ContractId)}' is not a contract in contracts.csv");
            return null;
        }
        if (month is { } m && !contract.IsActiveIn(m.Quarter))
        {
            var runs = contract.End is { } end ? $"from {contract.Start} to {end}" : $"from {contract.Start}, open-ended";
            csv.Problem(ContractId, $"'{contract.Id}' is not active in {m.Quarter}, the quarter of month {m}; it runs {runs}");
            return null;
        }
        return contract;
    }

    private static DisputeKind? KindOf(CsvInput csv)
    {
        switch (csv.Text(Kind))
        {
            case null: return null;
            case "grid": return DisputeKind.Grid;
            case "committee": return DisputeKind.Committee;
            default:
                csv.Problem(Kind, $"must be grid or committee; it is '{csv.Show(Kind)}'");
                return null;
        }
    }

    /// <summary>An incident id for a grid dispute, a whole number of issues (1 or more) for a committee dispute.</summary>
    private static string? RefOf(CsvInput csv, DisputeKind? kind)
    {
        if (csv.IsEmpty(Ref))
        {
            csv.Problem(Ref, kind switch
            {
                DisputeKind.Grid => "is empty; a grid dispute names the incident_id it contests",
                DisputeKind.Committee => "is empty; a committee dispute gives the number of unresolved issues it contests",
                _ => "is empty; a value is required",
            });
            return null;
        }
        var text = csv.Whole(Ref);
        if (kind == DisputeKind.Committee
            && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var issues) && issues >= 1))
        {
            csv.Problem(Ref, $"must be a whole number of issues, 1 or more, for a committee dispute; it is '{csv.Show(Ref)}'");
            return null;
        }
        return text;
    }

    private static DisputeStatus? StatusOf(CsvInput csv)
    {
        switch (csv.Text(Status))
        {
            case null: return null;
            case "pending": return DisputeStatus.Pending;
            case "upheld": return DisputeStatus.Upheld;
            case "rejected": return DisputeStatus.Rejected;
            case "withdrawn": return DisputeStatus.Withdrawn;
            default:
                csv.Problem(Status, $"must be pending, upheld, rejected or withdrawn; it is '{csv.Show(Status)}'");
                return null;
        }
    }

    /// <summary>When and by whom an upheld or rejected dispute was decided: required then, and empty for any other status.</summary>
    private static (DateTimeOffset? At, string? By) Decision(CsvInput csv, DisputeStatus? status, DateTimeOffset? filed)
    {
        var decided = status is DisputeStatus.Upheld or DisputeStatus.Rejected;
        if (status is { } s && !decided)
        {
            foreach (var column in (ReadOnlySpan<int>)[DecidedAt, DecidedBy])
            {
                if (!csv.IsEmpty(column))
                    csv.Problem(column, $"must be empty while the dispute is {Dispute.StatusName(s)}; it is '{csv.Show(column)}'");
            }
            return (null, null);
        }

        var requiredBecause = status is { } d ? $"is empty; a {Dispute.StatusName(d)} dispute needs it" : null;
        DateTimeOffset? at = null;
        if (csv.IsEmpty(DecidedAt))
        {
            if (requiredBecause is not null) csv.Problem(DecidedAt, requiredBecause);
        }
        else
        {
            at = GridFile.Timestamp(csv, DecidedAt, required: false);
            if (at < filed) csv.Problem(DecidedAt, "is earlier than filed_at");
        }
        var by = csv.Text(DecidedBy, required: false);
        if (by is null && requiredBecause is not null) csv.Problem(DecidedBy, requiredBecause + " (the resolution, e.g. 联席会第12次会议)");
        return (at, by);
    }
}
