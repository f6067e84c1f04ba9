using System.Globalization;
using QuasiProperty.Inputs;
using QuasiProperty.Model;
using QuasiProperty.Scoring;
using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Storage.Tests;

/// <summary>
/// One table of incidents, judged overdue or not by each of the three places that count them: the C# rule
/// (<see cref="Incident.IsOverdue"/>), the grid file reader, and the database's pre-aggregation read back by
/// <see cref="StoredInputs"/>. All three must agree with the table on every case.
/// </summary>
public class OverdueRuleTests : StoreFixture
{
    private static readonly Month April = new(2025, 4);
    private const string Reported = "2025-04-03T09:00:00+08:00";
    private const string Due = "2025-04-05T09:00:00+08:00";
    private const string DueZ = "2025-04-05T01:00:00Z"; // the same instant as Due
    private const string Later = "2026-01-15T00:00:00+08:00"; // an as-of long after every due time

    /// <param name="Closed">Empty while the incident is open.</param>
    private sealed record Case(string Name, string DueAt, string Closed, string AsOf, bool Overdue);

    private static readonly Case[] Cases =
    [
        new("closed a second before due", Due, "2025-04-05T08:59:59+08:00", Later, false),
        new("closed at due", Due, Due, Later, false),
        new("closed a second after due", Due, "2025-04-05T09:00:01+08:00", Later, true),
        new("open, as-of a second before due", Due, "", "2025-04-05T08:59:59+08:00", false),
        new("open, as-of at due", Due, "", Due, false),
        new("open, as-of a second after due", Due, "", "2025-04-05T09:00:01+08:00", true),
        new("closed at due, due in Z", DueZ, Due, Later, false),
        new("closed a second after due, closed in Z", Due, "2025-04-05T01:00:01Z", Later, true),
        new("closed before due: 09:30+08:00 is before 02:00Z", "2025-04-05T02:00:00Z", "2025-04-05T09:30:00+08:00", Later, false),
        new("closed after due: 02:00Z is after 09:30+08:00", "2025-04-05T09:30:00+08:00", "2025-04-05T02:00:00Z", Later, true),
        new("open, due in Z, as-of a second after it in +08:00", DueZ, "", "2025-04-05T09:00:01+08:00", true),
        new("open, as-of at due written in Z", Due, "", DueZ, false),
        new("open, as-of a second before due written in Z", Due, "", "2025-04-05T00:59:59Z", false),
    ];

    private static string CommunityOf(int i) => $"C{i:00}";

    [Test]
    public void The_CSharp_rule_gives_the_tables_answer()
    {
        Assert.Multiple(() =>
        {
            foreach (var c in Cases)
            {
                var closed = c.Closed.Length == 0 ? (DateTimeOffset?)null : Time(c.Closed);
                Assert.That(Incident.IsOverdue(Time(c.DueAt), closed, Time(c.AsOf)), Is.EqualTo(c.Overdue), c.Name);
            }
        });
    }

    [Test]
    public void The_grid_file_reader_and_the_database_give_the_tables_answer()
    {
        using var folder = new TempFolder();
        var communities = folder.Combine("communities.csv");
        File.WriteAllLines(communities, ["community_id,name,households", .. Cases.Select((_, i) => $"{CommunityOf(i)},社区{i},1000")]);
        var grid = folder.Combine("2025-04.csv");
        File.WriteAllLines(grid, [string.Join(",", GridFile.Columns), .. Cases.Select((c, i) => $"G{i},{CommunityOf(i)},GARBAGE,{Reported},{c.DueAt},{c.Closed}")]);
        foreach (var (source, file) in new[] { (ImportSource.Communities, communities), (ImportSource.Grid, grid) })
        {
            var outcome = Importer.Import(source, file);
            Assert.That(outcome.Status, Is.EqualTo(ImportStatus.Imported), string.Join("\n", outcome.Problems));
        }

        using var connection = Db.DataSource.OpenConnection();
        var reference = StoredInputs.LoadReference(connection);
        Assert.Multiple(() =>
        {
            foreach (var asOf in Cases.Select(c => c.AsOf).Distinct())
            {
                var read = GridFile.Read(grid, "grid/2025-04.csv", April, reference, Time(asOf));
                Assert.That(read.Problems, Is.Empty);
                var fromFile = new MonthInputs(April, reference, null, null, read.Data);
                var fromStore = StoredInputs.LoadMonths(connection, null, [April], reference, Time(asOf), communities: null).Single();
                for (var i = 0; i < Cases.Length; i++)
                {
                    if (Cases[i].AsOf != asOf) continue;
                    var community = reference.Community(CommunityOf(i));
                    Assert.That(OverdueCount(fromFile, community), Is.EqualTo(Cases[i].Overdue ? 1 : 0), $"grid file: {Cases[i].Name}");
                    Assert.That(OverdueCount(fromStore, community), Is.EqualTo(Cases[i].Overdue ? 1 : 0), $"database: {Cases[i].Name}");
                }
            }
        });
    }

    private static int OverdueCount(MonthInputs month, Community community) => month.For(community).GridCounts(_ => true)!.Value.Overdue;

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
