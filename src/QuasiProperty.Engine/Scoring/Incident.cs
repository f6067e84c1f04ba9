namespace QuasiProperty.Scoring;

/// <summary>A grid incident's lateness (spec "Inputs", grid).</summary>
public static class Incident
{
    /// <summary>
    /// An incident is overdue when it was closed after its due time, or is still open at the as-of time and that
    /// is after its due time. Instants are compared, whatever offset each was written with. The database counts the
    /// same rule in SQL when it pre-aggregates stored incidents (StoredInputs); OverdueRuleTests holds both to it.
    /// </summary>
    public static bool IsOverdue(DateTimeOffset due, DateTimeOffset? closed, DateTimeOffset asOf) => (closed ?? asOf) > due;
}
