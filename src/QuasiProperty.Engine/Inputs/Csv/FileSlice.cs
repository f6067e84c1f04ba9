using Microsoft.Win32.SafeHandles;

namespace QuasiProperty.Inputs.Csv;

/// <summary>A read-only stream over the bytes [start, end) of a file, so that several readers can each take a part of it.</summary>
internal sealed class FileSlice : Stream
{
    private readonly SafeFileHandle handle;
    private readonly long start;
    private readonly long end;
    private long position;

    public FileSlice(string path, long start, long end)
    {
        handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        this.start = start;
        this.end = Math.Min(end, RandomAccess.GetLength(handle));
        position = start;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => end - start;

    /// <summary>Bytes of the slice read so far.</summary>
    public override long Position
    {
        get => position - start;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, end - position);
        if (wanted <= 0) return 0;
        var read = RandomAccess.Read(handle, buffer[..wanted], position);
        position += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) handle.Dispose();
        base.Dispose(disposing);
    }
}
