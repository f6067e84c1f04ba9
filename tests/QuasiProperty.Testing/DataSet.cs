using System.Text;
using QuasiProperty.Application;
using QuasiProperty.Reports;
using QuasiProperty.Reports.Signing;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Testing;

/// <summary>
/// A throwaway data folder and rules folder, starting from the spec's worked example, that a
/// test changes file by file to show one behaviour.
/// </summary>
public sealed class DataSet : IDisposable
{
    public static readonly Quarter ExampleQuarter = new(2025, 2);
    public static readonly DateTimeOffset ExampleAsOf = new(2025, 7, 10, 0, 0, 0, TimeSpan.FromHours(8));

    private readonly TempFolder folder = new();

    private DataSet()
    {
    }

    public string Data => folder.Combine("data");

    public string Rules => folder.Combine("rules");

    public string Root => folder.Path;

    public static DataSet FromSpecExample() => FromExample(TestPaths.SpecExample);

    /// <summary>The worked example of contract v1.1 (feedback.md): v1's plus community assessments, disputes and clues.</summary>
    public static DataSet FromSpecExampleV11() => FromExample(TestPaths.SpecExampleV11);

    private static DataSet FromExample(string example)
    {
        var set = new DataSet();
        CopyDirectory(Path.Combine(example, "data"), set.Data);
        CopyDirectory(Path.Combine(example, "rules"), set.Rules);
        return set;
    }

    public static DataSet FromSamples()
    {
        var set = new DataSet();
        CopyDirectory(TestPaths.Samples, set.Data);
        CopyDirectory(TestPaths.Rules, set.Rules);
        return set;
    }

    /// <summary>Writes a data file (path relative to the data folder) as UTF-8 without byte order mark.</summary>
    public DataSet Write(string relative, string content) => WriteBytes(relative, Encoding.UTF8.GetBytes(content));

    public DataSet WriteBytes(string relative, byte[] content)
    {
        var path = Path.Combine(Data, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return this;
    }

    /// <summary>Writes a rule file (path relative to the rules folder).</summary>
    public DataSet WriteRule(string relative, string content)
    {
        var path = Path.Combine(Rules, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public string ReadRule(string relative) => File.ReadAllText(Path.Combine(Rules, relative));

    public string Read(string relative) => File.ReadAllText(Path.Combine(Data, relative));

    public DataSet Delete(string relative)
    {
        File.Delete(Path.Combine(Data, relative));
        return this;
    }

    /// <summary>Assesses a quarter through the pipeline, as <c>qp assess</c> does; nothing is written.</summary>
    public QuarterResult Assess(Quarter? quarter = null, DateTimeOffset? asOf = null) =>
        Pipeline().Assess(new QuarterRequest(quarter ?? ExampleQuarter, asOf ?? ExampleAsOf)).Result;

    /// <summary>Assesses a quarter and writes it with its signed reports into <paramref name="folder"/>, as <c>qp assess</c> does.</summary>
    public QuarterResult Issue(string folder, Templates templates, SigningKey key, Quarter? quarter = null, DateTimeOffset? asOf = null)
    {
        var pipeline = Pipeline();
        var assessed = pipeline.Assess(new QuarterRequest(quarter ?? ExampleQuarter, asOf ?? ExampleAsOf));
        var signing = new ReportSigning(templates, key);
        using var output = new OutputFolderSink(folder, signing);
        pipeline.Issue(assessed, signing, output);
        return assessed.Result;
    }

    private QuarterPipeline Pipeline() => new(new FolderInputs(Data), new RulesFolder(Rules));

    public void Dispose() => folder.Dispose();

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
