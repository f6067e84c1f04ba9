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
        // E[λʲ; λ < t] = shape(shape+1)…(shape+j−1) · P(shape + j, t) for a Gamma(shape, 1) rate λ.
        double M(int j, double t) => (j == 0 ? 1 : j == 1 ? shape : shape * (shape + 1)) * SpecialFunctions.GammaLowerRegularized(shape + j, t);
        double m0 = M(0, lz) - M(0, lf), m1 = M(1, lz) - M(1, lf), m2 = M(2, lz) - M(2, lf);
        var atFull = M(0, lf);
        var mean = 100 * atFull + a * m0 + b * m1;
        var meanSquare = 10000 * atFull + a * a * m0 + 2 * a * b * m1 + b * b * m2;
        return Math.Sqrt(Math.Max(0, meanSquare - mean * mean));
    }
}
