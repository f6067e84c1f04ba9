using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using CsvHelper;
using Npgsql;

namespace QuasiProperty.Benchmarks;

/// <summary>
/// Helper of <c>scripts/benchmark.sh</c> (issue 8). Each subcommand prints human-readable lines on
/// stderr and one machine-readable result line on stdout (<c>key=value</c> pairs).
/// </summary>
public static class Program
{
    private const string Usage = """
        usage:
          qp-bench read-floor DIR QUARTER
              The raw-read floor: reads every field of the quarter's surveys/ and grid/ files with CsvHelper,
              the files in parallel on all cores, largest first. Prints rows and seconds.
          qp-bench sql-peer [--stored-sums] CONNECTION QUARTER ASOF [LEDGER_CSV]
              Runs the assessment as one PostgreSQL query over the imported tables, times it, and with
              LEDGER_CSV (the engine's ledger.csv) counts the contracts whose results differ. The query
              sums the survey responses; with --stored-sums it reads the sums the import stored instead.
        """;

    public static int Main(string[] args)
    {
        try
        {
            return args switch
            {
                ["read-floor", var dir, var quarter] => ReadFloor(dir, quarter),
                ["sql-peer", "--stored-sums", var connection, var quarter, var asOf] => SqlPeer(connection, quarter, asOf, null, storedSums: true),
                ["sql-peer", "--stored-sums", var connection, var quarter, var asOf, var ledger] => SqlPeer(connection, quarter, asOf, ledger, storedSums: true),
                ["sql-peer", var connection, var quarter, var asOf] => SqlPeer(connection, quarter, asOf, null, storedSums: false),
                ["sql-peer", var connection, var quarter, var asOf, var ledger] => SqlPeer(connection, quarter, asOf, ledger, storedSums: false),
                _ => Fail(Usage),
            };
        }
        catch (Exception e) when (e is IOException or NpgsqlException or CsvFormatException or FormatException or ArgumentException or InvalidOperationException)
        {
            return Fail($"qp-bench: {e.Message}");
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }

    /// <summary>The three months of a quarter 'YYYYQn', as 'YYYY-MM'.</summary>
    private static string[] Months(string quarter)
    {
        if (quarter.Length != 6 || quarter[4] != 'Q' || !int.TryParse(quarter.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || quarter[5] is < '1' or > '4')
        {
            throw new FormatException($"not a quarter (YYYYQn): '{quarter}'");
        }
        var first = (quarter[5] - '1') * 3 + 1;
        return [.. Enumerable.Range(first, 3).Select(m => $"{year:D4}-{m:D2}")];
    }

    // ---------------------------------------------------------------- read-floor

    private static int ReadFloor(string dir, string quarter)
    {
        var files = Months(quarter)
            .SelectMany(m => new[] { Path.Combine(dir, "surveys", m + ".csv"), Path.Combine(dir, "grid", m + ".csv") })
            .Where(File.Exists)
            .Select(p => new FileInfo(p))
            .OrderByDescending(f => f.Length)
            .ToArray();
        if (files.Length == 0) return Fail($"qp-bench: no survey or grid file of {quarter} in {dir}");

        var queue = new ConcurrentQueue<FileInfo>(files); // largest first; each worker takes the next file
        long rows = 0, fields = 0, bytes = 0;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Math.Min(Environment.ProcessorCount, files.Length)).Select(_ => Task.Run(() =>
        {
            while (queue.TryDequeue(out var file))
            {
                var (r, f, b) = ReadAllFields(file.FullName);
                Interlocked.Add(ref rows, r);
                Interlocked.Add(ref fields, f);
                Interlocked.Add(ref bytes, b);
            }
        })).ToArray();
        Task.WaitAll(workers);
        var seconds = watch.Elapsed.TotalSeconds;

        var size = files.Sum(f => f.Length);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"read-floor: {files.Length} files, {size / 1e6:F1} MB, {rows:N0} rows, {fields:N0} fields ({bytes:N0} field bytes) in {seconds:F3} s on {Environment.ProcessorCount} cores: {rows / seconds:N0} rows/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rows={rows} seconds={seconds:F4} files={files.Length} bytes={size}"));
        return 0;
    }

    /// <summary>Reads every field of every record: rows, fields and the total length of the field values.</summary>
    private static (long Rows, long Fields, long Bytes) ReadAllFields(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var reader = CsvReader.Create(stream, new CsvReaderOptions { Separator = ',', HasHeader = true });
        long rows = 0, fields = 0, bytes = 0;
        while (reader.Read())
        {
            rows++;
            var count = reader.FieldCount;
            fields += count;
            for (var i = 0; i < count; i++) bytes += reader.GetSpan(i).Length;
        }
        return (rows, fields, bytes);
    }

    // ---------------------------------------------------------------- sql-peer

    /// <summary>work_mem of the peer's session.</summary>
    private const string WorkMem = "256MB";

    private sealed record Result(string ContractId, string Status, decimal? QuarterScore, int AssessedMonths, decimal PayRatio, decimal Payout);

    /// <summary>The survey sums of SqlPeer.sql's pattern_sums as the import stored them (migration 0008), for --stored-sums.</summary>
    private const string StoredSurveySums = """
            select t.month, t.community_id,
                   (t.pattern & 1) <> 0 as a1, (t.pattern & 2) <> 0 as a2, (t.pattern & 4) <> 0 as a3, (t.pattern & 8) <> 0 as a4,
                   t.sums[1] as n, t.sums[2] as d1, t.sums[3] as d2, t.sums[4] as d3, t.sums[5] as d4
            from survey_tallies t
            where t.month in (select month from months) and t.pattern > 0
        """;

    private static int SqlPeer(string connectionString, string quarter, string asOfText, string? ledgerPath, bool storedSums)
    {
        Months(quarter); // validates
        var asOf = ParseAsOf(asOfText);
        string sql;
        using (var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("SqlPeer.sql")
                              ?? throw new InvalidOperationException("SqlPeer.sql is not embedded"))
        using (var text = new StreamReader(resource))
        {
            sql = text.ReadToEnd();
        }
        if (storedSums)
        {
            const string from = "    -- survey sums: from the responses\n", end = "    -- survey sums: end\n";
            var start = sql.IndexOf(from, StringComparison.Ordinal);
            var stop = sql.IndexOf(end, StringComparison.Ordinal);
            if (start < 0 || stop < start) throw new InvalidOperationException("SqlPeer.sql has no 'survey sums' lines to replace");
            sql = string.Concat(sql[..start], StoredSurveySums, "\n", sql[(stop + end.Length)..]);
        }

        Console.Error.WriteLine($"sql-peer: assessing {quarter} as of {asOf:O} in one query ...");
        var results = new List<Result>();
        var watch = new Stopwatch();
        using (var connection = new NpgsqlConnection(connectionString))
        {
            connection.Open();
            // A fair peer gets the memory a tuned server would give one big aggregation (the default is 4 MB),
            // so that its hash aggregates do not spill to disk. Connecting is not timed; the query and reading its rows are.
            using (var setup = new NpgsqlCommand($"set work_mem = '{WorkMem}'", connection)) setup.ExecuteNonQuery();
            watch.Start();
            using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            command.Parameters.Add(new NpgsqlParameter { Value = quarter, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = asOf.ToUniversalTime(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                results.Add(new Result(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetDecimal(2),
                    reader.GetInt32(3), reader.GetDecimal(4), reader.GetDecimal(5)));
            }
        }
        watch.Stop();
        var seconds = watch.Elapsed.TotalSeconds;
        var totalPayout = results.Sum(r => r.Payout);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sql-peer: {results.Count:N0} contracts in {seconds:F3} s (query and reading its rows; work_mem {WorkMem}), total payout {totalPayout:N2}"));

        var mismatches = -1;
        if (ledgerPath is not null) mismatches = Compare(results, ReadLedger(ledgerPath));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"contracts={results.Count} seconds={seconds:F4} mismatches={(mismatches < 0 ? "unchecked" : mismatches.ToString(CultureInfo.InvariantCulture))}"));
        return mismatches > 0 ? 1 : 0;
    }

    /// <summary>ISO 8601; without an offset the time is China Standard Time (UTC+08:00), as in the spec.</summary>
    private static DateTimeOffset ParseAsOf(string text)
    {
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z')
                        || (text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':');
        return DateTimeOffset.Parse(hasOffset ? text : text + "+08:00", CultureInfo.InvariantCulture, DateTimeStyles.None);
    }

    private static Dictionary<string, Result> ReadLedger(string path)
    {
        var ledger = new Dictionary<string, Result>(StringComparer.Ordinal);
        using var stream = File.OpenRead(path);
        using var reader = CsvReader.Create(stream, new CsvReaderOptions { Separator = ',', HasHeader = true });
        while (reader.Read())
        {
            var score = reader.GetString("quarter_score");
            var row = new Result(
                reader.GetString("contract_id"),
                reader.GetString("status"),
                score.Length == 0 ? null : decimal.Parse(score, NumberStyles.Number, CultureInfo.InvariantCulture),
                int.Parse(reader.GetString("assessed_months"), NumberStyles.Integer, CultureInfo.InvariantCulture),
                decimal.Parse(reader.GetString("pay_ratio"), NumberStyles.Number, CultureInfo.InvariantCulture),
                decimal.Parse(reader.GetString("payout"), NumberStyles.Number, CultureInfo.InvariantCulture));
            ledger.Add(row.ContractId, row);
        }
        return ledger;
    }

    /// <summary>Contracts whose status, quarter score, assessed months, pay ratio or payout differ, or that only one side has.</summary>
    private static int Compare(List<Result> peer, Dictionary<string, Result> engine)
    {
        var mismatches = 0;
        var shown = 0;
        void Report(string message)
        {
            mismatches++;
            if (shown++ < 10) Console.Error.WriteLine($"  mismatch: {message}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in peer)
        {
            seen.Add(p.ContractId);
            if (!engine.TryGetValue(p.ContractId, out var e))
            {
                Report($"{p.ContractId}: in the SQL result, not in the ledger");
                continue;
            }
            if (p.Status != e.Status || p.QuarterScore != e.QuarterScore || p.AssessedMonths != e.AssessedMonths
                || p.PayRatio != e.PayRatio || p.Payout != e.Payout)
            {
                Report($"{p.ContractId}: SQL {Describe(p)} | engine {Describe(e)}");
            }
        }
        foreach (var id in engine.Keys.Where(id => !seen.Contains(id))) Report($"{id}: in the ledger, not in the SQL result");

        Console.Error.WriteLine(mismatches == 0
            ? $"sql-peer: all {peer.Count:N0} contracts equal the engine's ledger (status, score, months, pay ratio, payout)"
            : $"sql-peer: {mismatches:N0} contract(s) differ from the engine's ledger");
        return mismatches;
    }

    private static string Describe(Result r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Status} score {r.QuarterScore?.ToString("F2", CultureInfo.InvariantCulture) ?? "-"} months {r.AssessedMonths} pay {r.PayRatio} payout {r.Payout:F2}");
}
