namespace QuasiProperty.Testing;

/// <summary>Where things are: the repository (found from the test binaries) and the spec's worked example.</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SpecExample => Path.Combine(AppContext.BaseDirectory, "SpecExample");

    /// <summary>The worked example of contract v1.1 (feedback.md), a copy of <c>../shared/spec/example-v1.1</c>.</summary>
    public static string SpecExampleV11 => Path.Combine(AppContext.BaseDirectory, "SpecExampleV11");

    public static string Samples => Path.Combine(RepositoryRoot, "samples", "chaoyangmen");

    public static string Rules => Path.Combine(RepositoryRoot, "rules");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "QuasiProperty.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("the tests must run inside the QuasiProperty repository");
    }
}
