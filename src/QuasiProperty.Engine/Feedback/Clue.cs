namespace QuasiProperty.Feedback;

/// <summary>A lead on a problem (such as a grid incident), or a suggestion.</summary>
public enum ClueKind
{
    Clue,
    Suggestion,
}

/// <summary>
/// A resident's clue or suggestion (线索、建议) received by the community office, and whether it was judged
/// useful (null: not yet judged). The household is a pseudonym, as in the surveys; only the community office
/// knows who it is.
/// </summary>
public sealed record Clue(string Id, string CommunityId, string HouseholdRef, DateTimeOffset ReceivedAt, ClueKind Kind, bool? Useful)
{
    public static string KindName(ClueKind kind) => kind switch
    {
        ClueKind.Clue => "clue",
        ClueKind.Suggestion => "suggestion",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
