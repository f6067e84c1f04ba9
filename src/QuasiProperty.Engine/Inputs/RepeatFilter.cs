namespace QuasiProperty.Inputs;

/// <summary>
/// Finds keys that may repeat within one file using fixed memory: a cache-line-blocked Bloom
/// filter. Keys it has seen before, or that merely collide, become candidates; a second pass over
/// the file settles each candidate exactly. This keeps memory independent of the number of rows,
/// which an exact set of all identifiers would not.
/// </summary>
internal sealed class RepeatFilter
{
    private const int MaxBits = 1 << 28; // 32 MiB: beyond this, more candidates rather than more memory
    private const int WordsPerBlock = 8; // one 64-byte cache line

    private readonly ulong[] words;
    private readonly int blockMask;

    /// <param name="expectedKeys">An upper estimate of the keys; memory is ~64 bits per key up to the cap.</param>
    public RepeatFilter(long expectedKeys)
    {
        var bits = (int)Math.Clamp(System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)Math.Max(expectedKeys, 1) * 64), 1 << 12, MaxBits);
        words = new ulong[bits / 64];
        blockMask = words.Length / WordsPerBlock - 1;
    }

    public HashSet<ulong> Candidates { get; } = [];

    /// <summary>Adds a key's hash; remembers it as a candidate when it may have been added before.</summary>
    public void Add(ulong hash)
    {
        var block = (int)(hash & (ulong)blockMask) * WordsPerBlock;
        var seen = true;
        var h = unchecked(hash * 0x9E3779B97F4A7C15UL); // bit positions from other bits than the block's
        for (var w = 0; w < WordsPerBlock; w++)
        {
            var bit = 1UL << (int)(h >> 58);
            h <<= 6;
            ref var word = ref words[block + w];
            if ((word & bit) == 0)
            {
                seen = false;
                word |= bit;
            }
        }
        if (seen) Candidates.Add(hash);
    }

    public bool IsCandidate(ulong hash) => Candidates.Contains(hash);
}
