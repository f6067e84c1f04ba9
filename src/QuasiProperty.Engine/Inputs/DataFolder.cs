using QuasiProperty.Time;

namespace QuasiProperty.Inputs;

/// <summary>
/// The layout of a data folder: three reference files, one file per month for each monthly source,
/// and optionally <c>disputes.csv</c>. Paths in messages start with the folder as the user wrote it.
/// </summary>
public sealed class DataFolder(string root)
{
    public const string CommunitiesFile = "communities.csv";
    public const string CompaniesFile = "companies.csv";
    public const string ContractsFile = "contracts.csv";

    /// <summary>The companies' disputes (feedback.md §2): one file for all months, optional.</summary>
    public const string DisputesFile = "disputes.csv";

    public string Root { get; } = root;

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Display(string relative) => Path.Combine(Root, relative).Replace('\\', '/');

    public static string MonthlyFile(MonthlySource source, Month month) => $"{source.Folder()}/{month}.csv";

    public bool Has(MonthlySource source, Month month) => File.Exists(PathOf(MonthlyFile(source, month)));

    /// <summary>Files in the monthly folders whose names are not a month, which would otherwise be silently ignored.</summary>
    public IEnumerable<string> UnrecognisedMonthlyFiles() =>
        Enum.GetValues<MonthlySource>()
            .Select(s => PathOf(s.Folder()))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .Where(f => !(f.EndsWith(".csv", StringComparison.Ordinal) && Month.TryParse(Path.GetFileNameWithoutExtension(f), out _)))
            .Select(f => f.Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
}

/// <summary>The monthly inputs: v1's three, and v1.1's community assessments and residents' clues (feedback.md).</summary>
public enum MonthlySource
{
    Surveys,
    Committee,
    Grid,
    Community,
    Clues,
}

public static class MonthlySourceNames
{
    public static string Folder(this MonthlySource source) => source switch
    {
        MonthlySource.Surveys => "surveys",
        MonthlySource.Committee => "committee",
        MonthlySource.Grid => "grid",
        MonthlySource.Community => "community",
        MonthlySource.Clues => "clues",
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };
}
