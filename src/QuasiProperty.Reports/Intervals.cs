using System.Collections.Concurrent;
using MathNet.Numerics.Distributions;
using QuasiProperty.Rules;

namespace QuasiProperty.Reports;

/// <summary>A 95% confidence interval.</summary>
public readonly record struct Interval(double Low, double High)
{
    public bool Contains(double value) => Low <= value && value <= High;
}

/// <summary>
/// The intervals a report shows next to a month's figures, so that readers see how much of a
/// score is chance: the survey reaches only some households, and incidents come and go.
/// These are for explanation; money is never computed from them.
/// </summary>
public static class Intervals
{
    public const double Confidence = 0.95;

    // Each quantile is a numeric root search of about a millisecond, and a city's reports ask for the
    // same few hundred sample sizes and counts thousands of times: each is computed once per process.
    private static readonly ConcurrentDictionary<int, double> StudentTQuantiles = new();
    private static readonly ConcurrentDictionary<int, Interval> PoissonIntervals = new();

    /// <summary>Student t interval for a mean of <paramref name="n"/> observations with sample standard deviation <paramref name="sd"/>.</summary>
    public static Interval? Mean(double mean, double sd, int n)
    {
        if (n < 2) return null;
        var t = StudentTQuantiles.GetOrAdd(n - 1, df => StudentT.InvCDF(0, 1, df, 1 - (1 - Confidence) / 2));
        var half = t * sd / Math.Sqrt(n);
        return new Interval(mean - half, mean + half);
    }

    /// <summary>Exact (Garwood) Poisson interval for an observed count.</summary>
    public static Interval PoissonCount(int count) => PoissonIntervals.GetOrAdd(count, c =>
    {
        var alpha = 1 - Confidence;
        var low = c == 0 ? 0 : ChiSquared.InvCDF(2 * c, alpha / 2) / 2;
        var high = ChiSquared.InvCDF(2 * (c + 1), 1 - alpha / 2) / 2;
        return new Interval(low, high);
    });

    /// <summary>
    /// The grid rate's interval: the exact Poisson interval of the counted incidents, carried to the
    /// weighted rate per 1,000 households at the month's share of overdue incidents.
    /// </summary>
    public static Interval GridRate(GridRules rules, int incidents, int overdue, int households)
    {
        var count = PoissonCount(incidents);
        // The rate one incident adds at the month's mix of on-time and overdue ones (with none, one on time).
        var perIncident = incidents == 0 ? rules.Rate(1, 0, households) : rules.Rate(incidents - overdue, overdue, households) / incidents;
        var scale = (double)perIncident;
        return new Interval(count.Low * scale, count.High * scale);
    }
}
