using System.Data;
using Npgsql;
using QuasiProperty.Outputs;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Storage;

/// <summary>A quarter's payout computed from the store, and what was recorded for each contract.</summary>
/// <param name="Documents">Each contract's assessment document (the working stored with its revision), by contract id.</param>
public sealed record PayoutRun(QuarterResult Result, IReadOnlyList<RevisionOutcome> Revisions, IReadOnlyDictionary<string, byte[]> Documents);

/// <summary>
/// The database mode of the engine: reads a consistent snapshot of the quarter's stored inputs,
/// assesses it with the same engine as file mode, and records a revision per contract.
/// </summary>
public static class StoredPayout
{
    public static PayoutRun Run(NpgsqlDataSource database, RuleBook rules, Quarter quarter, DateTimeOffset asOf, string computedBy)
    {
        var result = Assess(database, rules, quarter, asOf);
        return Record(database, result, Documents(result), computedBy);
    }

    /// <summary>Each contract's assessment document (<c>contracts/&lt;id&gt;.json</c>, the revision's working), by contract id.</summary>
    public static IReadOnlyDictionary<string, byte[]> Documents(QuarterResult result) =>
        result.Assessments.AsParallel().ToDictionary(a => a.Contract.Id, a => QuarterOutput.Document(result, a), StringComparer.Ordinal);

    /// <summary>Records the assessed quarter: a new revision for each contract whose inputs or rules changed.</summary>
    public static PayoutRun Record(NpgsqlDataSource database, QuarterResult result, IReadOnlyDictionary<string, byte[]> documents, string computedBy)
    {
        var payouts = result.Assessments.Select(a => new AssessedPayout(a, documents[a.Contract.Id])).ToArray();
        using var connection = database.OpenConnection();
        return new PayoutRun(result, PayoutRevisions.Record(connection, payouts, result.AsOf, computedBy), documents);
    }

    /// <summary>
    /// Refuses rule files whose version already produced a recorded payout with other bytes: a used
    /// version is never edited, a correction is a new version.
    /// </summary>
    public static void RefuseEditedVersions(NpgsqlDataSource database, RuleBook rules)
    {
        using var connection = database.OpenConnection();
        using var command = Sql.Command(connection, null, "select distinct rule_set, rule_version, rule_sha256 from payout_revisions");
        using var reader = command.ExecuteReader();
        var problems = new List<InputProblem>();
        while (reader.Read())
        {
            var (set, version, sha) = (reader.GetString(0), reader.GetInt32(1), reader.GetString(2));
            if (rules.VersionsOf(set).FirstOrDefault(v => v.Version == version) is { } file && file.Sha256 != sha)
            {
                problems.Add(new InputProblem(file.SourceFile, 0, "version",
                    $"version {version} of '{set}' has recorded payouts made with SHA-256 {sha}, but the file now has SHA-256 {file.Sha256}: " +
                    "a used version must never be edited. Restore it and put the correction in a new version."));
            }
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);
    }

    /// <summary>The months of the three quarters before the result's, from the store, for the reports' trend charts.</summary>
    public static Dictionary<string, IReadOnlyList<MonthAssessment>> History(NpgsqlDataSource database, RuleBook rules, QuarterResult result)
    {
        using var connection = database.OpenConnection();
        using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        var earlier = Scoring.History.Before(result.Quarter)
            .Select(q => (q, StoredInputs.LoadQuarter(connection, transaction, q, result.Reference, result.AsOf)))
            .ToArray();
        transaction.Commit();
        return Scoring.History.Assess(result.Reference, rules, result.Assessments.Select(a => a.Contract), earlier);
    }

    /// <summary>Assesses the quarter from one snapshot, so that a concurrent import cannot be half seen.</summary>
    public static QuarterResult Assess(NpgsqlDataSource database, RuleBook rules, Quarter quarter, DateTimeOffset asOf)
    {
        RefuseEditedVersions(database, rules);
        var (reference, months) = StoredInputs.ReadQuarter(database, quarter, asOf);
        var assessments = Assessor.AssessQuarter(reference, rules, quarter, months, "contracts (stored)");
        return new QuarterResult(quarter, asOf, reference, assessments, []);
    }
}
