using Microsoft.Extensions.Logging;

namespace QuasiProperty.Scheduling;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Payout run {RunId} for {Quarter} as of {AsOf}: {Contracts} contracts, {Pending} of {Chunks} chunks enqueued")]
    public static partial void RunOpened(ILogger logger, long runId, string quarter, DateTimeOffset asOf, int contracts, int pending, int chunks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payout run {RunId} chunk {Chunk}: {Contracts} contracts, {Created} new revisions, ledger complete: {Complete}")]
    public static partial void ChunkDone(ILogger logger, long runId, int chunk, int contracts, int created, bool complete);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contract {Contract} of payout run {RunId} is no longer active in {Quarter}; skipped")]
    public static partial void ContractGone(ILogger logger, string contract, long runId, string quarter);

    [LoggerMessage(Level = LogLevel.Error, Message = "Payout run {RunId} refused its inputs or rules, and is marked failed: {Reason}")]
    public static partial void RunRefused(ILogger logger, long runId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Monthly scorecards {Month} as of {AsOf}: {Created} new")]
    public static partial void ScorecardsDone(ILogger logger, string month, DateTimeOffset asOf, int created);
}
