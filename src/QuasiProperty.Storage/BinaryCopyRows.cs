using System.Buffers.Binary;
using System.Text;

namespace QuasiProperty.Storage;

/// <summary>
/// Rows in PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html,
/// "Binary Format"), encoded into a reusable buffer. Millions of rows a month go through here, so
/// each value is written straight as its bytes instead of through a per-value type lookup.
/// </summary>
internal sealed class BinaryCopyRows
{
    /// <summary>The file header: the signature "PGCOPY\n\377\r\n\0", flags (no OIDs) and an empty header extension.</summary>
    public static ReadOnlySpan<byte> Header =>
        [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xff, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>The file trailer: a field count of -1.</summary>
    public static ReadOnlySpan<byte> Trailer => [0xff, 0xff];

    // Text must be valid UTF-8 for the server; a string that cannot be encoded is an error, never a replacement character.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // timestamptz is microseconds since 2000-01-01 00:00 UTC.
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private byte[] bytes;

    /// <param name="capacity">Bytes to start with; the buffer grows when a row does not fit.</param>
    public BinaryCopyRows(int capacity) => bytes = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void StartRow(short fields) => BinaryPrimitives.WriteInt16BigEndian(Space(2), fields);

    public void Null() => BinaryPrimitives.WriteInt32BigEndian(Space(4), -1);

    /// <summary>A text value as UTF-8 bytes, which the caller has checked (the file's encoding check has).</summary>
    public void Text(ReadOnlySpan<byte> utf8)
    {
        var span = Space(4 + utf8.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, utf8.Length);
        utf8.CopyTo(span[4..]);
    }

    /// <summary>A value encoded once by <see cref="EncodeText"/>, for values repeated on many rows.</summary>
    public void Encoded(byte[] field) => field.CopyTo(Space(field.Length));

    public void Int16(short value)
    {
        var span = Space(6);
        BinaryPrimitives.WriteInt32BigEndian(span, 2);
        BinaryPrimitives.WriteInt16BigEndian(span[4..], value);
    }

    public void Int32(int value)
    {
        var span = Space(8);
        BinaryPrimitives.WriteInt32BigEndian(span, 4);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], value);
    }

    public void TimestampTz(DateTimeOffset value)
    {
        var span = Space(12);
        BinaryPrimitives.WriteInt32BigEndian(span, 8);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], (value.UtcTicks - PostgresEpochTicks) / TimeSpan.TicksPerMicrosecond);
    }

    /// <summary>A text field (length and bytes) to write with <see cref="Encoded"/>.</summary>
    public static byte[] EncodeText(string value)
    {
        var field = new byte[4 + Utf8.GetByteCount(value)];
        BinaryPrimitives.WriteInt32BigEndian(field, field.Length - 4);
        Utf8.GetBytes(value, field.AsSpan(4));
        return field;
    }

    private Span<byte> Space(int count)
    {
        var span = Reserve(count)[..count];
        Length += count;
        return span;
    }

    private Span<byte> Reserve(int count)
    {
        if (bytes.Length - Length < count) Array.Resize(ref bytes, Math.Max(bytes.Length * 2, Length + count));
        return bytes.AsSpan(Length);
    }
}
