using System.Security.Cryptography;
using QuasiProperty.Model;
using QuasiProperty.Time;

namespace QuasiProperty.Scoring;

/// <summary>
/// SHA-256 of exactly what a contract's quarter assessment reads: the contract, its community's
/// households, and the community's monthly tallies. Computed from the tallies rather than from
/// files, it is the same whether the inputs came from files or from the database, and it changes
/// only when something that can change the result changes.
/// </summary>
public static class InputDigest
{
    /// <summary>The digest of one month's inputs, for interim month scorecards.</summary>
    public static string ComputeMonth(Contract contract, Community community, MonthInputs month) =>
        Compute(contract, community, month.Month.ToString(), [month.For(community)]);

    /// <summary>The digest of a period's months as the assessor has already looked them up for the community.</summary>
    internal static string Compute(Contract contract, Community community, string period, ReadOnlySpan<CommunityMonth> months)
    {
        var writer = Writer();
        WriteContract(writer, contract, community, period);
        foreach (var month in months) month.WriteTo(writer);
        return Hash(writer);
    }

    private static void WriteContract(BinaryWriter writer, Contract contract, Community community, string period)
    {
        writer.Write("quasiproperty/inputs/v1");
        writer.Write(contract.Id);
        writer.Write(contract.CompanyId);
        writer.Write(contract.CommunityId);
        writer.Write(contract.RuleSet);
        writer.Write(Assessor.Canonical(contract.QuarterlyFee));
        writer.Write(community.Households);
        writer.Write(period);
    }

    /// <summary>One writer per thread, reused: a quarter's 7,000 digests would otherwise each allocate and clear a buffer.</summary>
    [ThreadStatic]
    private static BinaryWriter? writerOfThread;

    private static BinaryWriter Writer()
    {
        // A quarter's tallies and counts: about 6 KB.
        var writer = writerOfThread ??= new BinaryWriter(new MemoryStream(8 << 10), System.Text.Encoding.UTF8);
        ((MemoryStream)writer.BaseStream).SetLength(0);
        return writer;
    }

    private static string Hash(BinaryWriter writer)
    {
        writer.Flush();
        var buffer = (MemoryStream)writer.BaseStream;
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }
}
