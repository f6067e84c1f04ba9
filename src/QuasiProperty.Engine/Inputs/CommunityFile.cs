using QuasiProperty.Feedback;
using QuasiProperty.Model;

namespace QuasiProperty.Inputs;

/// <summary>Reads <c>community/YYYY-MM.csv</c> (feedback.md §1): at most one community office assessment per community.</summary>
public static class CommunityFile
{
    public static readonly IReadOnlyList<string> Columns = ["community_id", "score", "assessed_by", "note"];

    /// <returns>The assessments by community, in the reference data's order.</returns>
    public static FileResult<CommunityAssessment?[]> Read(string path, string display, ReferenceData reference) =>
        throw new NotImplementedException("WIP: inputs helper");
}
