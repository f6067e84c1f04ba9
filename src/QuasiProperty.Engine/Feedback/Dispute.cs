using System.Globalization;
using QuasiProperty.Time;

namespace QuasiProperty.Feedback;

/// <summary>What a dispute contests: one grid incident, or some of a month's unresolved committee issues.</summary>
public enum DisputeKind
{
    Grid,
    Committee,
}

/// <summary>A dispute's status as <c>disputes.csv</c> records it.</summary>
public enum DisputeStatus
{
    Pending,
    Upheld,
    Rejected,
    Withdrawn,
}

/// <summary>What a dispute does to an assessment made at some as-of time (feedback.md §2).</summary>
public enum DisputeState
{
    /// <summary>Filed after the as-of time: it does not exist yet.</summary>
    NotYetFiled,

    /// <summary>Upheld by then: what it contests is not counted.</summary>
    Upheld,

    /// <summary>Rejected by then, or withdrawn.</summary>
    NoEffect,

    /// <summary>Pending, or decided only after the as-of time: its money is withheld.</summary>
    Open,
}

/// <summary>
/// A company's dispute (申诉) of something it was scored on in one month of a contract: a grid incident it
/// says was outside its service, or a number of the committee's unresolved issues. The joint meeting
/// decides it; until then the money it could change is withheld.
/// </summary>
/// <param name="Line">Where it was read, for messages: the line of <c>disputes.csv</c>.</param>
/// <param name="Ref">The incident id (<see cref="DisputeKind.Grid"/>) or the number of issues contested (<see cref="DisputeKind.Committee"/>).</param>
public sealed record Dispute(
    string Id,
    string ContractId,
    Month Month,
    DisputeKind Kind,
    string Ref,
    DateTimeOffset FiledAt,
    string Reason,
    DisputeStatus Status,
    DateTimeOffset? DecidedAt,
    string? DecidedBy,
    long Line = 0)
{
    /// <summary>The dispute's state for an assessment made at <paramref name="asOf"/>, so that any past run can be reproduced.</summary>
    public DisputeState StateAt(DateTimeOffset asOf) =>
        FiledAt > asOf ? DisputeState.NotYetFiled
        : Status == DisputeStatus.Withdrawn ? DisputeState.NoEffect
        : DecidedAt is { } decided && decided <= asOf
            ? Status == DisputeStatus.Upheld ? DisputeState.Upheld : DisputeState.NoEffect
        : DisputeState.Open;

    /// <summary>Not withdrawn: it still holds its incident or its committee issues against other disputes.</summary>
    public bool IsLive => Status != DisputeStatus.Withdrawn;

    /// <summary>The number of committee issues contested (<see cref="DisputeKind.Committee"/> only).</summary>
    public int Issues => Kind == DisputeKind.Committee
        ? int.Parse(Ref, NumberStyles.None, CultureInfo.InvariantCulture)
        : throw new InvalidOperationException($"dispute {Id} contests a grid incident, not committee issues");

    public static string KindName(DisputeKind kind) => kind switch
    {
        DisputeKind.Grid => "grid",
        DisputeKind.Committee => "committee",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string StatusName(DisputeStatus status) => status switch
    {
        DisputeStatus.Pending => "pending",
        DisputeStatus.Upheld => "upheld",
        DisputeStatus.Rejected => "rejected",
        DisputeStatus.Withdrawn => "withdrawn",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}

/// <summary>A dispute and what it does to the assessment it appears in.</summary>
public sealed record DisputeOutcome(Dispute Dispute, DisputeState State);
