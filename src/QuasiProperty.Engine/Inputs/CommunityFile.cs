using System.Globalization;
using QuasiProperty.Feedback;
using QuasiProperty.Inputs.Csv;
using QuasiProperty.Model;

namespace QuasiProperty.Inputs;

/// <summary>Reads <c>community/YYYY-MM.csv</c> (feedback.md §1): at most one community office assessment per community.</summary>
public static class CommunityFile
{
    public static readonly IReadOnlyList<string> Columns = ["community_id", "score", "assessed_by", "note"];

    private const int Score = 1, AssessedBy = 2, Note = 3;

    /// <returns>The assessments by community, in the reference data's order.</returns>
    public static FileResult<CommunityAssessment?[]> Read(string path, string display, ReferenceData reference)
    {
        var problems = new ProblemList(display);
        var assessments = new CommunityAssessment?[reference.Communities.Count];
        var lines = new long[reference.Communities.Count];
        var lookup = new CommunityLookup(reference);
        using var csv = CsvInput.Open(path, Columns, problems);
        if (csv is null) return new FileResult<CommunityAssessment?[]>(null, problems.ToList(), []);
        while (csv.Read())
        {
            var before = problems.Count;
            var community = SurveyFile.Community(csv, lookup, 0);
            if (community >= 0 && lines[community] > 0)
            {
                csv.Problem(0, string.Create(CultureInfo.InvariantCulture,
                    $"'{csv.Show(0)}' already has a row on line {lines[community]}; a community has at most one assessment a month"));
            }

            var score = 0m;
            if (csv.IsEmpty(Score)) csv.Problem(Score, "is empty; a value is required");
            else if (!Cells.TryDecimal(csv.Span(Score), out score) || score < 0 || score > 100 || Cells.Scale(score) > 2)
                csv.Problem(Score, $"must be a number from 0 to 100 with at most 2 decimals, e.g. 87.50; it is '{csv.Show(Score)}'");

            var assessedBy = csv.Text(AssessedBy);
            var note = csv.Text(Note, required: false);

            if (problems.Count == before && community >= 0)
            {
                assessments[community] = new CommunityAssessment(score, assessedBy!, note);
                lines[community] = csv.Line;
            }
        }
        return FileResult.From(assessments, problems, []);
    }
}
