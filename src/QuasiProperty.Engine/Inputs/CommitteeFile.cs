using System.Globalization;
using QuasiProperty.Inputs.Csv;
using QuasiProperty.Model;
using QuasiProperty.Scoring;

namespace QuasiProperty.Inputs;

/// <summary>Reads <c>committee/YYYY-MM.csv</c>: at most one self-management committee report per community.</summary>
public static class CommitteeFile
{
    public static readonly IReadOnlyList<string> Columns = ["community_id", "rating", "issues_raised", "issues_unresolved"];

    private const int Rating = 1, Raised = 2, Unresolved = 3;

    public static FileResult<CommitteeReport?[]> Read(string path, string display, ReferenceData reference)
    {
        var problems = new ProblemList(display);
        var reports = new CommitteeReport?[reference.Communities.Count];
        var lines = new long[reference.Communities.Count];
        var lookup = new CommunityLookup(reference);
        using var csv = CsvInput.Open(path, Columns, problems);
        if (csv is null) return new FileResult<CommitteeReport?[]>(null, problems.ToList(), []);
        while (csv.Read())
        {
            var before = problems.Count;
            var community = SurveyFile.Community(csv, lookup, 0);
            if (community >= 0 && lines[community] > 0)
            {
                csv.Problem(0, string.Create(CultureInfo.InvariantCulture,
                    $"'{csv.Show(0)}' already has a row on line {lines[community]}; a community has at most one committee row a month"));
            }

            var rating = 0m;
            if (csv.IsEmpty(Rating)) csv.Problem(Rating, "is empty; a value is required");
            else if (!Cells.TryDecimal(csv.Span(Rating), out rating) || rating < 0 || rating > 100)
                csv.Problem(Rating, $"must be a number from 0 to 100; it is '{csv.Show(Rating)}'");

            var raised = Count(csv, Raised);
            var unresolved = Count(csv, Unresolved);
            if (raised is not null && unresolved > raised)
                csv.Problem(Unresolved, $"is {unresolved}, more than issues_raised ({raised})");

            if (problems.Count == before && community >= 0)
            {
                reports[community] = new CommitteeReport(rating, raised!.Value, unresolved!.Value);
                lines[community] = csv.Line;
            }
        }
        return FileResult.From(reports, problems, []);
    }

    private static int? Count(CsvInput csv, int column)
    {
        if (csv.IsEmpty(column))
        {
            csv.Problem(column, "is empty; a value is required");
            return null;
        }
        if (Cells.TryInteger(csv.Span(column), out var value) && value >= 0) return value;
        csv.Problem(column, $"must be a whole number, 0 or more; it is '{csv.Show(column)}'");
        return null;
    }
}
