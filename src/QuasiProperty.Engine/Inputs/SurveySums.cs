using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using QuasiProperty.Scoring;

namespace QuasiProperty.Inputs;

/// <summary>
/// How responses get into a <see cref="SurveyTally"/>: one packed response at a time, as the survey reader adds
/// them, or a pattern's sums at once, as a store keeps them. Each response adds a precomputed row of its
/// pattern's sums, as whole vectors.
/// </summary>
public static class SurveySums
{
    /// <summary>How many sums <see cref="AddPattern"/> takes for one pattern: count, Σd_i, Σd_i·d_j (i ≤ j), with d = answer − 1.</summary>
    public const int SumsPerPattern = SurveyTally.SumsPerPattern;

    private const int Items = SurveyTally.Items, Stride = SurveyTally.Stride;

    /// <summary>Packs four answers (0 = not answered, 1..5) into one int, three bits each.</summary>
    public static int Pack(int cleaning, int greening, int order, int convenience) =>
        cleaning | greening << 3 | order << 6 | convenience << 9;

    /// <summary>Adds a packed response; the sums cannot come near overflowing a long (each adds at most 16 per response).</summary>
    public static void Add(this SurveyTally tally, int packedAnswers) => Apply(tally, packedAnswers, remove: false);

    /// <summary>Takes a response back out, for a household whose later answer replaces it.</summary>
    public static void Remove(this SurveyTally tally, int packedAnswers) => Apply(tally, packedAnswers, remove: true);

    /// <summary>
    /// Adds the sums of all responses with one answered-item pattern (bit i set when item i was
    /// answered), as a database computes them: the count, then Σdᵢ for each item, then Σdᵢ·dⱼ for
    /// i ≤ j in the order (0,0), (0,1) … (0,3), (1,1) … (3,3), with d = answer − 1 and 0 for the
    /// items the pattern leaves unanswered. The result is the same as adding each response.
    /// </summary>
    public static void AddPattern(this SurveyTally tally, int pattern, ReadOnlySpan<long> patternSums)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pattern);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pattern, SurveyTally.Patterns);
        if (patternSums.Length != SumsPerPattern) throw new ArgumentException($"a pattern has {SumsPerPattern} sums", nameof(patternSums));
        for (var k = 0; k < SumsPerPattern; k++) tally.Sums[pattern * Stride + k] += patternSums[k];
    }

    /// <summary>The sums of each pattern that has responses, in <see cref="AddPattern"/>'s order: what a store keeps of a month.</summary>
    public static IEnumerable<(int Pattern, long[] Sums)> PatternsWithResponses(this SurveyTally tally)
    {
        for (var p = 0; p < SurveyTally.Patterns; p++)
        {
            if (tally.Sums[p * Stride] != 0) yield return (p, tally.Sums.AsSpan(p * Stride, SumsPerPattern).ToArray());
        }
    }

    /// <summary>Adds another part of the same month's responses.</summary>
    public static void Merge(this SurveyTally tally, SurveyTally other)
    {
        for (var i = 0; i < tally.Sums.Length; i++) tally.Sums[i] += other.Sums[i];
    }

    private static void Apply(SurveyTally tally, int packed, bool remove)
    {
        var target = MemoryMarshal.Cast<long, Vector256<long>>(tally.Sums.AsSpan(PatternOf[packed] * Stride, Stride));
        var row = MemoryMarshal.Cast<long, Vector256<long>>(Contributions.AsSpan(packed * Stride, Stride));
        for (var k = 0; k < row.Length; k++) target[k] = remove ? target[k] - row[k] : target[k] + row[k];
    }

    /// <summary>Which items each packed response answered, as a bit per item.</summary>
    private static readonly int[] PatternOf = new int[1 << (3 * Items)];

    /// <summary>What one packed response adds to its pattern's sums (count, Σd_i, Σd_i·d_j), worked out once for every packed value.</summary>
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
                    if ((pattern & (1 << j)) != 0) row[1 + Items + SurveyTally.PairIndex(i, j)] = d[i] * d[j];
                }
            }
        }
        return table;
    }
}
