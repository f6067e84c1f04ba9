using QuasiProperty.Feedback;
using QuasiProperty.Inputs;
using QuasiProperty.Model;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Application;

/// <summary>
/// Where a quarter's inputs come from: a data folder (<see cref="FolderInputs"/>) or the database's
/// imports. Both give the same values, so the pipeline cannot tell (and does not care) which it reads.
/// </summary>
public interface IInputSource
{
    /// <summary>Where the contracts are, as messages about a contract name it.</summary>
    string ContractsName { get; }

    /// <summary>The communities, companies and contracts, checked against the rule sets they name.</summary>
    ReferenceData ReadReference(RuleBook rules);

    /// <summary>
    /// The reference data and the inputs of some months, read together so that they agree. With
    /// <paramref name="contracts"/>, a source may leave out the inputs of other contracts' communities.
    /// </summary>
    /// <exception cref="InvalidInputException">An input is invalid: nothing is read.</exception>
    PeriodInputs Read(RuleBook rules, IReadOnlyList<Month> months, DateTimeOffset asOf, IReadOnlyCollection<string>? contracts, IProgress<ReadProgress>? progress);

    /// <summary>
    /// The months of earlier quarters, for the reports' trend charts. A quarter that cannot be read is
    /// left out with a warning: the charts change no payment.
    /// </summary>
    EarlierInputs ReadEarlier(ReferenceData reference, IReadOnlyList<Quarter> quarters, DateTimeOffset asOf, IReadOnlyCollection<string>? contracts);

    /// <summary>The rule versions that already produced recorded results, with the SHA-256 they had; none for a folder.</summary>
    IReadOnlyList<UsedRuleVersion> RecordedRuleVersions();
}

/// <summary>
/// What a source holds for some months: the reference data, each month's inputs, warnings about them, and every
/// dispute (feedback.md §2; their states depend on the as-of time, so all are given).
/// </summary>
public sealed record PeriodInputs(ReferenceData Reference, IReadOnlyList<MonthInputs> Months, IReadOnlyList<InputProblem> Warnings, IReadOnlyList<Dispute> Disputes);

/// <summary>The months of earlier quarters that could be read, and why any quarter was left out.</summary>
public sealed record EarlierInputs(IReadOnlyList<(Quarter Quarter, IReadOnlyList<MonthInputs> Months)> Quarters, IReadOnlyList<InputProblem> Warnings);

/// <summary>A rule version as it was when it produced a recorded result.</summary>
public sealed record UsedRuleVersion(string RuleSet, int Version, string Sha256);
