using System.Text;
using System.Text.Unicode;

namespace QuasiProperty.Inputs;

/// <summary>
/// Tells UTF-8 (with or without a byte order mark) from GB18030, which is what Excel on Chinese
/// Windows saves. Decided on the start of the file so that large files are read only once.
/// </summary>
public static class TextEncoding
{
    /// <summary>How much of a file decides its encoding. Text fields past it are still checked one by one.</summary>
    public const int SniffLength = 1 << 20;

    private static readonly Lazy<Encoding> Gb18030Strict = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    /// <summary>GB18030 that throws on bytes it cannot decode instead of inventing characters.</summary>
    public static Encoding Gb18030 => Gb18030Strict.Value;

    /// <summary>The encoding of <paramref name="path"/>: null for UTF-8, GB18030, or a problem.</summary>
    public static (Encoding? Encoding, string? Problem) Detect(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[(int)Math.Min(stream.Length, SniffLength)];
        stream.ReadExactly(head);
        var wholeFile = head.Length == stream.Length;

        if (head.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (null, "is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\" in Excel) or GB18030");
        }
        var span = wholeFile ? head.AsSpan() : head.AsSpan(0, CompleteUtf8Prefix(head));
        if (Utf8.IsValid(span)) return (null, null);
        try
        {
            Gb18030.GetCharCount(head.AsSpan(0, wholeFile ? head.Length : CompleteGbPrefix(head)));
            return (Gb18030, null);
        }
        catch (DecoderFallbackException)
        {
            return (null, "is neither UTF-8 nor GB18030 text; save it as UTF-8 (\"CSV UTF-8\" in Excel)");
        }
    }

    /// <summary>Length of <paramref name="bytes"/> without a UTF-8 sequence cut off at its end.</summary>
    private static int CompleteUtf8Prefix(ReadOnlySpan<byte> bytes)
    {
        for (var k = bytes.Length - 1; k >= 0 && k >= bytes.Length - 4; k--)
        {
            if ((bytes[k] & 0xC0) != 0x80) return bytes[k] >= 0xC0 ? k : bytes.Length;
        }
        return bytes.Length;
    }

    /// <summary>Length of <paramref name="bytes"/> up to its last line break, so no GB18030 character is cut.</summary>
    private static int CompleteGbPrefix(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.LastIndexOf((byte)'\n');
        return end < 0 ? bytes.Length : end + 1;
    }
}
