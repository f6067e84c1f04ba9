using System.Text;
using System.Text.Unicode;

namespace QuasiProperty.Inputs;

/// <summary>
/// Tells UTF-8 (with or without a byte order mark) from GB18030, which is what Excel on Chinese
/// Windows saves. The whole file is checked, in chunks: a GB18030 file can be plain ASCII for
/// megabytes before its first Chinese character, and checking is far cheaper than parsing.
/// The check already counts lines, so it also notes where lines start, for reading a large file
/// in slices on several cores.
/// </summary>
public static class TextEncoding
{
    private const int ChunkSize = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Lazy<Encoding> Gb18030Strict = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    /// <summary>GB18030 that throws on bytes it cannot decode instead of inventing characters.</summary>
    public static Encoding Gb18030 => Gb18030Strict.Value;

    /// <summary>
    /// Detects the encoding and, for a UTF-8 file, cuts it at line starts into slices of about
    /// <paramref name="sliceBytes"/>; a GB18030 file is one slice.
    /// </summary>
    internal static TextScan Scan(string path, int sliceBytes)
    {
        var starts = new List<LineStart> { new(0, 1) };
        var firstBadLine = FirstNonUtf8Line(path, out var utf16, starts, sliceBytes);
        if (utf16) return new TextScan(null, "is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\" in Excel) or GB18030", 0, []);
        if (firstBadLine == 0) return new TextScan(null, null, 0, starts);
        return IsGb18030(path)
            ? new TextScan(Gb18030, null, 0, [new LineStart(0, 1)])
            : new TextScan(null, "is neither UTF-8 nor GB18030 text here; save the file as UTF-8 (\"CSV UTF-8\" in Excel)", firstBadLine, []);
    }

    /// <summary>0 when the file is valid UTF-8; otherwise the line of its first byte that is not.</summary>
    private static long FirstNonUtf8Line(string path, out bool utf16, List<LineStart> starts, int sliceBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[ChunkSize + 4];
        var carried = 0;
        long line = 1, offset = 0;
        var first = true;
        utf16 = false;
        while (true)
        {
            var read = stream.Read(buffer, carried, ChunkSize);
            var length = carried + read;
            var final = read == 0;
            var span = buffer.AsSpan(0, length);
            if (first && length >= 2 && (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])))
            {
                utf16 = true;
                return 1;
            }
            first = false;
            var complete = final ? length : CompleteUtf8Prefix(span);
            var chunk = span[..complete];
            if (!Utf8.IsValid(chunk)) return line + chunk[..FirstInvalidByte(chunk)].Count((byte)'\n');
            if (final) return 0;
            var lastBreak = chunk.LastIndexOf((byte)'\n');
            if (lastBreak >= 0 && offset + lastBreak + 1 - starts[^1].Offset >= sliceBytes)
            {
                starts.Add(new LineStart(offset + lastBreak + 1, line + chunk[..lastBreak].Count((byte)'\n') + 1));
            }
            line += chunk.Count((byte)'\n');
            offset += complete;
            carried = length - complete;
            span[complete..].CopyTo(buffer);
        }
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> chunk)
    {
        try
        {
            StrictUtf8.GetCharCount(chunk);
            return chunk.Length;
        }
        catch (DecoderFallbackException e)
        {
            return Math.Max(e.Index, 0);
        }
    }

    private static bool IsGb18030(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var decoder = Gb18030.GetDecoder();
        var bytes = new byte[ChunkSize];
        var chars = new char[Gb18030.GetMaxCharCount(ChunkSize)];
        try
        {
            int read;
            while ((read = stream.Read(bytes, 0, bytes.Length)) > 0) decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
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
}

/// <summary>A line of a file and the byte where it starts.</summary>
internal readonly record struct LineStart(long Offset, long Line);

/// <summary>What scanning a text file found: its encoding (null for UTF-8) or a problem, and where its slices start.</summary>
internal sealed record TextScan(Encoding? Encoding, string? Problem, long ProblemLine, IReadOnlyList<LineStart> Slices);
