namespace QuasiProperty.Storage;

/// <summary>What a file holds, as <c>qp import</c> names it; the monthly ones carry their month in the file name.</summary>
public enum ImportSource
{
    Communities,
    Companies,
    Contracts,
    Surveys,
    Committee,
    Grid,
}

public static class ImportSources
{
    public static string Name(this ImportSource source) => source.ToString().ToLowerInvariant();

    public static bool IsMonthly(this ImportSource source) => source is ImportSource.Surveys or ImportSource.Committee or ImportSource.Grid;

    public static bool TryParse(string name, out ImportSource source)
    {
        foreach (var candidate in Enum.GetValues<ImportSource>())
        {
            if (candidate.Name() != name) continue;
            source = candidate;
            return true;
        }
        source = default;
        return false;
    }
}
