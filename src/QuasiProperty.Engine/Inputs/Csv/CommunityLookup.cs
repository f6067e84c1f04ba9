using System.Text;
using QuasiProperty.Model;

namespace QuasiProperty.Inputs.Csv;

/// <summary>Finds a community's index from the UTF-8 bytes of its id without creating a string per row.</summary>
internal sealed class CommunityLookup
{
    private readonly Dictionary<ulong, (byte[] Id, int Index)[]> byHash = [];
    private byte[] lastId = [];
    private int lastIndex = -1;

    public CommunityLookup(ReferenceData reference)
    {
        for (var i = 0; i < reference.Communities.Count; i++)
        {
            var id = Encoding.UTF8.GetBytes(reference.Communities[i].Id);
            var hash = KeyHash.Of(id);
            byHash[hash] = byHash.TryGetValue(hash, out var existing) ? [.. existing, (id, i)] : [(id, i)];
        }
    }

    public bool TryFind(ReadOnlySpan<byte> id, out int index)
    {
        // Monthly files are usually grouped by community, so the previous row's answer is often right.
        if (lastIndex >= 0 && id.SequenceEqual(lastId))
        {
            index = lastIndex;
            return true;
        }
        if (byHash.TryGetValue(KeyHash.Of(id), out var entries))
        {
            foreach (var (candidate, i) in entries)
            {
                if (!id.SequenceEqual(candidate)) continue;
                lastId = candidate;
                lastIndex = index = i;
                return true;
            }
        }
        index = -1;
        return false;
    }
}
