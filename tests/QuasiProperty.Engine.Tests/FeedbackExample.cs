using QuasiProperty.Testing;

namespace QuasiProperty.Tests;

/// <summary>
/// The v1.1 parts of feedback.md's worked example (<c>shared/spec/example-v1.1/data</c>): v1's example plus these five
/// files, copied here byte for byte so that the tests run from a fresh clone.
/// </summary>
internal static class FeedbackExample
{
    public const string Disputes = "disputes.csv";
    public const string AprilCommunity = "community/2025-04.csv";
    public const string MayCommunity = "community/2025-05.csv";
    public const string AprilClues = "clues/2025-04.csv";
    public const string MayClues = "clues/2025-05.csv";

    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        [Disputes] = """
            dispute_id,contract_id,month,kind,ref,filed_at,reason,status,decided_at,decided_by
            D1,K1,2025-04,grid,G2,2025-05-06T10:00:00,道路遗撒系施工单位造成，不属服务范围,pending,,
            D2,K1,2025-04,committee,1,2025-05-06T10:30:00,该问题已于月底前解决,rejected,2025-06-12T15:00:00,联席会第12次会议
            D3,K1,2025-04,grid,G3,2025-05-07T09:00:00,重复派单,withdrawn,,
            D4,K1,2025-04,grid,G1,2025-07-11T09:00:00,as-of 之后才提出,pending,,
            
            """,
        [AprilCommunity] = """
            community_id,score,assessed_by,note
            A,90.00,示例社区居委会,
            
            """,
        [MayCommunity] = """
            community_id,score,assessed_by,note
            A,70.00,示例社区居委会,"胡同东段垃圾桶满溢, 两次"
            
            """,
        [AprilClues] = """
            clue_id,community_id,household_ref,received_at,kind,useful
            L1,A,h-001,2025-04-02T08:00:00,clue,yes
            L2,A,h-001,2025-04-09T08:00:00,clue,yes
            L3,A,h-002,2025-04-10T19:30:00,suggestion,yes
            L4,A,h-003,2025-04-12T07:15:00,clue,yes
            L5,A,h-003,2025-04-13T07:15:00,clue,no
            L6,A,h-004,2025-04-20T10:00:00,suggestion,no
            
            """,
        [MayClues] = """
            clue_id,community_id,household_ref,received_at,kind,useful
            L1,A,h-001,2025-05-03T08:00:00,clue,yes
            L2,A,h-001,2025-05-04T08:00:00,suggestion,yes
            L3,A,h-002,2025-05-05T09:00:00,suggestion,yes
            L4,A,h-002,2025-05-06T09:00:00,suggestion,yes
            L5,A,h-002,2025-05-07T09:00:00,suggestion,yes
            L6,A,h-002,2025-05-08T09:00:00,suggestion,yes
            L7,A,h-003,2025-05-30T23:30:00,clue,
            
            """,
    };

    /// <summary>v1's worked example with the five v1.1 files added.</summary>
    public static DataSet Create()
    {
        var set = DataSet.FromSpecExample();
        foreach (var (file, text) in Files) set.Write(file, text);
        return set;
    }
}
