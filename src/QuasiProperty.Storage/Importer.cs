using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;
using QuasiProperty.Inputs;
using QuasiProperty.Model;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Storage;

/// <summary>
/// Imports one input file into the store, all or nothing, in one transaction: the same readers
/// and messages as file mode check every row while it is streamed to PostgreSQL by binary COPY.
/// The same bytes again change nothing; a corrected file for the same source and month replaces
/// that month's rows; every import stays in the import log.
/// </summary>
public sealed class Importer(NpgsqlDataSource database, RuleBook rules, string importedBy)
{
    public ImportOutcome Import(ImportSource source, string path, IProgress<long>? progress = null)
    {
        using var started = Start(source, path);
        return started.Finish(progress);
    }

    /// <summary>
    /// The first part of an import, for callers that import several files at once: checks the
    /// file's name, hashes it, waits until no other import of the same source and month is under
    /// way, and numbers the import, so that imports started one after another are numbered in that
    /// order and two files of the same source and month are stored in that order.
    /// <see cref="StartedImport.Finish"/> does the rest, and may run on another thread.
    /// </summary>
    public StartedImport Start(ImportSource source, string path)
    {
        var display = path.Replace('\\', '/');
        if (!File.Exists(path)) return new StartedImport(Rejected(source, display, null, "", new InputProblem(display, 0, "file", "does not exist")));

        Month? month = null;
        if (source.IsMonthly())
        {
            if (!path.EndsWith(".csv", StringComparison.Ordinal) || !Month.TryParse(Path.GetFileNameWithoutExtension(path), out var m))
            {
                return new StartedImport(Rejected(source, display, null, "", new InputProblem(display, 0, "file",
                    $"a {source.Name()} file must be named YYYY-MM.csv (e.g. 2025-04.csv): its month is taken from its name")));
            }
            month = m;
        }
        var sha256 = Hash(path);

        var connection = database.OpenConnection();
        try
        {
            var transaction = connection.BeginTransaction();
            Sql.LockForTransaction(connection, transaction, $"import:{source.Name()}:{month}");
            var previous = ImportLog.Current(connection, transaction, source, month);
            if (previous?.Sha256 == sha256)
            {
                transaction.Dispose();
                connection.Dispose();
                return new StartedImport(
                    new ImportOutcome(display, source, month, ImportStatus.AlreadyImported, previous.ImportId, previous.Rows, sha256, previous, [], []));
            }
            var importId = Sql.Scalar<long>(connection, transaction, "select nextval(pg_get_serial_sequence('imports', 'import_id'))");
            var load = new Load(connection, transaction, importId, display, month);
            return new StartedImport(connection, transaction, progress => Store(connection, transaction, load, source, path, sha256, previous, progress));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The second part of an import: checks and stores the rows, logs the import and commits.</summary>
    private ImportOutcome Store(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Load load, ImportSource source, string path, string sha256, StoredImport? previous,
        IProgress<long>? progress)
    {
        var (rows, problems, warnings) = source switch
        {
            ImportSource.Communities => load.Communities(path),
            ImportSource.Companies => load.Companies(path),
            ImportSource.Contracts => load.Contracts(path, rules),
            ImportSource.Surveys => load.Surveys(path, progress),
            ImportSource.Committee => load.Committee(path),
            ImportSource.Grid => load.Grid(path, progress),
            _ => throw new ArgumentOutOfRangeException(nameof(source)),
        };
        if (problems.Count > 0) return new ImportOutcome(load.Display, source, load.Month, ImportStatus.Rejected, null, 0, sha256, previous, problems, warnings);

        Sql.Execute(connection, transaction,
            "insert into imports (import_id, source, month, file_name, sha256, row_count, imported_by) values ($1, $2, $3, $4, $5, $6, $7)",
            load.ImportId, source.Name(), load.Month?.ToString(), Path.GetFileName(path), sha256, rows, importedBy);
        try
        {
            transaction.Commit();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return Rejected(source, load.Display, load.Month, sha256, new InputProblem(load.Display, 0, "file",
                $"would leave stored data without its reference ({e.Detail}); keep every community, company and contract that is still used"));
        }
        var status = previous is null ? ImportStatus.Imported : ImportStatus.Replaced;
        return new ImportOutcome(load.Display, source, load.Month, status, load.ImportId, rows, sha256, previous, [], warnings);
    }

    private static ImportOutcome Rejected(ImportSource source, string display, Month? month, string sha256, InputProblem problem) =>
        new(display, source, month, ImportStatus.Rejected, null, 0, sha256, null, [problem], []);

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Loading one kind of file inside the import's transaction.</summary>
    private sealed class Load(NpgsqlConnection connection, NpgsqlTransaction transaction, long importId, string display, Month? month)
    {
        public long ImportId => importId;

        public string Display => display;

        public Month? Month => month;

        private string MonthText => month!.Value.ToString();

        /// <summary>A binary COPY into a table, allowed to run as long as a city-sized month needs.</summary>
        private NpgsqlBinaryImporter Copy(string sql)
        {
            var copy = connection.BeginBinaryImport(sql);
            copy.Timeout = TimeSpan.FromMinutes(15);
            return copy;
        }

        public (int, IReadOnlyList<InputProblem>, IReadOnlyList<InputProblem>) Communities(string path)
        {
            var problems = new ProblemList(display);
            var communities = ReferenceFiles.ReadCommunities(path, problems);
            if (problems.Any) return (0, problems.ToList(), []);
            Sql.Execute(connection, transaction, "delete from communities");
            using (var copy = Copy("copy communities (community_id, name, households) from stdin (format binary)"))
            {
                foreach (var c in communities)
                {
                    copy.StartRow();
                    copy.Write(c.Id, NpgsqlDbType.Text);
                    copy.Write(c.Name, NpgsqlDbType.Text);
                    copy.Write(c.Households, NpgsqlDbType.Integer);
                }
                copy.Complete();
            }
            return (communities.Count, StillUsed("community_id", "communities",
                ["contracts", "survey_responses", "committee_reports", "grid_incidents"]), []);
        }

        public (int, IReadOnlyList<InputProblem>, IReadOnlyList<InputProblem>) Companies(string path)
        {
            var problems = new ProblemList(display);
            var companies = ReferenceFiles.ReadCompanies(path, problems);
            if (problems.Any) return (0, problems.ToList(), []);
            Sql.Execute(connection, transaction, "delete from companies");
            using (var copy = Copy("copy companies (company_id, name) from stdin (format binary)"))
            {
                foreach (var c in companies)
                {
                    copy.StartRow();
                    copy.Write(c.Id, NpgsqlDbType.Text);
                    copy.Write(c.Name, NpgsqlDbType.Text);
                }
                copy.Complete();
            }
            return (companies.Count, StillUsed("company_id", "companies", ["contracts"]), []);
        }

        /// <summary>Identifiers that stored rows still refer to but the replacing file leaves out.</summary>
        private List<InputProblem> StillUsed(string column, string table, string[] users)
        {
            var usedBy = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var user in users)
            {
                using var command = Sql.Command(connection, transaction,
                    $"select distinct u.{column} from {user} u where not exists (select 1 from {table} t where t.{column} = u.{column})");
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    if (!usedBy.TryGetValue(reader.GetString(0), out var list)) usedBy[reader.GetString(0)] = list = [];
                    list.Add(user.Replace('_', ' '));
                }
            }
            return usedBy
                .Select(x => new InputProblem(display, 0, column, $"'{x.Key}' is missing, but stored {string.Join(", ", x.Value)} still use it; keep it in the file"))
                .ToList();
        }

        public (int, IReadOnlyList<InputProblem>, IReadOnlyList<InputProblem>) Contracts(string path, RuleBook rules)
        {
            var problems = new ProblemList(display);
            var stored = StoredInputs.LoadReference(connection, transaction);
            var contracts = ReferenceFiles.ReadContracts(path, problems,
                stored.Communities.Select(c => c.Id).ToHashSet(StringComparer.Ordinal),
                stored.Companies.Select(c => c.Id).ToHashSet(StringComparer.Ordinal), rules, checkReferences: true);
            if (problems.Any) return (0, problems.ToList(), []);
            Sql.Execute(connection, transaction, "delete from contracts");
            using var copy = Copy(
                "copy contracts (contract_id, company_id, community_id, rule_set, quarterly_fee, start_quarter, end_quarter) from stdin (format binary)");
            foreach (var c in contracts)
            {
                copy.StartRow();
                copy.Write(c.Id, NpgsqlDbType.Text);
                copy.Write(c.CompanyId, NpgsqlDbType.Text);
                copy.Write(c.CommunityId, NpgsqlDbType.Text);
                copy.Write(c.RuleSet, NpgsqlDbType.Text);
                copy.Write(c.QuarterlyFee, NpgsqlDbType.Numeric);
                copy.Write(c.Start.ToString(), NpgsqlDbType.Text);
                if (c.End is { } end) copy.Write(end.ToString(), NpgsqlDbType.Text);
                else copy.WriteNull();
            }
            copy.Complete();
            return (contracts.Count, [], []);
        }

        public (int, IReadOnlyList<InputProblem>, IReadOnlyList<InputProblem>) Surveys(string path, IProgress<long>? progress)
        {
            var reference = StoredInputs.LoadReference(connection, transaction);
            var communityIds = EncodedCommunityIds(reference);
            var partition = MonthPartition.StartLoad(connection, transaction, "survey_responses", month!.Value, importId);
            var rows = 0;
            FileResult<SurveyMonth> result;
            using (var copy = new CopyPipeline<SurveyRow>(connection,
                       partition.CopyCommand("response_id, line, community_id, household_ref, cleaning, greening, \"order\", convenience"),
                       (BinaryCopyRows fields, in SurveyRow row) =>
                       {
                           fields.StartRow(8);
                           fields.Text(row.ResponseId);
                           fields.Int32(checked((int)row.Line));
                           fields.Encoded(communityIds[row.Community]);
                           fields.Text(row.HouseholdRef);
                           for (var item = 0; item < 4; item++)
                           {
                               var answer = (short)((row.Answers >> (3 * item)) & 7);
                               if (answer == 0) fields.Null();
                               else fields.Int16(answer);
                           }
                       }))
            {
                result = SurveyFile.Read(path, display, reference, progress, row =>
                {
                    copy.Add(row);
                    rows++;
                });
                if (!result.IsValid) return (0, result.Problems, result.Warnings);
                copy.Complete();
            }
            partition.ReplaceMonth();
            StoreReplacedAnswers(result.Data!.SupersededLines);
            StoreTallies(reference, result.Data.Tallies);
            return (rows, [], result.Warnings);
        }

        /// <summary>The lines whose answer a later one of the same household replaced (migration 0009), beside the month's responses.</summary>
        private void StoreReplacedAnswers(IReadOnlyList<long> lines)
        {
            var partition = MonthPartition.StartLoad(connection, transaction, "replaced_survey_answers", month!.Value, importId);
            using (var copy = Copy(partition.CopyCommand("line")))
            {
                foreach (var line in lines)
                {
                    copy.StartRow();
                    copy.Write(checked((int)line), NpgsqlDbType.Integer);
                }
                copy.Complete();
            }
            partition.ReplaceMonth();
        }

        /// <summary>The month's sums per community and answered-item pattern (migration 0008), beside its responses.</summary>
        private void StoreTallies(ReferenceData reference, SurveyTally?[] tallies)
        {
            var partition = MonthPartition.StartLoad(connection, transaction, "survey_tallies", month!.Value, importId);
            using (var copy = Copy(partition.CopyCommand("community_id, pattern, sums")))
            {
                for (var i = 0; i < tallies.Length; i++)
                {
                    if (tallies[i] is not { } tally) continue;
                    foreach (var (pattern, sums) in tally.PatternsWithResponses())
                    {
                        copy.StartRow();
                        copy.Write(reference.Communities[i].Id, NpgsqlDbType.Text);
                        copy.Write((short)pattern, NpgsqlDbType.Smallint);
                        copy.Write(sums, NpgsqlDbType.Array | NpgsqlDbType.Bigint);
                    }
                }
                copy.Complete();
            }
            partition.ReplaceMonth();
        }

        public (int, IReadOnlyList<InputProblem>, IReadOnlyList<InputProblem>) Committee(string path)
        {
            var reference = StoredInputs.LoadReference(connection, transaction);
            var result = CommitteeFile.Read(path, display, reference);
            if (!result.IsValid) return (0, result.Problems, result.Warnings);
            Sql.Execute(connection, transaction, "delete from committee_reports where month = $1", MonthText);
            var rows = 0;
            using var copy = Copy(
                "copy committee_reports (month, community_id, import_id, rating, issues_raised, issues_unresolved) from stdin (format binary)");
            for (var i = 0; i < reference.Communities.Count; i++)
            {
                if (result.Data![i] is not { } report) continue;
                copy.StartRow();
                copy.Write(MonthText, NpgsqlDbType.Text);
                copy.Write(reference.Communities[i].Id, NpgsqlDbType.Text);
                copy.Write(importId, NpgsqlDbType.Bigint);
                copy.Write(report.Rating, NpgsqlDbType.Numeric);
                copy.Write(report.IssuesRaised, NpgsqlDbType.Integer);
                copy.Write(report.IssuesUnresolved, NpgsqlDbType.Integer);
                rows++;
            }
            copy.Complete();
            return (rows, [], result.Warnings);
        }

        public (int, IReadOnlyList<InputProblem>, IReadOnlyList<InputProblem>) Grid(string path, IProgress<long>? progress)
        {
            var reference = StoredInputs.LoadReference(connection, transaction);
            var communityIds = EncodedCommunityIds(reference);
            var categories = new Dictionary<string, byte[]>(StringComparer.Ordinal); // a handful, used only by the sending thread
            var partition = MonthPartition.StartLoad(connection, transaction, "grid_incidents", month!.Value, importId);
            var rows = 0;
            using var copy = new CopyPipeline<GridRow>(connection,
                partition.CopyCommand("incident_id, line, community_id, category, reported_at, due_at, closed_at"),
                (BinaryCopyRows fields, in GridRow row) =>
                {
                    if (!categories.TryGetValue(row.Category, out var category)) categories[row.Category] = category = BinaryCopyRows.EncodeText(row.Category);
                    fields.StartRow(7);
                    fields.Text(row.IncidentId);
                    fields.Int32(checked((int)row.Line));
                    fields.Encoded(communityIds[row.Community]);
                    fields.Encoded(category);
                    fields.TimestampTz(row.ReportedAt);
                    fields.TimestampTz(row.DueAt);
                    if (row.ClosedAt is { } closed) fields.TimestampTz(closed);
                    else fields.Null();
                });
            // Overdue is decided when a payout is computed, with its own as-of time; the time here only fills the tally.
            var result = GridFile.Read(path, display, month!.Value, reference, DateTimeOffset.UnixEpoch, progress, row =>
            {
                copy.Add(row);
                rows++;
            });
            if (!result.IsValid) return (0, result.Problems, result.Warnings);
            copy.Complete();
            partition.ReplaceMonth();
            return (rows, [], result.Warnings);
        }

        /// <summary>Each community's id as a COPY field, encoded once rather than on each of its thousands of rows.</summary>
        private static byte[][] EncodedCommunityIds(ReferenceData reference) =>
            reference.Communities.Select(c => BinaryCopyRows.EncodeText(c.Id)).ToArray();
    }
}
