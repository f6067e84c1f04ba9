using System.Reflection;
using QuasiProperty.Scoring;

namespace QuasiProperty.Tests;

/// <summary>
/// The engine's tests build and run without the database and the scheduler: neither these tests,
/// the engine, nor the shared test helpers reach Npgsql or Hangfire, directly or through another
/// QuasiProperty assembly, and neither package is copied next to the tests.
/// </summary>
public class BuildIsolationTests
{
    private static readonly string[] Forbidden = ["Npgsql", "Hangfire"];

    [Test]
    public void No_QuasiProperty_assembly_the_tests_load_references_the_database_or_the_scheduler()
    {
        var references = ReferencesFrom(typeof(BuildIsolationTests).Assembly, typeof(Assessor).Assembly);
        Assert.That(references.Where(r => Forbidden.Any(f => r.Reference.StartsWith(f, StringComparison.Ordinal))).Select(r => $"{r.From} -> {r.Reference}"),
            Is.Empty);
    }

    [Test]
    public void Neither_package_is_in_the_test_output()
    {
        var files = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll").Select(Path.GetFileName);
        Assert.That(files.Where(f => Forbidden.Any(p => f!.StartsWith(p, StringComparison.Ordinal))), Is.Empty);
    }

    /// <summary>Every reference of the given assemblies and, transitively, of each QuasiProperty assembly they reach.</summary>
    private static List<(string From, string Reference)> ReferencesFrom(params Assembly[] roots)
    {
        var found = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>(roots);
        while (pending.TryDequeue(out var assembly))
        {
            var name = assembly.GetName().Name ?? "";
            if (!seen.Add(name)) continue;
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                var referenced = reference.Name ?? "";
                found.Add((name, referenced));
                if (referenced.StartsWith("QuasiProperty", StringComparison.Ordinal)) pending.Enqueue(Assembly.Load(reference));
            }
        }
        return found;
    }
}
