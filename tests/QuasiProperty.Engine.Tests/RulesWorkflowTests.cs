using QuasiProperty.Inputs;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Tests;

/// <summary>The committee's workflow: compare versions, try a candidate, and never rewrite a used version.</summary>
public class RulesWorkflowTests
{
    private static readonly Quarter Q3 = new(2025, 3);
    private static readonly DateTimeOffset AsOf = new(2026, 1, 15, 0, 0, 0, TimeSpan.FromHours(8));

    [Test]
    public void The_diff_of_two_versions_lists_each_change_with_old_and_new_values()
    {
        var book = RuleFileReader.Load(TestPaths.Rules);
        var changes = RuleDiff.Compare(book.VersionsOf("chaoyangmen")[0], book.VersionsOf("chaoyangmen")[1]);
        Assert.That(changes.Select(c => (c.Field, c.Old, c.New)), Is.EqualTo(new[]
        {
            ("effective_from", "2025Q1", "2025Q3"),
            ("weights.satisfaction", "0.40", "0.45"),
            ("weights.grid", "0.30", "0.25"),
            ("payout.month_floor", "无", "任一月低于 60 分，拨付比例最高 0.90"),
        }));
        // Chinese first, English second, as the rules page and what-if show them.
        Assert.That(changes.Select(c => c.Zh), Is.EqualTo(new[]
        {
            "生效季度：2025Q1 → 2025Q3",
            "居民满意度权重：0.40 → 0.45",
            "网格件权重：0.30 → 0.25",
            "单月保底条款：无 → 任一月低于 60 分，拨付比例最高 0.90",
        }));
        Assert.That(changes[^1].En, Is.EqualTo("month floor: none → any month below 60: pay ratio at most 0.90"));
    }

    [Test]
    public void What_if_agrees_with_two_real_assessments_under_each_version()
    {
        using var set = DataSet.FromSamples();
        var candidateText = set.ReadRule("chaoyangmen/v2.yaml")
            .Replace("version: 2", "version: 3", StringComparison.Ordinal)
            .Replace("  satisfaction: 0.45", "  satisfaction: 0.50", StringComparison.Ordinal)
            .Replace("  grid: 0.25", "  grid: 0.20", StringComparison.Ordinal);
        using var elsewhere = new TempFolder();
        File.WriteAllText(elsewhere.Combine("v3.yaml"), candidateText);
        var problems = new List<InputProblem>();
        var candidate = RuleFileReader.Read(elsewhere.Combine("v3.yaml"), null, problems)!;
        var book = RuleFileReader.Load(set.Rules);
        var folder = new DataFolder(set.Data);
        var reference = ReferenceFiles.Read(folder, book);

        var lines = WhatIf.Compare(reference, book, candidate, Q3, QuarterReader.Read(folder, Q3.Months, reference, AsOf).Months);

        var now = set.Assess(Q3, AsOf);
        File.Delete(Path.Combine(set.Rules, "chaoyangmen", "v2.yaml"));
        File.Delete(Path.Combine(set.Rules, "chaoyangmen", UsedVersions.FileName));
        set.WriteRule("chaoyangmen/v3.yaml", candidateText); // the candidate adopted in v2's place, from 2025Q3
        var adopted = set.Assess(Q3, AsOf);
        Assert.Multiple(() =>
        {
            Assert.That(lines.Select(l => l.Current.Payout), Is.EqualTo(now.Assessments.Select(a => a.Payout)));
            Assert.That(lines.Select(l => l.Candidate.Payout), Is.EqualTo(adopted.Assessments.Select(a => a.Payout)));
            Assert.That(lines.Select(l => l.Candidate.QuarterScore), Is.EqualTo(adopted.Assessments.Select(a => a.QuarterScore)));
            Assert.That(lines.Sum(l => l.PayoutChange), Is.EqualTo(adopted.TotalPayout - now.TotalPayout));
            Assert.That(lines.Sum(l => l.PayoutChange), Is.Not.Zero, "the candidate changes something, or this test proves nothing");
        });
    }

    [Test]
    public void A_candidate_inside_the_rules_folder_is_compared_with_the_version_adopted_before_it()
    {
        using var set = DataSet.FromSamples();
        set.WriteRule("chaoyangmen/v3.yaml", set.ReadRule("chaoyangmen/v2.yaml")
            .Replace("version: 2", "version: 3", StringComparison.Ordinal)
            .Replace("effective_from: 2025Q3", "effective_from: 2025Q4", StringComparison.Ordinal)
            .Replace("min_score: 90", "min_score: 92", StringComparison.Ordinal));
        var book = RuleFileReader.Load(set.Rules);
        var candidate = book.VersionsOf("chaoyangmen").Single(v => v.Version == 3);
        var inForce = WhatIf.Without(book, candidate);
        Assert.That(inForce.InForce("chaoyangmen", new Quarter(2025, 4))!.Version, Is.EqualTo(2));
    }

    [Test]
    public void An_edited_used_version_is_refused_naming_the_version_the_recorded_hash_and_the_new_one()
    {
        using var set = DataSet.FromSamples();
        var recorded = RuleFileReader.Load(set.Rules).VersionsOf("chaoyangmen")[0].Sha256;
        set.WriteRule("chaoyangmen/v1.yaml", set.ReadRule("chaoyangmen/v1.yaml").Replace("unresolved_penalty: 5", "unresolved_penalty: 4", StringComparison.Ordinal));

        var refused = Assert.Throws<InvalidInputException>(() => set.Assess(new Quarter(2025, 1), AsOf))!;

        var problem = refused.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.File, Does.EndWith("chaoyangmen/v1.yaml"));
            Assert.That(problem.Field, Is.EqualTo("version"));
            Assert.That(problem.Message, Does.Contain("version 1 has produced results with SHA-256 " + recorded));
            Assert.That(problem.Message, Does.Contain("the file now has SHA-256 "));
            Assert.That(problem.Message, Does.Contain("new version"));
        });
    }

    [Test]
    public void Assessing_records_the_versions_it_used_and_a_new_version_is_free_to_change_until_then()
    {
        using var set = DataSet.FromSamples();
        File.Delete(Path.Combine(set.Rules, "chaoyangmen", UsedVersions.FileName));
        var result = set.Assess(new Quarter(2025, 1), AsOf);
        UsedVersions.Record(set.Rules, result.Assessments.Select(a => a.Rules));

        // Version 2 was not used by 2025Q1: it may still be corrected in place…
        set.WriteRule("chaoyangmen/v2.yaml", set.ReadRule("chaoyangmen/v2.yaml").Replace("unresolved_penalty: 5", "unresolved_penalty: 6", StringComparison.Ordinal));
        Assert.That(() => RuleFileReader.Load(set.Rules), Throws.Nothing);
        // …but version 1 now may not.
        set.WriteRule("chaoyangmen/v1.yaml", set.ReadRule("chaoyangmen/v1.yaml") + "\n# edited\n");
        Assert.That(() => RuleFileReader.Load(set.Rules), Throws.TypeOf<InvalidInputException>());
    }
}
