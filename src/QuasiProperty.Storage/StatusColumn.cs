using Npgsql;
using QuasiProperty.Scoring;

namespace QuasiProperty.Storage;

/// <summary>
/// The payout tables' <c>status</c> column: a text the schema checks against these two words, and the
/// only place where the text and <see cref="QuarterStatus"/> are turned into each other. Queries that
/// filter on the column name the words through the constants, so the SQL and the mapping cannot drift.
/// </summary>
internal static class StatusColumn
{
    public const string Assessed = "assessed";

    public const string Unassessable = "unassessable";

    public static string Text(QuarterStatus status) => status switch
    {
        QuarterStatus.Assessed => Assessed,
        QuarterStatus.Unassessable => Unassessable,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a quarter status"),
    };

    public static QuarterStatus Read(NpgsqlDataReader reader, int ordinal) => reader.GetString(ordinal) switch
    {
        Assessed => QuarterStatus.Assessed,
        Unassessable => QuarterStatus.Unassessable,
        var other => throw new InvalidDataException($"payout status '{other}' is neither '{Assessed}' nor '{Unassessable}'"),
    };

    public static QuarterStatus? ReadNullable(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Read(reader, ordinal);
}
