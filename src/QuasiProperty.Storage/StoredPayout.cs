using System.Data;
using Npgsql;
using QuasiProperty.Outputs;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Storage;

/// <summary>A quarter's payout computed from the store, and what was recorded for each contract.</summary>
public sealed record PayoutRun(QuarterResult Result, IReadOnlyList<RevisionOutcome> Revisions);

/// <summary>
/// The database mode of the engine: reads a consistent snapshot of the quarter's stored inputs,
/// assesses it with the same engine as file mode, and records a revision per contract.
/// </summary>
public static class StoredPayout
{
    public static PayoutRun Run(NpgsqlDataSource database, RuleBook rules, Quarter quarter, DateTimeOffset asOf, string computedBy)
    {
        var result = Assess(database, rules, quarter, asOf);
        using var connection = database.OpenConnection();
        var revisions = result.Assessments
            .Select(a => PayoutRevisions.Record(connection, a, AssessmentDocument.Write(a, result.Reference.Company(a.Contract.CompanyId), asOf), asOf, computedBy))
            .ToArray();
        return new PayoutRun(result, revisions);
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

    /// <summary>Assesses the quarter from one repeatable-read snapshot, so that a concurrent import cannot be half seen.</summary>
    public static QuarterResult Assess(NpgsqlDataSource database, RuleBook rules, Quarter quarter, DateTimeOffset asOf)
    {
        using var connection = database.OpenConnection();
        using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        var reference = StoredInputs.LoadReference(connection, transaction);
        var months = StoredInputs.LoadQuarter(connection, transaction, quarter, reference, asOf);
        transaction.Commit();
        var assessments = Assessor.AssessQuarter(reference, rules, quarter, months, "contracts (stored)");
        return new QuarterResult(quarter, asOf, reference, assessments, []);
    }
}
