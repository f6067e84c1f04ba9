using QuasiProperty.Feedback;
using QuasiProperty.Model;
using QuasiProperty.Outputs;
using QuasiProperty.Reports;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Application;

/// <summary>
/// The one way a quarter is assessed and paid, whoever asks: <c>qp assess</c> (files), <c>qp payout</c> and the
/// scheduled jobs (the database), and <c>qp rules whatif</c> (either). It reads the inputs through one source,
/// applies the rules' refusals, assesses with the engine, writes each contract's working document, signs its
/// report, and hands everything to the sinks. Any input or rule problem is an <see cref="InvalidInputException"/>:
/// final, raised before anything is written, and the same on every path.
/// </summary>
public sealed class QuarterPipeline
{
    private readonly IInputSource inputs;
    private readonly RulesFolder rules;

    /// <exception cref="InvalidInputException">A rule file is invalid, or a used version was edited.</exception>
    public QuarterPipeline(IInputSource inputs, RulesFolder rules)
    {
        this.inputs = inputs;
        this.rules = rules;
        Rules = rules.Load();
        RulePolicy.RefuseEditedVersions(Rules, inputs.RecordedRuleVersions());
    }

    /// <summary>Every version of every rule set, as loaded and checked for this run.</summary>
    public RuleBook Rules { get; }

    /// <summary>
    /// The refusals a quarter would meet, without reading its monthly inputs: every contract to assess needs a
    /// version in force (edited used versions were refused when the pipeline was made).
    /// </summary>
    public void Check(QuarterRequest request)
    {
        var reference = Only(inputs.ReadReference(Rules), request.Contracts);
        Rules.InForceFor(reference.Contracts.Where(c => c.IsActiveIn(request.Quarter)), request.Quarter, inputs.ContractsName);
    }

    /// <summary>Reads and assesses the quarter. Nothing is written.</summary>
    public AssessedQuarter Assess(QuarterRequest request)
    {
        var period = inputs.Read(Rules, request.Quarter.Months, request.AsOf, request.Contracts, request.Progress);
        var reference = Only(period.Reference, request.Contracts);
        var disputes = new DisputeBook(period.Disputes, request.AsOf);
        var assessments = Assessor.AssessQuarter(reference, Rules, request.Quarter, period.Months, inputs.ContractsName, disputes);
        var feedback = Assessor.IsFeedbackRun(request.Quarter, period.Months, disputes);
        // Rewards are the communities', not the contracts': a chunk of contracts still gives the whole quarter's.
        var rewards = feedback ? Rewards.Assess(period.Reference, Rules, request.Quarter, period.Months) : [];
        return new AssessedQuarter(request, new QuarterResult(request.Quarter, request.AsOf, reference, assessments, period.Warnings, feedback, rewards));
    }

    /// <summary>
    /// Issues an assessed quarter: each contract's working document and, with <paramref name="signing"/>, its
    /// signed report (whose trend chart shows the three quarters before) go to every sink; then the sinks
    /// are prepared and committed in order, and the rule versions used are recorded as never to be edited.
    /// </summary>
    public IssuedQuarter Issue(AssessedQuarter assessed, ReportSigning? signing, params IReadOnlyList<IQuarterSink> sinks)
    {
        var result = assessed.Result;
        // Written up front only for a sink that stores them before the reports; otherwise each as its report is signed.
        var documents = sinks.Any(s => s.NeedsDocuments) ? Documents(result) : null;
        // Opened before the charts' quarters are read: a sink may start storing (the database records revisions meanwhile).
        foreach (var sink in sinks) sink.Open(result, documents);
        var (history, chartWarnings) = signing is null ? (null, []) : History(assessed);
        if (signing is not null)
        {
            ParallelRefusals.ForEach(result.Assessments, a =>
            {
                var document = documents?[a.Contract.Id] ?? QuarterOutput.Document(result, a);
                var report = SignedReports.Sign(a, result.Reference.Company(a.Contract.CompanyId), result.AsOf,
                    history!.TryGetValue(a.Contract.Id, out var earlier) ? earlier : [], document, signing.Templates, signing.Key);
                foreach (var sink in sinks) sink.Add(a, report);
            });
        }
        foreach (var sink in sinks) sink.Prepare(result);
        foreach (var sink in sinks) sink.Commit();
        // A ledger alone is a quick check, not a result anyone is paid from.
        if (signing is not null || documents is not null) rules.RecordUsed(result.Assessments.Select(a => a.Rules));
        return new IssuedQuarter(result, chartWarnings);
    }

    /// <summary>
    /// What a candidate version would pay: the quarter assessed from the same inputs under the versions in force
    /// (the candidate's own file left out, if it is in the rules folder) and with the candidate in place. Nothing is written.
    /// </summary>
    public IReadOnlyList<WhatIfLine> WhatIf(RuleVersion candidate, QuarterRequest request)
    {
        var inForce = Scoring.WhatIf.Without(Rules, candidate);
        var period = inputs.Read(inForce, request.Quarter.Months, request.AsOf, request.Contracts, request.Progress);
        return Scoring.WhatIf.Compare(
            Only(period.Reference, request.Contracts), inForce, candidate, request.Quarter, period.Months, new DisputeBook(period.Disputes, request.AsOf));
    }

    /// <summary>Each contract's interim month, before its quarter closes; every active contract needs a version in force.</summary>
    public IReadOnlyList<MonthScorecard> AssessMonth(Month month, DateTimeOffset asOf)
    {
        var period = inputs.Read(Rules, [month], asOf, null, null);
        var reference = period.Reference;
        var active = reference.Contracts.Where(c => c.IsActiveIn(month.Quarter)).ToArray();
        var versions = Rules.InForceFor(active, month.Quarter, inputs.ContractsName);
        return active.Select(contract =>
        {
            var community = reference.Community(contract.CommunityId);
            var version = versions[contract.Id];
            return new MonthScorecard(contract, version, Assessor.AssessMonth(community, version, period.Months[0].For(community)),
                InputDigest.ComputeMonth(contract, community, period.Months[0]));
        }).ToArray();
    }

    /// <summary>Each contract's assessment document (<c>contracts/&lt;id&gt;.json</c>, its working), by contract id.</summary>
    private static Dictionary<string, byte[]> Documents(QuarterResult result) =>
        result.Assessments.AsParallel().ToDictionary(a => a.Contract.Id, a => QuarterOutput.Document(result, a), StringComparer.Ordinal);

    /// <summary>The months of the three quarters before, scored with the versions then in force, for the reports' charts.</summary>
    private (Dictionary<string, IReadOnlyList<MonthAssessment>>, IReadOnlyList<InputProblem>) History(AssessedQuarter assessed)
    {
        var result = assessed.Result;
        var earlier = inputs.ReadEarlier(result.Reference, [.. Scoring.History.Before(result.Quarter)], result.AsOf, assessed.Request.Contracts);
        return (Scoring.History.Assess(result.Reference, Rules, result.Assessments.Select(a => a.Contract), earlier.Quarters), earlier.Warnings);
    }

    /// <summary>The reference data with only the requested contracts; the communities and companies stay as they are.</summary>
    private static ReferenceData Only(ReferenceData reference, IReadOnlyCollection<string>? contracts)
    {
        if (contracts is null) return reference;
        var wanted = contracts.ToHashSet(StringComparer.Ordinal);
        return new ReferenceData(reference.Communities, reference.Companies, [.. reference.Contracts.Where(c => wanted.Contains(c.Id))]);
    }
}
