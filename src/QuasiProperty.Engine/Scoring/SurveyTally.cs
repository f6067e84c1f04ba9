using System.Runtime.InteropServices;

namespace QuasiProperty.Scoring;

/// <summary>
/// One community's survey responses of one month, reduced to integer sums per answered-item
/// pattern. A response's score is linear in its answers for a given pattern, so the exact
/// decimal mean needs one division per pattern rather than one per response, and the tally's
/// size does not depend on how many residents answered. The input layer fills it
/// (<see cref="Inputs.SurveySums"/>); scoring reads the counts, the mean and the spread.
/// </summary>
public sealed class SurveyTally
{
    public const int Items = 4;
    internal const int Patterns = 1 << Items;

    /// <summary>Sums per pattern: count, Σd_i, Σd_i·d_j (i ≤ j), with d = answer − 1.</summary>
    internal const int SumsPerPattern = 1 + Items + Items * (Items + 1) / 2;

    /// <summary>A pattern's sums padded to 16, so that the input layer adds a response as whole vectors.</summary>
    internal const int Stride = 16;

    /// <summary>The sums of pattern p start at p × <see cref="Stride"/>.</summary>
    internal readonly long[] Sums = new long[Patterns * Stride];

    /// <summary>Responses with at least one answered item: the ones that count.</summary>
    public int ValidResponses
    {
        get
        {
            long n = 0;
            for (var p = 1; p < Patterns; p++) n += Sums[p * Stride];
            return (int)n;
        }
    }

    /// <summary>Responses that answered no item at all: not valid, not counted.</summary>
    public int EmptyResponses => (int)Sums[0];

    /// <summary>
    /// The plain mean of the valid responses' scores, where a response scores
    /// Σ wᵢ·(aᵢ − 1)/4·100 / Σ wᵢ over its answered items; null when there is no valid response.
    /// </summary>
    public decimal? Mean(IReadOnlyList<decimal> itemWeights)
    {
        var n = ValidResponses;
        if (n == 0) return null;
        // The weights are read once, not once per pattern and item.
        Span<decimal> w = stackalloc decimal[Items];
        for (var i = 0; i < Items; i++) w[i] = itemWeights[i];
        var total = 0m;
        for (var p = 1; p < Patterns; p++)
        {
            var at = p * Stride;
            if (Sums[at] == 0) continue;
            decimal weighted = 0m, weightSum = 0m;
            for (var i = 0; i < Items; i++)
            {
                if ((p & (1 << i)) == 0) continue;
                weighted += w[i] * Sums[at + 1 + i];
                weightSum += w[i];
            }
            total += 25m * weighted / weightSum;
        }
        return total / n;
    }

    /// <summary>Sample standard deviation of the response scores (for confidence intervals; not for money).</summary>
    public double? StandardDeviation(IReadOnlyList<decimal> itemWeights)
    {
        var n = ValidResponses;
        if (n < 2) return null;
        double sum = 0, sumSquares = 0;
        Span<double> weights = stackalloc double[Items];
        for (var i = 0; i < Items; i++) weights[i] = (double)itemWeights[i];
        Span<double> w = stackalloc double[Items]; // the pattern's weights: 0 for the items it left unanswered
        for (var p = 1; p < Patterns; p++)
        {
            var at = p * Stride;
            if (Sums[at] == 0) continue;
            w.Clear();
            double weightSum = 0;
            for (var i = 0; i < Items; i++)
            {
                if ((p & (1 << i)) == 0) continue;
                w[i] = weights[i];
                weightSum += w[i];
            }
            var scale = 25 / weightSum;
            for (var i = 0; i < Items; i++)
            {
                sum += scale * w[i] * Sums[at + 1 + i];
                for (var j = i; j < Items; j++)
                {
                    var cross = Sums[at + 1 + Items + PairIndex(i, j)];
                    sumSquares += scale * scale * w[i] * w[j] * cross * (i == j ? 1 : 2);
                }
            }
        }
        var variance = (sumSquares - sum * sum / n) / (n - 1);
        return Math.Sqrt(Math.Max(variance, 0));
    }

    /// <summary>Writes the sums in a fixed order, for the digest of a contract's inputs.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        for (var p = 0; p < Patterns; p++)
        {
            var pattern = Sums.AsSpan(p * Stride, SumsPerPattern);
            // The bytes BinaryWriter.Write(long) writes, a pattern at a time.
            if (BitConverter.IsLittleEndian) writer.Write(MemoryMarshal.AsBytes(pattern));
            else foreach (var value in pattern) writer.Write(value);
        }
    }

    internal static int PairIndex(int i, int j) => i * Items - i * (i - 1) / 2 + (j - i);
}
