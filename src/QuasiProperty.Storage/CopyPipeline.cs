using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Npgsql;

namespace QuasiProperty.Storage;

/// <summary>Writes one row's fields, in the COPY's column order.</summary>
internal delegate void RowEncoder<TRow>(BinaryCopyRows rows, in TRow row) where TRow : allows ref struct;

/// <summary>
/// A binary COPY fed by the thread that reads the file. That thread encodes each row straight from
/// the file's bytes into a buffer, and full buffers go, through a fixed pool of them, to a second
/// thread that sends them: reading and checking the file keeps one core busy while sending and
/// PostgreSQL storing the rows use the other, and a full pool makes the reader wait, so memory
/// stays the same whatever the file's size. The COPY belongs to the caller's transaction: nothing
/// is stored unless that commits. Between construction and <see cref="Complete"/> or
/// <see cref="Dispose"/> the connection belongs to the sending thread; the caller must not use it.
/// </summary>
internal sealed class CopyPipeline<TRow> : IDisposable where TRow : allows ref struct
{
    private const int BufferBytes = 256 << 10;
    private const int BuffersInFlight = 8;

    private readonly NpgsqlRawCopyStream stream;
    private readonly RowEncoder<TRow> encode;
    private readonly BlockingCollection<BinaryCopyRows> empty = new();
    private readonly BlockingCollection<BinaryCopyRows> filled = new();
    private readonly CancellationTokenSource failed = new();
    private readonly Thread sender;
    private BinaryCopyRows? current;
    private Exception? failure;
    private bool finished;

    public CopyPipeline(NpgsqlConnection connection, string copyFromStdinBinary, RowEncoder<TRow> encode)
    {
        this.encode = encode;
        // Room for the row that crosses the threshold; a longer one grows its buffer.
        for (var i = 0; i < BuffersInFlight; i++) empty.Add(new BinaryCopyRows(BufferBytes + (64 << 10)));
        stream = connection.BeginRawBinaryCopy(copyFromStdinBinary);
        // A city-sized month takes far longer than Npgsql's default 30 s to store.
        stream.WriteTimeout = stream.ReadTimeout = (int)TimeSpan.FromMinutes(15).TotalMilliseconds;
        sender = new Thread(Send) { IsBackground = true, Name = "COPY sender" };
        sender.Start();
    }

    /// <summary>Encodes a row; waits while every buffer is in flight. Throws what stopped the sending thread, if it stopped.</summary>
    public void Add(in TRow row)
    {
        if (current is null)
        {
            try
            {
                failed.Token.ThrowIfCancellationRequested();
                current = empty.Take(failed.Token);
            }
            catch (OperationCanceledException) when (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }
        encode(current, in row);
        if (current.Length >= BufferBytes)
        {
            filled.Add(current);
            current = null;
        }
    }

    /// <summary>Sends the last rows and ends the COPY; the rows are stored when the caller's transaction commits.</summary>
    public void Complete()
    {
        if (current is not null) filled.Add(current);
        current = null;
        StopSending();
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
        finished = true;
        stream.Dispose();
    }

    /// <summary>Without <see cref="Complete"/>: abandons the COPY (the file was rejected, or reading it failed).</summary>
    public void Dispose()
    {
        if (!finished)
        {
            finished = true;
            failed.Cancel();
            StopSending();
            try
            {
                stream.Cancel(); // the server discards the rows sent so far
            }
            catch (ObjectDisposedException) when (failure is not null)
            {
                // A failed send has already closed the connection, and the failure is what the caller sees.
            }
        }
        failed.Dispose();
        empty.Dispose();
        filled.Dispose();
    }

    private void StopSending()
    {
        filled.CompleteAdding();
        sender.Join();
    }

    private void Send()
    {
        try
        {
            stream.Write(BinaryCopyRows.Header);
            foreach (var rows in filled.GetConsumingEnumerable(failed.Token))
            {
                stream.Write(rows.Written);
                rows.Clear();
                empty.Add(rows);
            }
            if (!failed.IsCancellationRequested) stream.Write(BinaryCopyRows.Trailer);
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested)
        {
            // Abandoned by Dispose.
        }
        catch (Exception e)
        {
            failure = e;
            failed.Cancel();
        }
    }
}
