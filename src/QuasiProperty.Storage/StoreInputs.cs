using System.Data;
using Npgsql;
using QuasiProperty.Application;
using QuasiProperty.Inputs;
using QuasiProperty.Model;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Storage;

/// <summary>
/// Inputs from the database's current imports, each read from one consistent snapshot so that a
/// concurrent import is never half seen. The store also names the rule versions its recorded payouts used.
/// </summary>
public sealed class StoreInputs(NpgsqlDataSource database) : IInputSource
{
    public string ContractsName => "contracts (stored)";

    public ReferenceData ReadReference(RuleBook rules)
    {
        using var connection = database.OpenConnection();
        return StoredInputs.LoadReference(connection);
    }

    public PeriodInputs Read(
        RuleBook rules, IReadOnlyList<Month> months, DateTimeOffset asOf, IReadOnlyCollection<string>? contracts, IProgress<ReadProgress>? progress)
    {
        if (contracts is null)
        {
            var (all, inputs) = StoredInputs.ReadMonths(database, months, asOf);
            return new PeriodInputs(all, inputs, [], []);
        }
        // A share of the contracts (a job's chunk): only their communities' rows, on one connection.
        using var connection = database.OpenConnection();
        using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        var reference = StoredInputs.LoadReference(connection, transaction);
        var some = StoredInputs.LoadMonths(connection, transaction, months, reference, asOf, CommunitiesOf(reference, contracts));
        transaction.Commit();
        return new PeriodInputs(reference, some, [], []);
    }

    public EarlierInputs ReadEarlier(ReferenceData reference, IReadOnlyList<Quarter> quarters, DateTimeOffset asOf, IReadOnlyCollection<string>? contracts)
    {
        using var connection = database.OpenConnection();
        using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        var months = StoredInputs.LoadMonths(connection, transaction, quarters.SelectMany(q => q.Months), reference, asOf,
            contracts is null ? null : CommunitiesOf(reference, contracts));
        transaction.Commit();
        return new EarlierInputs([.. quarters.Select(q => (q, (IReadOnlyList<MonthInputs>)[.. months.Where(m => m.Month.Quarter == q)]))], []);
    }

    public IReadOnlyList<UsedRuleVersion> RecordedRuleVersions()
    {
        using var connection = database.OpenConnection();
        using var command = Sql.Command(connection, null, "select distinct rule_set, rule_version, rule_sha256 from payout_revisions");
        using var reader = command.ExecuteReader();
        var used = new List<UsedRuleVersion>();
        while (reader.Read()) used.Add(new UsedRuleVersion(reader.GetString(0), reader.GetInt32(1), reader.GetString(2)));
        return used;
    }

    private static string[] CommunitiesOf(ReferenceData reference, IReadOnlyCollection<string> contracts)
    {
        var wanted = contracts.ToHashSet(StringComparer.Ordinal);
        return [.. reference.Contracts.Where(c => wanted.Contains(c.Id)).Select(c => c.CommunityId).Distinct(StringComparer.Ordinal)];
    }
}
