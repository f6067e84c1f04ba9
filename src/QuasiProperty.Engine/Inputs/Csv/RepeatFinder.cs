using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace QuasiProperty.Inputs.Csv;

/// <summary>A key of one row: its 64-bit hash, the row's line and a small payload the caller needs back (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct KeyEntry(ulong Hash, int Line, int Payload);

/// <summary>
/// Finds the keys that occur more than once in a file (response ids, households, incident ids)
/// with bounded memory: each row's 64-bit key hash (XxHash3) is appended to one of the finder's
/// partitions by its top bits, in blocks; past a budget of entries a partition's blocks spill to a
/// temporary file, and at the end each partition (of every finder that read part of the file) is
/// grouped on its own, the partitions on all cores.
/// Appending is sequential, so a row costs no cache miss, and entries
/// are 16 bytes, since a city month's appending and grouping is memory traffic. A group is therefore
/// only as sure as a 64-bit hash (for ids, a false repeat about once in a few million city months):
/// callers either check a group against the keys' text (<see cref="RepeatedIds"/>), or name payload
/// bits that must match too (<see cref="RepeatFinder(long, int, int)"/>).
/// </summary>
internal sealed class RepeatFinder : IDisposable
{
    /// <summary>Entries kept in memory (16 bytes each, 16 MiB): most of a city survey month's keys per core; the rest spills.</summary>
    public const int DefaultBudget = 1 << 20;

    /// <summary>Blocks small enough to stay out of the large object heap.</summary>
    private const int BlockEntries = 1024;

    /// <summary>
    /// Blocks are reused from file to file: a quarter's files are read one after another, and
    /// without reuse each file's blocks would still wait for a full collection while the next
    /// file fills new ones, doubling the peak memory.
    /// </summary>
    private static readonly ArrayPool<KeyEntry> Blocks = ArrayPool<KeyEntry>.Create(BlockEntries, 4 * DefaultBudget / BlockEntries);

    /// <summary>Grouping tables, reused for the same reason.</summary>
    private static readonly ConcurrentBag<Table> Tables = [];

    private readonly int budget;
    private readonly int partitionBits;
    private readonly int payloadKeyMask;
    private readonly List<KeyEntry[]>[] blocks;
    private readonly KeyEntry[]?[] current; // each partition's last block, null when it has none
    private readonly int[] counts; // entries in each partition's last block
    private readonly Stack<KeyEntry[]> free = new();

    /// <summary>One temporary file per finder; each partition's spilled blocks are segments of it.</summary>
    private readonly List<(long Offset, int Count)>[] segments;
    private SafeFileHandle? spill;
    private long spillLength;
    private long allocated;

    /// <param name="fileBytes">The size of the file whose keys it finds, which sets the number of partitions.</param>
    /// <param name="budget">Entries kept in memory; beyond them partitions spill.</param>
    /// <param name="payloadKeyMask">
    /// The payload bits that are part of the key: two entries are the same key only when their hashes and these
    /// bits are equal (a household's community, which is also its hash seed, makes a false repeat of a household
    /// within a city month about one in 10^10).
    /// </param>
    public RepeatFinder(long fileBytes, int budget = DefaultBudget, int payloadKeyMask = 0)
    {
        this.budget = budget;
        this.payloadKeyMask = payloadKeyMask;
        partitionBits = PartitionBitsFor(fileBytes);
        var partitions = 1 << partitionBits;
        blocks = [.. Enumerable.Range(0, partitions).Select(_ => new List<KeyEntry[]>())];
        current = new KeyEntry[partitions][];
        counts = new int[partitions];
        segments = [.. Enumerable.Range(0, partitions).Select(_ => new List<(long, int)>())];
    }

    public void Add(ReadOnlySpan<byte> key, long seed, int line, int payload)
    {
        var hash = KeyHash.Of(key, seed);
        var partition = (int)(hash >> (64 - partitionBits));
        // Called for every key of a file: the block and its count are at hand, not behind the list.
        var block = current[partition];
        var at = counts[partition];
        if (block is null || at == BlockEntries)
        {
            block = NewBlock(partition);
            blocks[partition].Add(block);
            current[partition] = block;
            at = 0;
        }
        block[at] = new KeyEntry(hash, line, payload);
        counts[partition] = at + 1;
    }

    /// <summary>
    /// About one partition per 8 MB of file, at least 32: few partitions keep appending within the
    /// caches and the address translation buffer (32 for a city survey month), enough keep grouping one within a few megabytes
    /// (256 for a tenfold city month), so memory does not grow with the file.
    /// </summary>
    internal static int PartitionBitsFor(long fileBytes)
    {
        var bits = 5;
        while (bits < 12 && fileBytes >> 23 > 1L << bits) bits++;
        return bits;
    }

    /// <summary>Each group of rows sharing a key, ordered by line, the groups by their first line; keys that occur once are not returned.</summary>
    public List<KeyEntry[]> Repeats() => Repeats([this]);

    /// <inheritdoc cref="Repeats()"/>
    /// <remarks>The finders each read a part of the same file.</remarks>
    public static List<KeyEntry[]> Repeats(IReadOnlyList<RepeatFinder> finders)
    {
        var partitions = finders[0].blocks.Length;
        if (finders.Any(f => f.blocks.Length != partitions || f.payloadKeyMask != finders[0].payloadKeyMask))
        {
            throw new ArgumentException("the finders must be made for the same file and key", nameof(finders));
        }
        var byPartition = new List<KeyEntry[]>[partitions];
        var next = 0;
        // One table per core, each taking the next partition. Tables are reused from partition to partition and
        // from file to file, so that their buffers are allocated once rather than left for the collector.
        Parallel.For(0, Environment.ProcessorCount, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, _ =>
        {
            var table = Tables.TryTake(out var free) ? free : new Table();
            int p;
            while ((p = Interlocked.Increment(ref next) - 1) < partitions) byPartition[p] = table.Group(finders, p);
            Tables.Add(table);
        });
        var groups = byPartition.SelectMany(g => g).ToList();
        groups.Sort((a, b) => a[0].Line.CompareTo(b[0].Line));
        return groups;
    }

    /// <summary>
    /// An open-addressing table over one partition's entries, reused from partition to partition.
    /// A slot holds the entry's position (part and index, plus one: 0 is empty) and 24 more bits of
    /// its hash, so that most probes never touch the entries themselves.
    /// </summary>
    private sealed class Table
    {
        public const int PartEntries = 1 << IndexBits;
        private const int IndexBits = 20;
        private const int PositionBits = 40;

        private long[] slots = [];
        private KeyEntry[] spilled = [];

        // Runs a few dozen times a file, too few for tiered compilation to replace its precompiled code,
        // so it is compiled fully optimised at once (docs/performance.md).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public List<KeyEntry[]> Group(IReadOnlyList<RepeatFinder> finders, int partition)
        {
            var parts = Parts(finders, partition);
            var total = parts.Sum(p => p.Length);
            var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(total * 2, 16));
            if (slots.Length < size) slots = new long[size];
            var table = slots.AsSpan(0, size);
            table.Clear();
            var mask = size - 1;
            Dictionary<long, List<KeyEntry>>? repeated = null; // by the position of the key's first entry
            for (var part = 0; part < parts.Count; part++)
            {
                var entries = parts[part].Span;
                for (var i = 0; i < entries.Length; i++)
                {
                    var tag = (long)((entries[i].Hash >> 16) & 0xFFFFFF) << PositionBits;
                    var slot = (int)(entries[i].Hash & (uint)mask);
                    while (table[slot] != 0)
                    {
                        if ((table[slot] >> PositionBits) << PositionBits == tag)
                        {
                            var first = Entry(parts, table[slot]);
                            if (first.Hash == entries[i].Hash && ((first.Payload ^ entries[i].Payload) & finders[0].payloadKeyMask) == 0)
                            {
                                repeated ??= [];
                                if (!repeated.TryGetValue(table[slot], out var group)) repeated[table[slot]] = group = [first];
                                group.Add(entries[i]);
                                break;
                            }
                        }
                        slot = (slot + 1) & mask;
                    }
                    if (table[slot] == 0) table[slot] = tag | ((long)part << IndexBits | (long)i) + 1;
                }
            }
            return repeated is null ? [] : [.. repeated.Values.Select(ByLine)];
        }

        /// <summary>
        /// The entries of one partition, in memory and spilled, of every finder. Spilled entries are
        /// read into a buffer reused from partition to partition, so that memory does not grow with the file.
        /// </summary>
        private List<ReadOnlyMemory<KeyEntry>> Parts(IReadOnlyList<RepeatFinder> finders, int partition)
        {
            var spilledTotal = finders.Sum(f => f.Spilled(partition));
            // With an eighth to spare: partitions differ by a few entries, and each growth is a new large array.
            if (spilled.Length < spilledTotal) spilled = new KeyEntry[spilledTotal + spilledTotal / 8];
            var parts = new List<ReadOnlyMemory<KeyEntry>>();
            var at = 0;
            foreach (var finder in finders)
            {
                var count = finder.Spilled(partition);
                if (count > 0)
                {
                    finder.ReadSpilled(partition, spilled.AsSpan(at, count));
                    for (var k = 0; k < count; k += PartEntries) parts.Add(spilled.AsMemory(at + k, Math.Min(PartEntries, count - k)));
                    at += count;
                }
                var list = finder.blocks[partition];
                for (var b = 0; b < list.Count; b++) parts.Add(list[b].AsMemory(0, b == list.Count - 1 ? finder.counts[partition] : BlockEntries));
            }
            return parts;
        }

        private static KeyEntry[] ByLine(List<KeyEntry> group)
        {
            var entries = group.ToArray();
            Array.Sort(entries, static (a, b) => a.Line.CompareTo(b.Line));
            return entries;
        }

        private static KeyEntry Entry(List<ReadOnlyMemory<KeyEntry>> parts, long slot)
        {
            var position = (slot & ((1L << PositionBits) - 1)) - 1;
            return parts[(int)(position >> IndexBits)].Span[(int)(position & (PartEntries - 1))];
        }
    }

    public void Dispose()
    {
        spill?.Dispose();
        foreach (var block in blocks.SelectMany(b => b).Concat(free)) Blocks.Return(block);
        foreach (var list in blocks) list.Clear();
        Array.Clear(current);
        free.Clear();
    }

    /// <summary>A free block; when the budget is spent, the fullest partitions spill theirs first.</summary>
    private KeyEntry[] NewBlock(int partition)
    {
        if (free.Count == 0 && allocated + BlockEntries <= budget)
        {
            allocated += BlockEntries;
            return Blocks.Rent(BlockEntries);
        }
        if (free.Count == 0) Spill(partition);
        if (free.Count == 0) Spill(Enumerable.Range(0, blocks.Length).MaxBy(p => blocks[p].Count));
        return free.Pop();
    }

    private void Spill(int partition)
    {
        var list = blocks[partition];
        if (list.Count == 0) return;
        spill ??= OpenNamelessFile();
        for (var b = 0; b < list.Count; b++)
        {
            var used = b == list.Count - 1 ? counts[partition] : BlockEntries;
            RandomAccess.Write(spill, MemoryMarshal.AsBytes(list[b].AsSpan(0, used)), spillLength);
            segments[partition].Add((spillLength, used));
            spillLength += used * (long)Marshal.SizeOf<KeyEntry>();
            free.Push(list[b]);
        }
        list.Clear();
        current[partition] = null; // the next entry starts a new block
    }

    /// <summary>
    /// A temporary file whose name is gone as soon as it is open: a run killed while reading a city
    /// month must not leave hundreds of megabytes behind (a file deleted on close is not deleted
    /// when the process is killed).
    /// </summary>
    private static SafeFileHandle OpenNamelessFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"qp-repeats-{Guid.NewGuid():N}.bin");
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, FileOptions.DeleteOnClose);
        File.Delete(path);
        return handle;
    }

    private int Spilled(int partition) => segments[partition].Sum(s => s.Count);

    private void ReadSpilled(int partition, Span<KeyEntry> into)
    {
        foreach (var (offset, count) in segments[partition])
        {
            RandomAccess.Read(spill!, MemoryMarshal.AsBytes(into[..count]), offset);
            into = into[count..];
        }
    }
}
