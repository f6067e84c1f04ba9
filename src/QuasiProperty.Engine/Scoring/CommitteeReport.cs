namespace QuasiProperty.Scoring;

/// <summary>A residents' self-management committee's (居民自管会) report on a community's month.</summary>
public sealed record CommitteeReport(decimal Rating, int IssuesRaised, int IssuesUnresolved);
