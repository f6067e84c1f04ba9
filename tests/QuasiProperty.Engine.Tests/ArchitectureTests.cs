using QuasiProperty.Scoring;

namespace QuasiProperty.Tests;

/// <summary>The engine must stay usable without a database, scheduler or web server.</summary>
public class ArchitectureTests
{
    [TestCase("Npgsql")]
    [TestCase("Hangfire")]
    [TestCase("Microsoft.AspNetCore")]
    [TestCase("Scriban")]
    public void The_engine_references_no_infrastructure(string forbidden)
    {
        var references = typeof(Assessor).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "");
        Assert.That(references, Has.None.StartsWith(forbidden));
    }
}
