using MathNet.Numerics;
using QuasiProperty.Rules;

namespace QuasiProperty.Reports;

/// <summary>
/// How much chance is in a month's grid score. The incidents counted are taken as a Poisson count of an underlying
/// rate, and what is uncertain is that rate: given <c>n</c> incidents it follows a Gamma(n + ½) distribution (the
/// Jeffreys posterior, which also gives a month without incidents some uncertainty). The rule maps the rate onto the
/// score linearly between full and zero marks and clamps it at 100 and 0, so the score's mean and variance come in
/// closed form from the regularized incomplete gamma function: no sampling, the same figure every time.
/// </summary>
public static class GridScoreError
{
    /// <summary>Standard deviation of the grid score, in score points.</summary>
    /// <param name="incidents">Incidents counted.</param>
    /// <param name="overdue">Of which overdue.</param>
    public static double StandardDeviation(GridRules rules, int incidents, int overdue, int households)
    {
        // Rate points per incident: the month's mean weight per incident (1 without incidents), per 1,000 households.
        var weightPerIncident = incidents == 0 ? 1 : (incidents - overdue + (double)rules.OverdueWeight * overdue) / incidents;
        var perIncident = weightPerIncident * 1000 / households;
        double full = (double)rules.FullMarksRate, zero = (double)rules.ZeroMarksRate;
        var shape = incidents + 0.5;
        // Score = 100 below λf incidents, a + bλ between λf and λz, 0 above λz.
        double lf = full / perIncident, lz = zero / perIncident;
        var b = -100 * perIncident / (zero - full);
        var a = 100 * zero / (zero - full);
        var logGamma = SpecialFunctions.GammaLn(shape + 1);
        var (f0, f1, f2) = PartialMoments(shape, logGamma, lf);
        var (z0, z1, z2) = PartialMoments(shape, logGamma, lz);
        double m0 = z0 - f0, m1 = z1 - f1, m2 = z2 - f2;
        var atFull = f0;
        var mean = 100 * atFull + a * m0 + b * m1;
        var meanSquare = 10000 * atFull + a * a * m0 + 2 * a * b * m1 + b * b * m2;
        return Math.Sqrt(Math.Max(0, meanSquare - mean * mean));
    }

    /// <summary>
    /// E[λʲ; λ &lt; t] for j = 0, 1, 2 and a Gamma(a, 1) rate λ: a(a+1)…(a+j−1) · P(a + j, t). One incomplete gamma
    /// function, the others by P(a+1, t) = P(a, t) − tᵃe⁻ᵗ/Γ(a+1): a city's 7,000 reports ask for these 42,000 times.
    /// </summary>
    private static (double M0, double M1, double M2) PartialMoments(double a, double logGammaAPlus1, double t)
    {
        if (t <= 0) return (0, 0, 0);
        var p0 = SpecialFunctions.GammaLowerRegularized(a, t);
        var term = Math.Exp(a * Math.Log(t) - t - logGammaAPlus1);
        var p1 = p0 - term;
        var p2 = p1 - term * t / (a + 1);
        return (p0, a * p1, a * (a + 1) * p2);
    }
}
