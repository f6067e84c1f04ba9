using System.Security.Cryptography;
using QuasiProperty.Feedback;
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
    /// <param name="disputes">
    /// In a v1.1 run, the contract's disputes with their states at the as-of time: they and the months' community
    /// assessments join the digest, so that a decided dispute gives a new payout revision. Null in a v1 run, whose
    /// digest is what it always was.
    /// </param>
    internal static string Compute(
        Contract contract, Community community, string period, ReadOnlySpan<CommunityMonth> months, IReadOnlyList<DisputeOutcome>? disputes = null)
    {
        var writer = Writer();
        WriteContract(writer, contract, community, period);
        foreach (var month in months) month.WriteTo(writer);
        if (disputes is not null)
        {
            writer.Write("feedback/v1.1");
            foreach (var month in months) month.WriteFeedbackTo(writer);
            writer.Write(disputes.Count);
            foreach (var (dispute, state) in disputes)
            {
                writer.Write(dispute.Id);
                writer.Write(dispute.Month.ToString());
                writer.Write(Dispute.KindName(dispute.Kind));
                writer.Write(dispute.Ref);
                writer.Write((int)state);
            }
        }
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
