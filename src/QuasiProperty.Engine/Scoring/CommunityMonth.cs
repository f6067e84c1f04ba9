using QuasiProperty.Time;

namespace QuasiProperty.Scoring;

/// <summary>
/// One community's inputs of one month, as scoring reads them: which sources have a file for the
/// month, the survey tally, the committee's report and the grid incidents.
/// </summary>
public readonly struct CommunityMonth
{
    private readonly MonthInputs inputs;
    private readonly int community;

    internal CommunityMonth(MonthInputs inputs, int community)
    {
        this.inputs = inputs;
        this.community = community;
    }

    public Month Month => inputs.Month;

    /// <summary>The month has a survey file (the community may still have no response in it).</summary>
    public bool HasSurveyFile => inputs.HasSurveys;

    public bool HasCommitteeFile => inputs.HasCommittee;

    public bool HasGridFile => inputs.HasGrid;

    /// <summary>The community's survey responses of the month; null when it has none.</summary>
    public SurveyTally? Survey => inputs.Survey(community);

    /// <summary>The committee's report on the community's month; null when there is none.</summary>
    public CommitteeReport? Committee => inputs.Committee(community);

    /// <summary>The community's grid incidents, split by whether <paramref name="counted"/> says the category counts; null without a grid file.</summary>
    public GridCounts? GridCounts(Func<string, bool> counted) => inputs.Grid?.CountsFor(community, counted);

    /// <summary>Writes exactly what scoring reads of the month, for the digest of a contract's inputs.</summary>
    internal void WriteTo(BinaryWriter writer)
    {
        writer.Write(Month.ToString());
        writer.Write(HasSurveyFile);
        if (Survey is { } tally) tally.WriteTo(writer);
        writer.Write(HasCommitteeFile);
        if (Committee is { } report)
        {
            writer.Write(Assessor.Canonical(report.Rating));
            writer.Write(report.IssuesRaised);
            writer.Write(report.IssuesUnresolved);
        }
        writer.Write(HasGridFile);
        inputs.Grid?.WriteTo(writer, community);
    }
}
