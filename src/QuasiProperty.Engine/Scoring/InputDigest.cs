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
    public static string Compute(Contract contract, Community community, int communityIndex, Quarter quarter, IReadOnlyList<MonthInputs> months) =>
        Hash(writer =>
        {
            WriteContract(writer, contract, community, quarter.ToString());
            foreach (var month in quarter.Months)
            {
                WriteMonth(writer, months.FirstOrDefault(m => m.Month == month) ?? MonthInputs.Empty(month), communityIndex);
            }
        });

    /// <summary>The digest of one month's inputs, for interim month scorecards.</summary>
    public static string ComputeMonth(Contract contract, Community community, int communityIndex, MonthInputs month) =>
        Hash(writer =>
        {
            WriteContract(writer, contract, community, month.Month.ToString());
            WriteMonth(writer, month, communityIndex);
        });

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

    private static void WriteMonth(BinaryWriter writer, MonthInputs inputs, int communityIndex)
    {
        writer.Write(inputs.Month.ToString());
        writer.Write(inputs.Surveys is not null);
        if (inputs.Surveys?[communityIndex] is { } tally) tally.WriteTo(writer);
        writer.Write(inputs.Committee is not null);
        if (inputs.Committee?[communityIndex] is { } report)
        {
            writer.Write(Assessor.Canonical(report.Rating));
            writer.Write(report.IssuesRaised);
            writer.Write(report.IssuesUnresolved);
        }
        writer.Write(inputs.Grid is not null);
        inputs.Grid?.WriteTo(writer, communityIndex);
    }

    /// <summary>One writer per thread, reused: a quarter's 7,000 digests would otherwise each allocate and clear a buffer.</summary>
    [ThreadStatic]
    private static BinaryWriter? writerOfThread;

    private static string Hash(Action<BinaryWriter> write)
    {
        // A quarter's tallies and counts: about 6 KB.
        var writer = writerOfThread ??= new BinaryWriter(new MemoryStream(8 << 10), System.Text.Encoding.UTF8);
        var buffer = (MemoryStream)writer.BaseStream;
        buffer.SetLength(0);
        write(writer);
        writer.Flush();
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }
}
