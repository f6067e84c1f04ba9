using QuasiProperty.Inputs;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;

namespace QuasiProperty.Reports.Tests;

/// <summary>The report's statistics against textbook values.</summary>
public class IntervalTests
{
    [Test]
    public void The_t_interval_of_a_mean_is_the_textbook_one()
    {
        // n = 10, mean 5.2, s = 1.1: t(0.975, 9) = 2.2622, half-width 0.7869.
        var interval = Intervals.Mean(5.2, 1.1, 10)!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(interval.Low, Is.EqualTo(4.4131).Within(1e-4));
            Assert.That(interval.High, Is.EqualTo(5.9869).Within(1e-4));
        });
    }

    [TestCase(0, 0.0, 3.6889)]
    [TestCase(1, 0.0253, 5.5716)]
    [TestCase(10, 4.7954, 18.3904)]
    [TestCase(5, 1.6235, 11.6683)]
    public void The_exact_Poisson_interval_of_a_count_is_Garwoods(int count, double low, double high)
    {
        var interval = Intervals.PoissonCount(count);
        Assert.Multiple(() =>
        {
            Assert.That(interval.Low, Is.EqualTo(low).Within(1e-4));
            Assert.That(interval.High, Is.EqualTo(high).Within(1e-4));
        });
    }

    [Test]
    public void The_grid_rate_interval_scales_the_count_interval_to_weighted_incidents_per_1000_households()
    {
        // The worked example: 3 counted incidents, 1 overdue (weight 1.5), 500 households: rate 7.0.
        var interval = Intervals.GridRate(new GridRules([], 2m, 12m, 1.5m), 3, 1, 500);
        var count = Intervals.PoissonCount(3);
        Assert.Multiple(() =>
        {
            Assert.That(interval.Low, Is.EqualTo(count.Low * 3.5 / 3 * 2).Within(1e-9));
            Assert.That(interval.High, Is.EqualTo(count.High * 3.5 / 3 * 2).Within(1e-9));
            Assert.That(interval.Contains(7.0), Is.True);
        });
    }

    [Test]
    public void The_standard_deviation_from_the_tally_equals_the_one_from_every_response()
    {
        var weights = new[] { 0.4m, 0.2m, 0.2m, 0.2m };
        var random = new Random(3);
        var tally = new SurveyTally();
        var scores = new List<double>();
        for (var r = 0; r < 400; r++)
        {
            var a = Enumerable.Range(0, 4).Select(_ => random.Next(6)).ToArray();
            tally.Add(SurveySums.Pack(a[0], a[1], a[2], a[3]));
            var answered = Enumerable.Range(0, 4).Where(i => a[i] > 0).ToArray();
            if (answered.Length == 0) continue;
            scores.Add(answered.Sum(i => (double)weights[i] * (a[i] - 1) * 25) / answered.Sum(i => (double)weights[i]));
        }
        var mean = scores.Average();
        var sd = Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / (scores.Count - 1));
        Assert.That(tally.StandardDeviation(weights), Is.EqualTo(sd).Within(1e-9));
    }
}
