using QuasiProperty.Reports.Signing;
using QuasiProperty.Testing;

namespace QuasiProperty.Reports.Tests;

/// <summary>A document that is signed is whole: a render that would be cut is refused, and nothing is written.</summary>
public class CompleteDocumentTests
{
    [Test]
    public void A_summary_longer_than_a_mebibyte_is_rendered_whole()
    {
        var templates = FromRepository();
        var summary = SummaryOf(contracts: 4000);

        var html = templates.Render(Templates.Summary, summary);

        Assert.Multiple(() =>
        {
            Assert.That(html, Has.Length.GreaterThan(1_048_576), "the case must be larger than Scriban's default output limit");
            Assert.That(html.TrimEnd(), Does.EndWith("</html>"));
            Assert.That(html, Does.Contain("K4000"));
        });
    }

    [Test]
    public void A_render_that_would_be_cut_is_refused_and_names_the_template()
    {
        var templates = FromRepository().WithMaxCharacters(100_000);

        var refused = Assert.Throws<InvalidInputException>(() => templates.Render(Templates.Summary, SummaryOf(contracts: 4000)))!;

        Assert.That(refused.Message, Does.Contain(Templates.Summary).And.Contain("rendered whole"));
    }

    [Test]
    public void A_refused_document_leaves_no_output_folder_and_signs_nothing()
    {
        using var set = DataSet.FromSpecExample();
        using var parent = new TempFolder();
        var destination = parent.Combine("out");
        using var key = SigningKey.Generate(development: true);
        var templates = FromRepository().WithMaxCharacters(2_000);

        Assert.Throws<InvalidInputException>(() => set.Issue(destination, templates, key));

        Assert.That(Directory.GetFileSystemEntries(parent.Path), Is.Empty);
    }

    [Test]
    public void A_template_that_ends_its_document_must_end_every_render()
    {
        using var folder = new TempFolder();
        // Stands for any cut that a future limit might make without throwing: the closing tag goes missing.
        File.WriteAllText(folder.Combine("doc.html.sbn"), "<html>{{ if cut }}{{ ret }}{{ end }}</html>\n");
        var templates = Templates.Load(folder.Path, "doc.html.sbn");

        Assert.Multiple(() =>
        {
            Assert.That(templates.Render("doc.html.sbn", new { Cut = false }), Is.EqualTo("<html></html>\n"));
            Assert.Throws<InvalidInputException>(() => templates.Render("doc.html.sbn", new { Cut = true }));
        });
    }

    private static Templates FromRepository() => Templates.Load(Path.Combine(TestPaths.RepositoryRoot, "templates"));

    /// <summary>The spec example's quarter with its one contract repeated under other ids, as a city's summary has thousands.</summary>
    private static QuarterSummary SummaryOf(int contracts)
    {
        using var set = DataSet.FromSpecExample();
        var result = set.Assess();
        var one = result.Assessments.Single();
        var many = Enumerable.Range(1, contracts)
            .Select(i => one with { Contract = one.Contract with { Id = $"K{i}" } })
            .ToArray();
        return QuarterSummary.Build(result with { Assessments = many }, "key", developmentKey: false);
    }
}
