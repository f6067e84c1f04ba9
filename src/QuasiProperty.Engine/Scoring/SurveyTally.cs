using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QuasiProperty.Scoring;

/// <summary>
/// One community's survey responses of one month, reduced to integer sums per answered-item
/// pattern. A response's score is linear in its answers for a given pattern, so the exact
/// decimal mean needs one division per pattern rather than one per response, and the tally's
/// size does not depend on how many residents answered.
/// </summary>
public sealed class SurveyTally
{
    public const int Items = 4;
    private const int Patterns = 1 << Items;

    /// <summary>How many sums <see cref="AddPattern"/> takes for one pattern: count, Σd_i, Σd_i·d_j (i ≤ j), with d = answer − 1.</summary>
    public const int SumsPerPattern = 1 + Items + Items * (Items + 1) / 2;

    /// <summary>A pattern's sums padded to 16, so that adding a response is four vector additions.</summary>
    private const int Stride = 16;

    private readonly long[] sums = new long[Patterns * Stride];

    /// <summary>Responses with at least one answered item: the ones that count.</summary>
    public int ValidResponses
    {
        get
        {
            long n = 0;
            for (var p = 1; p < Patterns; p++) n += sums[p * Stride];
            return (int)n;
        }
    }

    /// <summary>Responses that answered no item at all: not valid, not counted.</summary>
    public int EmptyResponses => (int)sums[0];

    /// <summary>Packs four answers (0 = not answered, 1..5) into one int, three bits each.</summary>
    public static int Pack(int cleaning, int greening, int order, int convenience) =>
        cleaning | greening << 3 | order << 6 | convenience << 9;

    /// <remarks>
    /// Called for every response of a city month (millions), hence vector additions of a precomputed
    /// row; the sums cannot come near overflowing a long (each adds at most 16 per response).
    /// </remarks>
    public void Add(int packedAnswers) => Apply(packedAnswers, remove: false);

    /// <summary>Takes a response back out, for a household whose later answer replaces it.</summary>
    public void Remove(int packedAnswers) => Apply(packedAnswers, remove: true);

    /// <summary>
    /// Adds the sums of all responses with one answered-item pattern (bit i set when item i was
    /// answered), as a database computes them: the count, then Σdᵢ for each item, then Σdᵢ·dⱼ for
    /// i ≤ j in the order (0,0), (0,1) … (0,3), (1,1) … (3,3), with d = answer − 1 and 0 for the
    /// items the pattern leaves unanswered. The result is the same as adding each response.
    /// </summary>
    public void AddPattern(int pattern, ReadOnlySpan<long> patternSums)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pattern);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pattern, Patterns);
        if (patternSums.Length != SumsPerPattern) throw new ArgumentException($"a pattern has {SumsPerPattern} sums", nameof(patternSums));
        for (var k = 0; k < SumsPerPattern; k++) sums[pattern * Stride + k] += patternSums[k];
    }

    /// <summary>The sums of each pattern that has responses, in <see cref="AddPattern"/>'s order: what a store keeps of a month.</summary>
    public IEnumerable<(int Pattern, long[] Sums)> PatternsWithResponses()
    {
        for (var p = 0; p < Patterns; p++)
        {
            if (sums[p * Stride] != 0) yield return (p, sums.AsSpan(p * Stride, SumsPerPattern).ToArray());
        }
    }

    public void Merge(SurveyTally other)
    {
        for (var i = 0; i < sums.Length; i++) sums[i] += other.sums[i];
    }

    /// <summary>
    /// The plain mean of the valid responses' scores, where a response scores
    /// Σ wᵢ·(aᵢ − 1)/4·100 / Σ wᵢ over its answered items; null when there is no valid response.
    /// </summary>
    public decimal? Mean(IReadOnlyList<decimal> itemWeights)
    {
        var n = ValidResponses;
        if (n == 0) return null;
        // Read once: 7,000 contracts × 3 months × 15 patterns would otherwise call the list's indexer millions of times.
        Span<decimal> w = stackalloc decimal[Items];
        for (var i = 0; i < Items; i++) w[i] = itemWeights[i];
        var total = 0m;
        for (var p = 1; p < Patterns; p++)
        {
            var at = p * Stride;
            if (sums[at] == 0) continue;
            decimal weighted = 0m, weightSum = 0m;
            for (var i = 0; i < Items; i++)
            {
                if ((p & (1 << i)) == 0) continue;
                weighted += w[i] * sums[at + 1 + i];
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
            if (sums[at] == 0) continue;
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
                sum += scale * w[i] * sums[at + 1 + i];
                for (var j = i; j < Items; j++)
                {
                    var cross = sums[at + 1 + Items + PairIndex(i, j)];
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
            var pattern = sums.AsSpan(p * Stride, SumsPerPattern);
            // The bytes BinaryWriter.Write(long) writes, a pattern at a time (7,000 contracts × 3 months each).
            if (BitConverter.IsLittleEndian) writer.Write(MemoryMarshal.AsBytes(pattern));
            else foreach (var value in pattern) writer.Write(value);
        }
    }

    private void Apply(int packed, bool remove)
    {
        var target = MemoryMarshal.Cast<long, Vector256<long>>(sums.AsSpan(PatternOf[packed] * Stride, Stride));
        var row = MemoryMarshal.Cast<long, Vector256<long>>(Contributions.AsSpan(packed * Stride, Stride));
        for (var k = 0; k < row.Length; k++) target[k] = remove ? target[k] - row[k] : target[k] + row[k];
    }

    /// <summary>Which items each packed response answered, as a bit per item.</summary>
    private static readonly int[] PatternOf = new int[1 << (3 * Items)];

    /// <summary>
    /// What one packed response adds to its pattern's sums (count, Σd_i, Σd_i·d_j), worked out once:
    /// a city month adds millions of responses, and a row copy is cheaper than working it out each time.
    /// </summary>
    private static readonly long[] Contributions = BuildContributions();

    private static long[] BuildContributions()
    {
        var table = new long[(1 << (3 * Items)) * Stride];
        Span<int> d = stackalloc int[Items];
        for (var packed = 0; packed < 1 << (3 * Items); packed++)
        {
            var pattern = 0;
            for (var i = 0; i < Items; i++)
            {
                var answer = (packed >> (3 * i)) & 7;
                d[i] = answer == 0 ? 0 : answer - 1;
                if (answer != 0) pattern |= 1 << i;
            }
            PatternOf[packed] = pattern;
            var row = table.AsSpan(packed * Stride, Stride);
            row[0] = 1;
            for (var i = 0; i < Items; i++)
            {
                if ((pattern & (1 << i)) == 0) continue;
                row[1 + i] = d[i];
                for (var j = i; j < Items; j++)
                {
                    if ((pattern & (1 << j)) != 0) row[1 + Items + PairIndex(i, j)] = d[i] * d[j];
                }
            }
        }
        return table;
    }

    private static int PairIndex(int i, int j) => i * Items - i * (i - 1) / 2 + (j - i);
}
