using QuasiProperty.Application;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Storage;
using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Storage.Tests;

/// <summary>Shared set-up: a fresh migrated database per test, and the samples' rules.</summary>
public abstract class StoreFixture
{
    protected static readonly DateTimeOffset AsOf = new(2026, 1, 15, 0, 0, 0, TimeSpan.FromHours(8));

    protected TestDatabase Db { get; private set; } = null!;

    protected static RuleBook Rules { get; } = RuleFileReader.Load(TestPaths.Rules);

    protected Importer Importer => new(Db.DataSource, Rules, "test");

    [SetUp]
    public void CreateDatabase() => Db = TestDatabase.Create();

    [TearDown]
    public void DropDatabase() => Db.Dispose();

    protected static string Sample(string relative) => Path.Combine(TestPaths.Samples, relative);

    protected void ImportSamples()
    {
        foreach (var (source, file) in SampleFiles())
        {
            var outcome = Importer.Import(source, file);
            Assert.That(outcome.Status, Is.EqualTo(ImportStatus.Imported), string.Join("\n", outcome.Problems));
        }
    }

    protected static IEnumerable<(ImportSource, string)> SampleFiles() =>
        new[] { (ImportSource.Communities, "communities.csv"), (ImportSource.Companies, "companies.csv"), (ImportSource.Contracts, "contracts.csv") }
            .Select(x => (x.Item1, Sample(x.Item2)))
            .Concat(new[] { ImportSource.Surveys, ImportSource.Committee, ImportSource.Grid }
                .SelectMany(s => Directory.EnumerateFiles(Sample(s.Name()), "*.csv").Order(StringComparer.Ordinal).Select(f => (s, f))));

    /// <summary>The quarter assessed from the store through the pipeline, as <c>qp payout</c> does; nothing is recorded.</summary>
    protected QuarterResult StoredAssessment(Quarter quarter, DateTimeOffset asOf, string? rules = null) =>
        Pipeline(rules).Assess(new QuarterRequest(quarter, asOf)).Result;

    /// <summary>The quarter's payout recorded as revisions through the pipeline, as <c>qp payout</c> records it (without reports).</summary>
    protected (QuarterResult Result, IReadOnlyList<RevisionOutcome> Revisions) Payout(Quarter quarter, string? rules = null)
    {
        var pipeline = Pipeline(rules);
        var assessed = pipeline.Assess(new QuarterRequest(quarter, AsOf));
        using var revisions = new RevisionSink(Db.DataSource, "test", key: null);
        pipeline.Issue(assessed, signing: null, revisions);
        return (assessed.Result, revisions.Revisions);
    }

    private QuarterPipeline Pipeline(string? rules) => new(new StoreInputs(Db.DataSource), new RulesFolder(rules ?? TestPaths.Rules));
}
