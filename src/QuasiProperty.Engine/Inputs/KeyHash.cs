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

    /// <summary>Two independent 64-bit hashes in one pass over the key, for keys that must not collide.</summary>
    public static (ulong Hash, ulong Check) Of128(ReadOnlySpan<byte> key, ulong seed)
    {
        var a = 14695981039346656037UL ^ seed;
        var b = 0x84222325CBF29CE4UL ^ ~seed;
        foreach (var c in key)
        {
            unchecked
            {
                a = (a ^ c) * 1099511628211UL;
                b = (b ^ c) * 0x100000001B3UL * 0x9E3779B97F4A7C15UL;
            }
        }
        return (Mix(a), Mix(b ^ (ulong)key.Length));
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
