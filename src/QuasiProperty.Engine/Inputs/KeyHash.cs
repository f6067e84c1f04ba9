namespace QuasiProperty.Inputs;

/// <summary>A fast 64-bit hash of identifier bytes (FNV-1a, then mixed so every bit depends on every byte).</summary>
internal static class KeyHash
{
    public static ulong Of(ReadOnlySpan<byte> key, ulong seed = 0)
    {
        var h = 14695981039346656037UL ^ seed;
        foreach (var b in key)
        {
            h = unchecked((h ^ b) * 1099511628211UL);
        }
        return Mix(h);
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
            return z ^ (z >> 31);
        }
    }
}
