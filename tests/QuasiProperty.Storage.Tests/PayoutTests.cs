using QuasiProperty.Outputs;
using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Storage.Tests;

public class PayoutTests : StoreFixture
{
    private static readonly Quarter Q3 = new(2025, 3);

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void The_samples_assessed_from_the_database_equal_file_mode_byte_for_byte(int quarterNumber)
    {
        var quarter = new Quarter(2025, quarterNumber);
        ImportSamples();

        var stored = Payout(quarter).Result;
        using var set = DataSet.FromSamples();
        var files = set.Assess(quarter, AsOf);

        Assert.Multiple(() =>
        {
            Assert.That(Bytes(s => LedgerCsv.WriteLedger(s, stored.Assessments)), Is.EqualTo(Bytes(s => LedgerCsv.WriteLedger(s, files.Assessments))));
            Assert.That(Bytes(s => LedgerCsv.WriteMonths(s, stored.Assessments)), Is.EqualTo(Bytes(s => LedgerCsv.WriteMonths(s, files.Assessments))));
            Assert.That(stored.Assessments.Select(a => a.InputDigest), Is.EqualTo(files.Assessments.Select(a => a.InputDigest)));
        });
    }

    [Test]
    public void Open_incidents_are_overdue_from_the_database_exactly_when_they_are_from_the_files()
    {
        // March 2025 ends with open incidents due on 1 April at 11:50 and 12:05: overdue as of the 2026
        // payout, not yet as of the first of April at midnight.
        var quarter = new Quarter(2025, 1);
        var early = new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.FromHours(8));
        ImportSamples();
        using var set = DataSet.FromSamples();

        var stored = StoredAssessment(quarter, early);
        var files = set.Assess(quarter, early);
        var later = StoredAssessment(quarter, AsOf);

        Assert.Multiple(() =>
        {
            Assert.That(stored.Assessments.Select(a => a.InputDigest), Is.EqualTo(files.Assessments.Select(a => a.InputDigest)));
            Assert.That(Bytes(s => LedgerCsv.WriteMonths(s, stored.Assessments)), Is.EqualTo(Bytes(s => LedgerCsv.WriteMonths(s, files.Assessments))));
            Assert.That(stored.Assessments.Select(a => a.InputDigest), Is.Not.EqualTo(later.Assessments.Select(a => a.InputDigest)),
                "the as-of time decides which open incidents are overdue");
        });
    }

    [Test]
    public void Running_the_payout_twice_with_unchanged_inputs_keeps_one_revision()
    {
        ImportSamples();
        var first = Payout(Q3);
        var second = Payout(Q3);

        Assert.Multiple(() =>
        {
            Assert.That(first.Revisions.All(r => r.Created && r.Revision == 1), Is.True);
            Assert.That(second.Revisions.Any(r => r.Created), Is.False);
            Assert.That(Db.Scalar<long>("select count(*) from payout_revisions where quarter = '2025Q3'"), Is.EqualTo(5));
        });
    }

    [Test]
    public void Two_payouts_of_the_same_quarter_at_the_same_time_record_one_revision_per_contract()
    {
        ImportSamples();
        using var start = new Barrier(2);
        var runs = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return Payout(Q3);
        })).ToArray();
        Task.WaitAll(runs);

        Assert.Multiple(() =>
        {
            Assert.That(runs.Sum(r => r.Result.Revisions.Count(x => x.Created)), Is.EqualTo(5), "each contract recorded by exactly one of them");
            Assert.That(runs.Select(r => r.Result.Revisions.All(x => x.Revision == 1)), Is.All.True);
            Assert.That(Db.Scalar<long>("select count(*) from payout_revisions where quarter = '2025Q3'"), Is.EqualTo(5));
        });
    }

    [Test]
    public void A_changed_input_creates_revision_2_and_keeps_revision_1_intact_and_superseded()
    {
        ImportSamples();
        Payout(Q3);
        var revision1 = Db.Scalar<string>("select r::text from payout_revisions r where contract_id = 'HT2025-01' and quarter = '2025Q3' and revision = 1");
        using var folder = new TempFolder();
        var corrected = folder.Combine("2025-07.csv");
        File.WriteAllText(corrected, File.ReadAllText(Sample("committee/2025-07.csv")).Replace("SJ,80,6,2", "SJ,99,6,2", StringComparison.Ordinal));
        Importer.Import(ImportSource.Committee, corrected);

        var rerun = Payout(Q3);

        var history = PayoutRevisions.History(Db.DataSource.OpenConnection(), Q3, "HT2025-01");
        Assert.Multiple(() =>
        {
            Assert.That(rerun.Revisions.Where(r => r.Created).Select(r => (r.ContractId, r.Revision)), Is.EqualTo(new[] { ("HT2025-01", 2) }));
            Assert.That(history.Select(h => (h.Revision, h.Superseded)), Is.EqualTo(new[] { (1, true), (2, false) }));
            Assert.That(history[0].Payout, Is.EqualTo(151200.00m));
            Assert.That(history[1].Payout, Is.EqualTo(159600.00m));
            Assert.That(history[1].InputDigest, Is.Not.EqualTo(history[0].InputDigest));
            Assert.That(Db.Scalar<string>("select r::text from payout_revisions r where contract_id = 'HT2025-01' and quarter = '2025Q3' and revision = 1"),
                Is.EqualTo(revision1), "revision 1 is exactly as it was");
        });
    }

    [TestCase("update payout_revisions set payout = 0")]
    [TestCase("delete from payout_revisions")]
    [TestCase("truncate payout_revisions")]
    public void The_database_refuses_to_change_or_remove_a_revision(string sql)
    {
        ImportSamples();
        Payout(Q3);
        var before = Db.Fingerprint();

        // UPDATE and DELETE meet the trigger; TRUNCATE is stopped even earlier, by the reports that reference the revisions.
        var refused = Assert.Throws<Npgsql.PostgresException>(() => Db.Execute(sql))!;
        Assert.That(refused.MessageText, Does.Contain("permanent record").Or.Contain("cannot truncate a table referenced in a foreign key"));
        Assert.That(Db.Fingerprint(), Is.EqualTo(before));
    }

    [Test]
    public void A_revision_stores_the_ledger_line_months_rules_digest_and_working()
    {
        ImportSamples();
        var run = Payout(Q3);
        var stored = PayoutRevisions.History(Db.DataSource.OpenConnection(), Q3, "HT2025-01").Single();
        var assessment = run.Result.Assessments.Single(a => a.Contract.Id == "HT2025-01");
        Assert.Multiple(() =>
        {
            Assert.That(stored.LedgerLine, Is.EqualTo(LedgerCsv.LedgerRow(assessment)));
            Assert.That(stored.MonthsCsv, Is.EqualTo(LedgerCsv.MonthRows(assessment)));
            Assert.That(stored.RuleSet, Is.EqualTo("chaoyangmen"));
            Assert.That(stored.RuleVersion, Is.EqualTo(2));
            Assert.That(stored.RuleSha256, Is.EqualTo(assessment.Rules.Sha256));
            Assert.That(stored.InputDigest, Is.EqualTo(assessment.InputDigest));
            Assert.That(stored.Working, Does.Contain("\"input_digest\": \"" + assessment.InputDigest + "\""));
        });
    }

    [Test]
    public void A_payout_with_an_edited_rule_version_that_has_recorded_payouts_is_refused()
    {
        ImportSamples();
        Payout(Q3);
        using var set = DataSet.FromSamples();
        File.Delete(Path.Combine(set.Rules, "chaoyangmen", QuasiProperty.Rules.UsedVersions.FileName)); // only the database's record can tell
        set.WriteRule("chaoyangmen/v2.yaml", set.ReadRule("chaoyangmen/v2.yaml").Replace("overdue_weight: 1.5", "overdue_weight: 1.25", StringComparison.Ordinal));
        var before = Db.Fingerprint();

        var refused = Assert.Throws<InvalidInputException>(() => Payout(Q3, set.Rules))!;

        Assert.Multiple(() =>
        {
            Assert.That(refused.Problems.Single().File, Does.EndWith("chaoyangmen/v2.yaml"));
            Assert.That(refused.Problems.Single().Message, Does.Contain("version 2 of 'chaoyangmen' has recorded payouts made with SHA-256 " + QuasiProperty.Rules.RuleFileReader.Load(TestPaths.Rules).VersionsOf("chaoyangmen")[1].Sha256));
            Assert.That(Db.Fingerprint(), Is.EqualTo(before), "nothing recorded");
        });
    }

    private static byte[] Bytes(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }
}
