using System.Text.RegularExpressions;
using QuasiProperty.Testing;

namespace QuasiProperty.Cli.Tests;

/// <summary><c>qp import</c> with many files: monthly files are imported two at a time, but read as if one after another.</summary>
public partial class ImportCommandTests
{
    [Test]
    public void A_folder_is_reported_and_numbered_in_its_order()
    {
        using var db = TestDatabase.Create();

        var run = QpRun.Of("import", "folder", TestPaths.Samples, "--db", db.ConnectionString, "--rules", TestPaths.Rules);

        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var expected = new[] { "communities.csv", "companies.csv", "contracts.csv" }
            .Concat(new[] { "surveys", "committee", "grid" }.SelectMany(source =>
                Directory.EnumerateFiles(Path.Combine(TestPaths.Samples, source), "*.csv").Order(StringComparer.Ordinal)
                    .Select(f => $"{source}/{Path.GetFileName(f)}")))
            .ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(lines.Select(l => FileOf().Match(l).Groups[1].Value), Is.EqualTo(expected));
            Assert.That(lines.Select(l => int.Parse(NumberOf().Match(l).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)),
                Is.EqualTo(Enumerable.Range(1, expected.Length)));
            Assert.That(db.Scalar<long>("select count(*) from imports"), Is.EqualTo(expected.Length));
        });
    }

    [Test]
    public void Two_files_for_the_same_month_are_stored_in_the_order_given()
    {
        using var db = TestDatabase.Create();
        using var folder = new TempFolder();
        QpRun.Of("import", "folder", TestPaths.Samples, "--db", db.ConnectionString, "--rules", TestPaths.Rules);
        var first = folder.Combine("first", "2025-05.csv");
        var second = folder.Combine("second", "2025-05.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(first)!);
        Directory.CreateDirectory(Path.GetDirectoryName(second)!);
        File.WriteAllText(first, "response_id,community_id,household_ref,cleaning,greening,order,convenience\nA1,SJ,h-1,5,5,5,5\nA2,SJ,h-2,5,5,5,5\n");
        File.WriteAllText(second, "response_id,community_id,household_ref,cleaning,greening,order,convenience\nB1,LS,h-3,1,1,1,1\n");

        var run = QpRun.Of("import", "surveys", first, second, Path.Combine(TestPaths.Samples, "surveys", "2025-06.csv"),
            "--db", db.ConnectionString, "--rules", TestPaths.Rules);

        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(lines, Has.Length.EqualTo(3));
            Assert.That(lines[0], Does.Contain("first/2025-05.csv: imported as #").And.Contain("2 rows, replacing #"));
            Assert.That(lines[1], Does.Contain("second/2025-05.csv: imported as #").And.Contain("1 rows, replacing #").And.Contain("(2025-05.csv, 2 rows)"));
            Assert.That(lines[2], Does.Contain("surveys/2025-06.csv: already imported"));
            Assert.That(db.Scalar<string>("select string_agg(response_id, ',') from survey_responses where month = '2025-05'"), Is.EqualTo("B1"));
        });
    }

    [Test]
    public void A_rejected_file_among_others_stores_nothing_of_itself_and_everything_of_the_others()
    {
        using var db = TestDatabase.Create();
        using var folder = new TempFolder();
        QpRun.Of("import", "communities", Path.Combine(TestPaths.Samples, "communities.csv"), "--db", db.ConnectionString, "--rules", TestPaths.Rules);
        var bad = folder.Combine("2025-05.csv");
        File.WriteAllText(bad, "response_id,community_id,household_ref,cleaning,greening,order,convenience\nA1,SJ,h-1,5,5,5,5\nA2,NOPE,h-2,5,5,5,5\n");

        var run = QpRun.Of("import", "surveys", Path.Combine(TestPaths.Samples, "surveys", "2025-04.csv"), bad,
            Path.Combine(TestPaths.Samples, "surveys", "2025-06.csv"), "--db", db.ConnectionString, "--rules", TestPaths.Rules);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InputRejected));
            Assert.That(run.Error, Does.Contain("2025-05.csv:3: community_id: 'NOPE' is not a community in communities.csv"));
            Assert.That(run.Error, Does.Contain("rejected: 1 problem(s); nothing was stored"));
            Assert.That(db.Scalar<string>("select string_agg(month, ',' order by month) from current_imports where source = 'surveys'"), Is.EqualTo("2025-04,2025-06"));
            Assert.That(db.Scalar<long>("select count(*) from survey_responses where month = '2025-05'"), Is.Zero);
        });
    }

    /// <summary>The file of an output line, as source/YYYY-MM.csv or name.csv.</summary>
    [GeneratedRegex(@"([a-z]+/[0-9-]+\.csv|[a-z]+\.csv):")]
    private static partial Regex FileOf();

    [GeneratedRegex(@"#(\d+)")]
    private static partial Regex NumberOf();
}
