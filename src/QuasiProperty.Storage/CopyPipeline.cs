using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Npgsql;

namespace QuasiProperty.Storage;

/// <summary>Writes one row's fields, in the COPY's column order.</summary>
internal delegate void RowEncoder<TRow>(BinaryCopyRows rows, in TRow row);

/// <summary>
/// A binary COPY fed by the thread that reads the file. Rows are handed over in batches, through a
/// fixed pool of batches, to a second thread that encodes and sends them: reading and checking the
/// file keeps one core busy while encoding, sending and PostgreSQL storing the rows use the other,
/// and a full pool makes the reader wait, so memory stays the same whatever the file's size.
/// The COPY belongs to the caller's transaction: nothing is stored unless that commits. Between
/// construction and <see cref="Complete"/> or <see cref="Dispose"/> the connection belongs to the
/// sending thread; the caller must not use it.
/// </summary>
internal sealed class CopyPipeline<TRow> : IDisposable where TRow : struct
{
    private const int RowsPerBatch = 4096;
    private const int BatchesInFlight = 8;

    private sealed class Batch
    {
        public readonly TRow[] Rows = new TRow[RowsPerBatch];
        public int Count;
    }

    private readonly NpgsqlRawCopyStream stream;
    private readonly RowEncoder<TRow> encode;
    private readonly BlockingCollection<Batch> empty = new();
    private readonly BlockingCollection<Batch> filled = new();
    private readonly CancellationTokenSource failed = new();
    private readonly Thread sender;
    private Batch? current;
    private Exception? failure;
    private bool finished;

    public CopyPipeline(NpgsqlConnection connection, string copyFromStdinBinary, RowEncoder<TRow> encode)
    {
        this.encode = encode;
        for (var i = 0; i < BatchesInFlight; i++) empty.Add(new Batch());
        stream = connection.BeginRawBinaryCopy(copyFromStdinBinary);
        // A city-sized month takes far longer than Npgsql's default 30 s to store.
        stream.WriteTimeout = stream.ReadTimeout = (int)TimeSpan.FromMinutes(15).TotalMilliseconds;
        sender = new Thread(Send) { IsBackground = true, Name = "COPY sender" };
        sender.Start();
    }

    /// <summary>Queues a row; waits while every batch is in flight. Throws what stopped the sending thread, if it stopped.</summary>
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
        current.Rows[current.Count++] = row;
        if (current.Count == RowsPerBatch)
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
            var rows = new BinaryCopyRows();
            stream.Write(BinaryCopyRows.Header);
            foreach (var batch in filled.GetConsumingEnumerable(failed.Token))
            {
                for (var i = 0; i < batch.Count; i++) encode(rows, in batch.Rows[i]);
                Array.Clear(batch.Rows, 0, batch.Count); // let the row strings go
                batch.Count = 0;
                empty.Add(batch);
                stream.Write(rows.Written);
                rows.Clear();
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
