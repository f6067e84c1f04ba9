using QuasiProperty.Outputs;
using QuasiProperty.Scoring;
using QuasiProperty.Testing;

namespace QuasiProperty.Tests;

/// <summary>The worked example at the end of the spec, reproduced byte for byte.</summary>
public class WorkedExampleTests
{
    [Test]
    public void Ledger_and_months_equal_the_expected_files_byte_for_byte()
    {
        using var set = DataSet.FromSpecExample();
        var result = set.Assess();

        Assert.Multiple(() =>
        {
            Assert.That(Csv(s => LedgerCsv.WriteLedger(s, result.Assessments)), Is.EqualTo(Expected("ledger.csv")));
            Assert.That(Csv(s => LedgerCsv.WriteMonths(s, result.Assessments)), Is.EqualTo(Expected("months.csv")));
        });
    }

    [Test]
    public void April_components_are_the_ones_worked_out_by_hand()
    {
        using var set = DataSet.FromSpecExample();
        var april = set.Assess().Assessments.Single().Months[0];

        Assert.Multiple(() =>
        {
            Assert.That(april.Satisfaction.ValidResponses, Is.EqualTo(30));
            Assert.That(Money.Round(april.Satisfaction.Score!.Value), Is.EqualTo(83.33m));
            Assert.That(april.Committee!.Score, Is.EqualTo(83m));
            Assert.That(april.Grid!.Incidents, Is.EqualTo(3), "ILLEGAL_PARKING is not counted");
            Assert.That(april.Grid.Overdue, Is.EqualTo(1));
            Assert.That(april.Grid.Uncounted, Is.EqualTo(1));
            Assert.That(april.Grid.Weighted, Is.EqualTo(3.5m));
            Assert.That(april.Grid.Rate, Is.EqualTo(7m));
            Assert.That(april.Grid.Score, Is.EqualTo(50m));
            Assert.That(Money.Round(april.Score!.Value), Is.EqualTo(74.90m));
        });
    }

    [Test]
    public void The_quarter_is_paid_at_095_with_a_deduction_of_6000()
    {
        using var set = DataSet.FromSpecExample();
        var k1 = set.Assess().Assessments.Single();

        Assert.Multiple(() =>
        {
            Assert.That(k1.Status, Is.EqualTo(QuarterStatus.Assessed));
            Assert.That(k1.AssessedMonths, Is.EqualTo(2), "June has no data at all");
            Assert.That(k1.QuarterScore, Is.EqualTo(85.27m));
            Assert.That(k1.Band!.MinScore, Is.EqualTo(80m));
            Assert.That(k1.Floor, Is.Null);
            Assert.That(k1.PayRatio, Is.EqualTo(0.95m));
            Assert.That(k1.Payout, Is.EqualTo(114000.00m));
            Assert.That(k1.Deduction, Is.EqualTo(6000.00m));
            Assert.That(Explanation.Decision(k1).Zh, Is.EqualTo("扣减 6,000.00 元"));
        });
    }

    private static byte[] Expected(string name) => File.ReadAllBytes(Path.Combine(TestPaths.SpecExample, "expected", name));

    private static byte[] Csv(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }
}
