using System.Data;
using Npgsql;
using QuasiProperty.Model;
using QuasiProperty.Scoring;
using QuasiProperty.Storage;
using QuasiProperty.Time;

namespace QuasiProperty.Scheduling;

/// <summary>The reference data and the months' inputs for some contracts, read in one consistent snapshot.</summary>
internal static class Snapshot
{
    public static (ReferenceData Reference, IReadOnlyList<MonthInputs> Months) Read(
        NpgsqlDataSource database, IEnumerable<Month> months, DateTimeOffset asOf, IReadOnlyCollection<string>? contractIds = null)
    {
        using var connection = database.OpenConnection();
        using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        var reference = StoredInputs.LoadReference(connection, transaction);
        var communities = contractIds is null
            ? null
            : reference.Contracts.Where(c => contractIds.Contains(c.Id)).Select(c => c.CommunityId).Distinct().ToArray();
        var inputs = StoredInputs.LoadMonths(connection, transaction, months, reference, asOf, communities);
        transaction.Commit();
        return (reference, inputs);
    }
}
