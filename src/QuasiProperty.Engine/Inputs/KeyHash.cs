using System.IO.Hashing;

namespace QuasiProperty.Inputs;

/// <summary>Hashes of identifier bytes (XxHash3 / XxHash128: fast, and every bit depends on every byte).</summary>
internal static class KeyHash
{
    public static ulong Of(ReadOnlySpan<byte> key) => XxHash3.HashToUInt64(key);

    /// <summary>A 128-bit hash, for keys that must practically never collide; the seed separates key spaces (a household per community).</summary>
    public static (ulong Hash, ulong Check) Of128(ReadOnlySpan<byte> key, long seed)
    {
        var hash = XxHash128.HashToUInt128(key, seed);
        return (unchecked((ulong)(hash >> 64)), unchecked((ulong)hash));
    }
}
