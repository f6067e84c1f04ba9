using System.IO.Hashing;

namespace QuasiProperty.Inputs.Csv;

/// <summary>Hashes of identifier bytes (XxHash3: fast, and every bit depends on every byte).</summary>
internal static class KeyHash
{
    /// <param name="seed">Separates key spaces (a household per community).</param>
    public static ulong Of(ReadOnlySpan<byte> key, long seed = 0) => XxHash3.HashToUInt64(key, seed);
}
