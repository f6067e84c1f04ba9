using Npgsql;
using QuasiProperty.Outputs;
using QuasiProperty.Time;

namespace QuasiProperty.Storage;

/// <summary>A quarterly payout run: the quarter, its as-of time and the contracts it covers, split into chunks.</summary>
/// <param name="Failure">Why the run stopped, when an input or rule problem stopped it; null otherwise.</param>
public sealed record PayoutRunInfo(long RunId, Quarter Quarter, DateTimeOffset AsOf, int Contracts, int Chunks, string? Failure = null);

/// <summary>The ledger a run finished with.</summary>
public sealed record QuarterLedger(
    long RunId, Quarter Quarter, int Contracts, decimal TotalFees, decimal TotalPayout, decimal TotalDeductions,
    string LedgerCsv, string MonthsCsv, DateTimeOffset FinishedAt);

/// <summary>
/// The bookkeeping of fanned-out quarterly payouts. Every step is safe to repeat and to run
/// concurrently: a run is unique per (quarter, as-of), chunks and their completion are keyed
/// rows, and the ledger is written once, by whichever chunk finds all chunks done.
/// </summary>
public static class PayoutRuns
{
    /// <summary>Creates the run for (quarter, as-of), or returns the one that already exists.</summary>
    public static PayoutRunInfo Open(NpgsqlConnection connection, Quarter quarter, DateTimeOffset asOf, string requestedBy, int chunkSize)
    {
        using var transaction = connection.BeginTransaction();
        Sql.LockForTransaction(connection, transaction, $"run:{quarter}:{asOf.UtcTicks}");
        if (Find(connection, transaction, quarter, asOf) is { } existing) return existing;

        var contracts = StoredInputs.LoadReference(connection, transaction).Contracts
            .Where(c => c.IsActiveIn(quarter)).Select(c => c.Id).Order(StringComparer.Ordinal).ToArray();
        var chunks = contracts.Chunk(Math.Max(1, chunkSize)).ToArray();
        var runId = Sql.Scalar<long>(connection, transaction,
            "insert into payout_runs (quarter, as_of, requested_by, contracts, chunks) values ($1, $2, $3, $4, $5) returning run_id",
            quarter.ToString(), asOf.UtcDateTime, requestedBy, contracts.Length, chunks.Length);
        for (var i = 0; i < chunks.Length; i++)
        {
            Sql.Execute(connection, transaction, "insert into payout_run_chunks (run_id, chunk, contract_ids) values ($1, $2, $3)", runId, i, chunks[i]);
        }
        transaction.Commit();
        return new PayoutRunInfo(runId, quarter, asOf, contracts.Length, chunks.Length);
    }

    public static PayoutRunInfo Get(NpgsqlConnection connection, long runId)
    {
        using var command = Sql.Command(connection, null, $"{SelectRuns} where r.run_id = $1", runId);
        return ReadRuns(command).SingleOrDefault() ?? throw new InvalidOperationException($"payout run {runId} does not exist");
    }

    /// <summary>Marks the run failed: an input or rule problem stopped it, and retrying cannot help until the files are fixed.</summary>
    public static void Fail(NpgsqlConnection connection, long runId, string reason) =>
        Sql.Execute(connection, null, """
            insert into payout_run_failures (run_id, reason) values ($1, $2)
            on conflict (run_id) do update set reason = excluded.reason, failed_at = now()
            """, runId, reason);

    /// <summary>Clears a failure mark: the run is being started again.</summary>
    public static void ClearFailure(NpgsqlConnection connection, long runId) =>
        Sql.Execute(connection, null, "delete from payout_run_failures where run_id = $1", runId);

    public static string[] ChunkContracts(NpgsqlConnection connection, long runId, int chunk) =>
        Sql.Scalar<string[]>(connection, null, "select contract_ids from payout_run_chunks where run_id = $1 and chunk = $2", runId, chunk) ?? [];

    public static int[] PendingChunks(NpgsqlConnection connection, long runId)
    {
        using var command = Sql.Command(connection, null, """
            select c.chunk from payout_run_chunks c
            where c.run_id = $1 and not exists (select 1 from payout_run_chunks_done d where d.run_id = c.run_id and d.chunk = c.chunk)
            order by c.chunk
            """, runId);
        using var reader = command.ExecuteReader();
        var chunks = new List<int>();
        while (reader.Read()) chunks.Add(reader.GetInt32(0));
        return [.. chunks];
    }

    /// <summary>Marks a chunk done; when it was the last, writes the run's ledger. Returns the ledger once it exists.</summary>
    public static QuarterLedger? CompleteChunk(NpgsqlConnection connection, long runId, int chunk)
    {
        Sql.Execute(connection, null, "insert into payout_run_chunks_done (run_id, chunk) values ($1, $2) on conflict do nothing", runId, chunk);
        return TryFinish(connection, runId);
    }

    /// <summary>Writes the ledger if every chunk is done and no ledger exists yet; returns the ledger if there is one.</summary>
    public static QuarterLedger? TryFinish(NpgsqlConnection connection, long runId)
    {
        using var transaction = connection.BeginTransaction();
        Sql.LockForTransaction(connection, transaction, $"ledger:{runId}");
        if (Ledger(connection, transaction, runId) is { } done) return done;
        var pending = Sql.Scalar<long>(connection, transaction, """
            select count(*) from payout_run_chunks c
            where c.run_id = $1 and not exists (select 1 from payout_run_chunks_done d where d.run_id = c.run_id and d.chunk = c.chunk)
            """, runId);
        if (pending > 0) return null;

        var run = Get(connection, runId);
        var ledgerRows = new List<string>();
        var monthRows = new List<string>();
        decimal fees = 0, payout = 0, deductions = 0;
        using (var command = Sql.Command(connection, transaction, """
                   select ledger_line, months_csv, quarterly_fee, payout, deduction from current_payouts
                   where quarter = $1 and contract_id in (select unnest(contract_ids) from payout_run_chunks where run_id = $2)
                   order by contract_id collate "C"
                   """, run.Quarter.ToString(), runId))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                ledgerRows.Add(reader.GetString(0));
                monthRows.Add(reader.GetString(1));
                fees += reader.GetDecimal(2);
                payout += reader.GetDecimal(3);
                deductions += reader.GetDecimal(4);
            }
        }
        Sql.Execute(connection, transaction, """
            insert into quarter_ledgers (run_id, quarter, contracts, total_fees, total_payout, total_deductions, ledger_csv, months_csv)
            values ($1, $2, $3, $4, $5, $6, $7, $8)
            """, runId, run.Quarter.ToString(), ledgerRows.Count, fees, payout, deductions,
            LedgerCsv.FromRows(LedgerCsv.LedgerHeader, ledgerRows), LedgerCsv.FromRows(LedgerCsv.MonthsHeader, monthRows));
        var ledger = Ledger(connection, transaction, runId);
        transaction.Commit();
        return ledger;
    }

    /// <summary>The run for (quarter, as-of), if it has been opened.</summary>
    public static PayoutRunInfo? Find(NpgsqlConnection connection, Quarter quarter, DateTimeOffset asOf)
    {
        using var transaction = connection.BeginTransaction();
        return Find(connection, transaction, quarter, asOf);
    }

    /// <summary>The working documents of the current revisions of a run's contracts, by contract id.</summary>
    public static IReadOnlyList<(string ContractId, string Working)> Workings(NpgsqlConnection connection, long runId)
    {
        using var command = Sql.Command(connection, null, """
            select p.contract_id, p.working from current_payouts p join payout_runs r on r.quarter = p.quarter
            where r.run_id = $1 and p.contract_id in (select unnest(contract_ids) from payout_run_chunks where run_id = $1)
            order by p.contract_id collate "C"
            """, runId);
        using var reader = command.ExecuteReader();
        var list = new List<(string, string)>();
        while (reader.Read()) list.Add((reader.GetString(0), reader.GetString(1)));
        return list;
    }

    public static QuarterLedger? Ledger(NpgsqlConnection connection, NpgsqlTransaction? transaction, long runId)
    {
        using var command = Sql.Command(connection, transaction, """
            select run_id, quarter, contracts, total_fees, total_payout, total_deductions, ledger_csv, months_csv, finished_at
            from quarter_ledgers where run_id = $1
            """, runId);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new QuarterLedger(reader.GetInt64(0), Quarter.Parse(reader.GetString(1)), reader.GetInt32(2), reader.GetDecimal(3),
                reader.GetDecimal(4), reader.GetDecimal(5), reader.GetString(6), reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8))
            : null;
    }

    private static PayoutRunInfo? Find(NpgsqlConnection connection, NpgsqlTransaction transaction, Quarter quarter, DateTimeOffset asOf)
    {
        using var command = Sql.Command(connection, transaction,
            $"{SelectRuns} where r.quarter = $1 and r.as_of = $2", quarter.ToString(), asOf.UtcDateTime);
        return ReadRuns(command).SingleOrDefault();
    }

    private const string SelectRuns = """
        select r.run_id, r.quarter, r.as_of, r.contracts, r.chunks, f.reason
        from payout_runs r left join payout_run_failures f on f.run_id = r.run_id
        """;

    private static List<PayoutRunInfo> ReadRuns(NpgsqlCommand command)
    {
        using var reader = command.ExecuteReader();
        var runs = new List<PayoutRunInfo>();
        while (reader.Read())
        {
            runs.Add(new PayoutRunInfo(reader.GetInt64(0), Quarter.Parse(reader.GetString(1)), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetInt32(3), reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return runs;
    }
}
