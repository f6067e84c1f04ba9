namespace QuasiProperty.Feedback;

/// <summary>
/// The residents' committee's (社区居委会) own monthly assessment of the service in its community
/// (社区考评, feedback.md §1): the fourth component of a month score when the rules weigh it.
/// </summary>
/// <param name="Score">0..100, at most 2 decimals.</param>
/// <param name="AssessedBy">Who signed it, e.g. 史家社区居委会.</param>
/// <param name="Note">The committee's remark, if any.</param>
public sealed record CommunityAssessment(decimal Score, string AssessedBy, string? Note);
