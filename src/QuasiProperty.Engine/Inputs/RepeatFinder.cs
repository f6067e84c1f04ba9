using System.Runtime.InteropServices;

namespace QuasiProperty.Inputs;

/// <summary>A key of one row: its 128-bit hash, the row's line and a small payload the caller needs back.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct KeyEntry(ulong Hash, ulong Check, int Line, int Payload);

/// <summary>
/// Finds the keys that occur more than once in a file (response ids, households, incident ids)
/// with memory that does not grow with the file: each row's 128-bit key hash is appended to one
/// of 64 partitions by its top bits, partitions spill to a temporary file when their buffer fills,
/// and at the end each partition is read back and grouped on its own. Appending is sequential, so
/// it costs a few nanoseconds a row instead of a cache miss; 128 bits make a false repeat
/// practically impossible (about one in 10^25 for a city-sized month).
/// </summary>
internal sealed class RepeatFinder : IDisposable
{
    private const int PartitionBits = 6;
    private const int Partitions = 1 << PartitionBits;
    private const int BufferEntries = 4096;

    private readonly KeyEntry[][] buffers = new KeyEntry[Partitions][];
    private readonly int[] counts = new int[Partitions];
    private readonly FileStream?[] spills = new FileStream?[Partitions];
    private readonly string folder = Path.Combine(Path.GetTempPath(), "qp-repeats-" + Guid.NewGuid().ToString("N"));

    public RepeatFinder()
    {
        for (var p = 0; p < Partitions; p++) buffers[p] = new KeyEntry[BufferEntries];
    }

    public void Add(ReadOnlySpan<byte> key, ulong seed, int line, int payload)
    {
        var (hash, check) = KeyHash.Of128(key, seed);
        var partition = (int)(hash >> (64 - PartitionBits));
        buffers[partition][counts[partition]++] = new KeyEntry(hash, check, line, payload);
        if (counts[partition] == BufferEntries) Spill(partition);
    }

    /// <summary>Each group of rows sharing a key, ordered by line; keys that occur once are not returned.</summary>
    public List<KeyEntry[]> Repeats()
    {
        var groups = new List<KeyEntry[]>();
        for (var p = 0; p < Partitions; p++)
        {
            var entries = Load(p);
            // An open-addressing table of entry indexes, sized for few collisions: one partition fits in cache.
            var slots = new int[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(entries.Length * 2, 16))];
            var mask = slots.Length - 1;
            List<int>? repeated = null;
            for (var i = 0; i < entries.Length; i++)
            {
                var slot = (int)(entries[i].Hash & (uint)mask);
                while (slots[slot] != 0)
                {
                    ref readonly var other = ref entries[slots[slot] - 1];
                    if (other.Hash == entries[i].Hash && other.Check == entries[i].Check)
                    {
                        (repeated ??= []).Add(i);
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
                if (slots[slot] == 0) slots[slot] = i + 1;
            }
            if (repeated is null) continue;
            var keys = repeated.Select(i => (entries[i].Hash, entries[i].Check)).ToHashSet();
            groups.AddRange(entries.Where(e => keys.Contains((e.Hash, e.Check))).GroupBy(e => (e.Hash, e.Check)).Select(g => g.OrderBy(e => e.Line).ToArray()));
        }
        return groups;
    }

    public void Dispose()
    {
        foreach (var spill in spills) spill?.Dispose();
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private void Spill(int partition)
    {
        if (spills[partition] is null)
        {
            Directory.CreateDirectory(folder);
            spills[partition] = new FileStream(Path.Combine(folder, partition + ".bin"), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
                FileOptions.DeleteOnClose);
        }
        spills[partition]!.Write(MemoryMarshal.AsBytes(buffers[partition].AsSpan(0, counts[partition])));
        counts[partition] = 0;
    }

    private KeyEntry[] Load(int partition)
    {
        var spill = spills[partition];
        var spilled = spill is null ? 0 : (int)(spill.Length / Marshal.SizeOf<KeyEntry>());
        var entries = new KeyEntry[spilled + counts[partition]];
        if (spill is not null)
        {
            spill.Position = 0;
            spill.ReadExactly(MemoryMarshal.AsBytes(entries.AsSpan(0, spilled)));
        }
        buffers[partition].AsSpan(0, counts[partition]).CopyTo(entries.AsSpan(spilled));
        return entries;
    }
}
