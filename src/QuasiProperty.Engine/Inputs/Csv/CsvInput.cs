using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace QuasiProperty.Inputs.Csv;

/// <summary>
/// One input CSV file opened the strict way the spec asks for: comma separated, header row
/// with exactly the expected columns (any order), cells trimmed, blank lines skipped, bad
/// quoting and short or long rows reported with their line instead of being repaired.
/// </summary>
internal sealed class CsvInput : IDisposable
{
    private readonly CsvReader reader;
    private readonly int[] columnIndex;
    private readonly string[] columns;
    private readonly FileSlice stream;
    private readonly string path;
    private readonly TextScan scan;
    private readonly long lineOffset;
    private readonly bool plain;
    private long pendingMalformedLine = -1;
    private long line;
    private int firstColumnAtTheEnd; // known once the header is, see EndsWithColumnsFrom

    private CsvInput(string path, TextScan scan, FileSlice stream, bool plain, bool hasHeader, long lineOffset, string[] columns, int[] columnIndex,
        ProblemList problems)
    {
        this.scan = scan;
        this.path = path;
        this.stream = stream;
        this.lineOffset = lineOffset;
        this.columns = columns;
        this.columnIndex = columnIndex;
        Problems = problems;
        this.plain = plain;
        line = lineOffset + (hasHeader ? 1 : 0);
        firstColumnAtTheEnd = FirstColumnAtTheEnd();
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = hasHeader,
            // A plain file (see Open) is read without the parser's trimming and per-record checks: this class trims,
            // counts lines and checks row lengths itself, and every malformation the parser reports involves a quote.
            TrimWhitespace = !plain,
            SkipEmptyLines = !plain,
            TrackLineNumbers = !plain,
            MalformedData = plain ? CsvMalformedDataHandling.Recover : CsvMalformedDataHandling.Skip,
            FieldCountMismatch = plain ? CsvFieldCountHandling.Allow : CsvFieldCountHandling.Skip,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            DetectSeparatorHint = false,
            IncludeValuesInExceptions = false,
            Encoding = scan.Encoding,
            FormatProvider = CultureInfo.InvariantCulture,
            OnMalformedRecord = plain ? null : Malformed,
        };
        reader = CsvReader.Create(stream, options);
    }

    public ProblemList Problems { get; }

    /// <summary>Line where the current record starts (the header is line 1).</summary>
    public long Line => plain ? line : reader.LineNumber + lineOffset;

    /// <summary>Bytes of the file (or of this slice of it) consumed so far, for progress reports.</summary>
    public long Position => stream.Position;

    public long Length => stream.Length;

    /// <summary>
    /// Opens <paramref name="path"/> and checks its encoding and header. Returns null, with the
    /// reasons in <paramref name="problems"/>, when no row of it can be trusted.
    /// </summary>
    public static CsvInput? Open(string path, IReadOnlyList<string> expectedColumns, ProblemList problems) =>
        Open(path, TextEncoding.Scan(path, int.MaxValue), expectedColumns, problems);

    /// <summary>Opens the first slice of a scanned file (the one with the header), checking the encoding and the header.</summary>
    internal static CsvInput? Open(string path, TextScan scan, IReadOnlyList<string> expectedColumns, ProblemList problems)
    {
        if (scan.Problem is not null)
        {
            problems.Add(scan.ProblemLine, "file", scan.Problem);
            return null;
        }

        var end = scan.Slices.Count > 1 ? scan.Slices[1].Offset : long.MaxValue;
        // Without a quote in the file (nearly every export), no value needs decoding and every record is one line.
        // Trimming in the parser decodes every field again on each access, so the field's bytes are trimmed here
        // instead (with quotes the parser must trim, since a quote after leading spaces still opens a quoted value);
        // and counting the records here spares the parser its checks and line count of every record. Only an empty
        // first line needs the parser's checks: without them it would be taken for the header.
        var plain = !scan.HasQuotes && !StartsWithLineBreak(path);
        var input = new CsvInput(path, scan, new FileSlice(path, 0, end), plain, true, 0, [.. expectedColumns], new int[expectedColumns.Count], problems);
        var header = ReadHeader(input.reader, problems);
        if (header is null)
        {
            input.Dispose();
            return null;
        }

        for (var c = 0; c < expectedColumns.Count; c++)
        {
            input.columnIndex[c] = Array.IndexOf(header, expectedColumns[c]);
            if (input.columnIndex[c] < 0) problems.Add(1, expectedColumns[c], "column is missing from the header");
        }
        for (var h = 0; h < header.Length; h++)
        {
            if (Array.IndexOf(header, header[h]) != h)
            {
                problems.Add(1, header[h], "column appears twice in the header");
            }
            else if (!expectedColumns.Contains(header[h], StringComparer.Ordinal))
            {
                problems.Add(1, header[h].Length == 0 ? "(empty)" : header[h],
                    $"is not a column of this file; the columns are {string.Join(", ", expectedColumns)}");
            }
        }
        if (problems.Any)
        {
            input.Dispose();
            return null;
        }
        input.firstColumnAtTheEnd = input.FirstColumnAtTheEnd();
        return input;
    }

    /// <summary>Opens a later slice of the same file, starting at a line start, with this file's columns.</summary>
    internal CsvInput Slice(LineStart start, long end, ProblemList problems) =>
        new(path, scan, new FileSlice(path, start.Offset, end), plain, false, start.Line - 1, columns, columnIndex, problems);

    /// <summary>
    /// Moves to the next record that has any content. Malformed records are reported and
    /// skipped; a file that turns out not to decode ends the reading with a problem.
    /// </summary>
    public bool Read()
    {
        while (true)
        {
            try
            {
                if (!reader.Read()) return false;
            }
            catch (Exception e) when (e is DecoderFallbackException or CsvFormatException)
            {
                Problems.Add(plain ? line + 1 : Math.Max(reader.LineNumber, 1) + lineOffset, "file", $"cannot be read past this line: {e.Message}");
                return false;
            }
            if (plain && !IsWholeRecord()) continue;
            if (IsBlank()) continue;
            return true;
        }
    }

    /// <summary>The trimmed UTF-8 bytes of the expected column <paramref name="column"/>.</summary>
    public ReadOnlySpan<byte> Span(int column) =>
        plain ? TrimSpacesAndTabs(reader.GetSpan(columnIndex[column])) : reader.GetSpan(columnIndex[column]);

    public bool IsEmpty(int column) => Span(column).IsEmpty;

    /// <summary>The current row's bytes as they are in the file, without its line break.</summary>
    public ReadOnlySpan<byte> RawRow => reader.RawRecord;

    /// <summary>
    /// Whether the expected columns from <paramref name="column"/> on are the file's last, in the expected order, in a
    /// file without quotes: then those cells are the end of <see cref="RawRow"/>, separated by commas, untrimmed.
    /// </summary>
    public bool EndsWithColumnsFrom(int column) => column >= firstColumnAtTheEnd;

    private int FirstColumnAtTheEnd()
    {
        if (!plain) return int.MaxValue;
        var first = columns.Length;
        while (first > 0 && columnIndex[first - 1] == first - 1) first--;
        return first;
    }

    /// <summary>The text of a column, or null (with a problem when required) when it is empty.</summary>
    public string? Text(int column, bool required = true)
    {
        var span = Span(column);
        if (span.IsEmpty)
        {
            if (required) Problem(column, "is empty; a value is required");
            return null;
        }
        return Encoding.UTF8.GetString(span);
    }

    /// <summary>The whole text of a column, for keys.</summary>
    public string Whole(int column) => Encoding.UTF8.GetString(Span(column));

    public void Problem(int column, string message) => Problems.Add(Line, columns[column], message);

    /// <summary>Shows a cell in a message; values are short identifiers or numbers, cut if not.</summary>
    public string Show(int column)
    {
        var span = Span(column);
        var text = Encoding.UTF8.GetString(span);
        return text.Length > 40 ? text[..40] + "…" : text;
    }

    public void Dispose()
    {
        reader.Dispose();
        stream.Dispose();
    }

    private static string[]? ReadHeader(CsvReader reader, ProblemList problems)
    {
        try
        {
            reader.ReadHeader();
            if (reader.Headers.Count == 0)
            {
                problems.Add(0, "file", "is empty; it needs at least a header row");
                return null;
            }
            return [.. reader.Headers.Select(h => h.Trim())];
        }
        catch (Exception e) when (e is DecoderFallbackException or CsvFormatException)
        {
            problems.Add(1, "file", $"the header cannot be read: {e.Message}");
            return null;
        }
    }

    // Called for every cell of a city's files: the common case, nothing to trim, is inlined.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> TrimSpacesAndTabs(ReadOnlySpan<byte> field) =>
        field.IsEmpty || (field[0] is not ((byte)' ' or (byte)'\t') && field[^1] is not ((byte)' ' or (byte)'\t')) ? field : field.Trim(" \t"u8);

    /// <summary>
    /// Counts the record's line, and tells whether it has the header's fields, as the parser does when it checks
    /// records itself: an empty line is skipped, a row with another number of fields is reported and skipped.
    /// </summary>
    private bool IsWholeRecord()
    {
        line++;
        if (reader.FieldCount == columns.Length) return true;
        if (reader.FieldCount != 1 || !reader.GetSpan(0).IsEmpty) Problems.Add(line, "row", FieldCountMismatch);
        return false;
    }

    private string FieldCountMismatch => $"the row does not have the {columns.Length} fields of the header";

    private static bool StartsWithLineBreak(string path)
    {
        using var file = File.OpenHandle(path);
        Span<byte> head = stackalloc byte[4];
        var start = head[..RandomAccess.Read(file, head, 0)];
        if (start.StartsWith("\uFEFF"u8)) start = start[3..];
        return start is [(byte)'\r' or (byte)'\n', ..];
    }

    /// <summary>A line of nothing but separators and spaces, as spreadsheets leave at the end of a sheet.</summary>
    private bool IsBlank()
    {
        // Nearly every row starts with a value, which settles it without looking at the whole row.
        var first = reader.GetSpan(0);
        if (!first.IsEmpty && first[0] is not ((byte)' ' or (byte)'\t')) return false;
        return reader.RawRecord.IndexOfAnyExcept((byte)',', (byte)' ', (byte)'\t') < 0;
    }

    private void Malformed(CsvMalformedRecord record)
    {
        if (record.LineNumber == pendingMalformedLine) return;
        pendingMalformedLine = record.LineNumber;
        var line = Math.Max(record.LineNumber, 1) + lineOffset;
        var message = record.Reason switch
        {
            CsvMalformedReason.FieldCountMismatch => FieldCountMismatch,
            CsvMalformedReason.StrayQuote => "a quote (\") inside an unquoted value; quote the whole value and double inner quotes",
            CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a value",
            CsvMalformedReason.UnterminatedQuote => "a quoted value is never closed",
            CsvMalformedReason.LineBreakInQuotes => "a line break inside a quoted value",
            _ => $"malformed row ({record.Reason})",
        };
        Problems.Add(line, "row", message);
    }
}
