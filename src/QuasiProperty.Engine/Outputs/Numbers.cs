using System.Globalization;
using QuasiProperty.Scoring;

namespace QuasiProperty.Outputs;

/// <summary>How numbers are written in outputs, the same in every file and every mode.</summary>
public static class Numbers
{
    /// <summary>Scores and money: rounded half away from zero, exactly two decimals (85.27, 114000.00).</summary>
    public static string Fixed2(decimal value) => Money.Round(value).ToString("0.00", CultureInfo.InvariantCulture);

    public static string Fixed2(decimal? value) => value is { } v ? Fixed2(v) : "";

    /// <summary>A pay ratio as a plain decimal with at least two places, whatever the rule file wrote (0.95, 1.00, 0.925).</summary>
    public static string Ratio(decimal value) => value.ToString("0.00##########################", CultureInfo.InvariantCulture);

    /// <summary>A full-precision decimal, without trailing zeros, for the working files.</summary>
    public static string Exact(decimal value) => Assessor.Canonical(value);

    /// <summary>The three component weights as people read them: satisfaction / committee / grid (0.45 / 0.30 / 0.25).</summary>
    public static string Weights(Rules.ComponentWeights weights) =>
        $"{Ratio(weights.Satisfaction)} / {Ratio(weights.Committee)} / {Ratio(weights.Grid)}";

    /// <summary>Money for people: thousands separators and two decimals (6,000.00).</summary>
    public static string Grouped(decimal value) => Money.Round(value).ToString("#,##0.00", CultureInfo.InvariantCulture);
}
