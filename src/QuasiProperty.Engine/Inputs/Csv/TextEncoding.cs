using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Microsoft.Win32.SafeHandles;

namespace QuasiProperty.Inputs.Csv;

/// <summary>
/// Tells UTF-8 (with or without a byte order mark) from GB18030, which is what Excel on Chinese
/// Windows saves. The whole file is checked, in chunks: a GB18030 file can be plain ASCII for
/// megabytes before its first Chinese character, and checking is far cheaper than parsing.
/// The check already counts lines, so it also notes where lines start, for reading a large file
/// in slices on several cores.
/// </summary>
internal static class TextEncoding
{
    private const int ChunkSize = 1 << 20;
    private const int RegionSize = 16 << 20;

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
    internal static TextScan Scan(string path, int sliceBytes, int regionSize = RegionSize)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> head = stackalloc byte[2];
        if (RandomAccess.Read(file, head, 0) == 2 && head is [0xFF, 0xFE] or [0xFE, 0xFF])
        {
            return new TextScan(null, "is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\" in Excel) or GB18030", 0, [], false);
        }

        // Regions of a large file are checked in parallel; each starts at a character boundary.
        var bounds = RegionBounds(file, regionSize);
        var regions = new Region[bounds.Count - 1];
        Parallel.For(0, regions.Length, r => regions[r] = Region.Check(file, bounds[r], bounds[r + 1], sliceBytes));

        var starts = new List<LineStart> { new(0, 1) };
        long line = 1;
        var loneCarriageReturn = false;
        for (var r = 0; r < regions.Length; r++)
        {
            var region = regions[r];
            if (region.LinesBeforeInvalid >= 0)
            {
                return IsGb18030(path)
                    ? new TextScan(Gb18030, null, 0, [new LineStart(0, 1)], HasQuotes: true)
                    : new TextScan(null, "is neither UTF-8 nor GB18030 text here; save the file as UTF-8 (\"CSV UTF-8\" in Excel)",
                        line + region.LinesBeforeInvalid, [], false);
            }
            foreach (var (offset, linesBefore) in region.LineStarts)
            {
                if (offset - starts[^1].Offset >= sliceBytes) starts.Add(new LineStart(offset, line + linesBefore));
            }
            line += region.Lines;
            loneCarriageReturn |= region.LoneCarriageReturn || (region.EndsWithCarriageReturn && (r == regions.Length - 1 || !regions[r + 1].StartsWithLineFeed));
        }
        // A lone CR ends a line for the parsers but not for the line count above, so such a file is read in one piece.
        return new TextScan(null, null, 0, loneCarriageReturn ? [starts[0]] : starts, regions.Any(r => r.HasQuotes));
    }

    /// <summary>Region boundaries about <paramref name="regionSize"/> apart, each moved past the continuation bytes of a character.</summary>
    private static List<long> RegionBounds(SafeFileHandle file, int regionSize)
    {
        var length = RandomAccess.GetLength(file);
        var bounds = new List<long> { 0 };
        Span<byte> probe = stackalloc byte[3];
        for (var at = (long)regionSize; at < length; at += regionSize)
        {
            var read = RandomAccess.Read(file, probe, at);
            var skip = 0;
            while (skip < read && (probe[skip] & 0xC0) == 0x80) skip++;
            bounds.Add(at + skip);
        }
        bounds.Add(length);
        return bounds;
    }

    /// <summary>
    /// What checking one region found: its line feeds, where lines start about every slice (with
    /// the line feeds before them), the line feeds before its first invalid byte (-1 when valid),
    /// whether it has a quote, and whether it has a CR that is not part of a CR LF (where the region
    /// ends with a CR, the next region tells).
    /// </summary>
    private sealed record Region(long Lines, List<(long Offset, long LinesBefore)> LineStarts, long LinesBeforeInvalid, bool HasQuotes = false,
        bool LoneCarriageReturn = false, bool StartsWithLineFeed = false, bool EndsWithCarriageReturn = false)
    {
        public static Region Check(SafeFileHandle file, long start, long end, int sliceBytes)
        {
            // Pooled: a large file has a region per 16 MB, and a new 1 MB buffer each would be garbage in the large object heap.
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize + 4);
            try
            {
                return Check(file, start, end, sliceBytes, buffer);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static Region Check(SafeFileHandle file, long start, long end, int sliceBytes, byte[] buffer)
        {
            var starts = new List<(long, long)>();
            // The region's first line start is a candidate too, so that regions smaller than a slice still offer one.
            long lines = 0, offset = start, lastStart = start - sliceBytes + 1;
            var carried = 0;
            var quoted = false;
            bool? startsWithLineFeed = null;
            bool loneCarriageReturn = false, pendingCarriageReturn = false;
            while (true)
            {
                var read = RandomAccess.Read(file, buffer.AsSpan(carried, (int)Math.Min(ChunkSize, end - offset - carried)), offset + carried);
                var length = carried + read;
                var final = offset + length >= end;
                var span = buffer.AsSpan(0, length);
                var complete = final ? length : CompleteUtf8Prefix(span);
                var chunk = span[..complete];
                if (!Utf8.IsValid(chunk)) return new Region(lines, starts, lines + chunk[..FirstInvalidByte(chunk)].Count((byte)'\n'));
                // Candidates: the first line start at least sliceBytes after the last one. Scan keeps those far enough apart.
                for (var from = lastStart + sliceBytes - offset - 1; from >= 0 && from < chunk.Length;)
                {
                    var lineBreak = chunk[(int)from..].IndexOf((byte)'\n');
                    if (lineBreak < 0) break;
                    var next = (int)from + lineBreak + 1;
                    lastStart = offset + next;
                    starts.Add((lastStart, lines + chunk[..next].Count((byte)'\n')));
                    from = next + (long)sliceBytes - 1;
                }
                lines += chunk.Count((byte)'\n');
                quoted = quoted || chunk.Contains((byte)'"');
                if (!chunk.IsEmpty)
                {
                    startsWithLineFeed ??= chunk[0] == '\n';
                    loneCarriageReturn |= (pendingCarriageReturn && chunk[0] != '\n') || HasLoneCarriageReturn(chunk);
                    pendingCarriageReturn = chunk[^1] == '\r';
                }
                if (final) return new Region(lines, starts, -1, quoted, loneCarriageReturn, startsWithLineFeed == true, pendingCarriageReturn);
                offset += complete;
                carried = length - complete;
                span[complete..].CopyTo(buffer);
            }
        }
    }

    /// <summary>Whether a CR is followed by anything but LF; a CR at the very end is left to the caller.</summary>
    private static bool HasLoneCarriageReturn(ReadOnlySpan<byte> chunk)
    {
        var at = chunk.IndexOf((byte)'\r');
        while (at >= 0 && at < chunk.Length - 1)
        {
            if (chunk[at + 1] != '\n') return true;
            var next = chunk[(at + 2)..].IndexOf((byte)'\r');
            at = next < 0 ? -1 : at + 2 + next;
        }
        return false;
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

/// <summary>
/// What scanning a text file found: its encoding (null for UTF-8) or a problem, where its slices
/// start, and whether it may have quoted values (always assumed for GB18030).
/// </summary>
internal sealed record TextScan(Encoding? Encoding, string? Problem, long ProblemLine, IReadOnlyList<LineStart> Slices, bool HasQuotes);
