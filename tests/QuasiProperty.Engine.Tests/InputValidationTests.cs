using System.Text;
using QuasiProperty.Inputs;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Tests;

/// <summary>
/// The input rules of the contract (assessment.md, "Input data"): every rejected input names the
/// file, the line, the column and what is wrong; accepted variations (BOM, GB18030, blank lines,
/// spaces) give the worked example's numbers. Each test starts from the spec's worked example and
/// changes one thing.
/// </summary>
[TestFixture]
public sealed class InputValidationTests
{
    private const string Surveys = "surveys/2025-04.csv";
    private const string Committee = "committee/2025-04.csv";
    private const string Grid = "grid/2025-04.csv";
    private const string Communities = "communities.csv";
    private const string Companies = "companies.csv";
    private const string Contracts = "contracts.csv";

    // ----- header -----

    [TestCase(Surveys, "order")]
    [TestCase(Committee, "issues_raised")]
    [TestCase(Grid, "due_at")]
    [TestCase(Communities, "households")]
    [TestCase(Companies, "name")]
    [TestCase(Contracts, "end_quarter")]
    public void MissingColumnIsReportedOnTheHeaderLine(string file, string column)
    {
        using var set = DataSet.FromSpecExample();
        EditColumns(set, file, cells => cells.Where((_, i) => i != ColumnIndex(set, file, column)).ToArray());

        var problems = Rejected(set);

        AssertOnlyProblem(problems, file, 1, column, "missing");
    }

    [TestCase(Surveys)]
    [TestCase(Committee)]
    [TestCase(Grid)]
    [TestCase(Communities)]
    [TestCase(Companies)]
    [TestCase(Contracts)]
    public void ExtraColumnIsRejected(string file)
    {
        using var set = DataSet.FromSpecExample();
        var header = set.Read(file).Split('\n')[0];
        EditColumns(set, file, cells => [.. cells, "x"]);
        ReplaceLine(set, file, 1, header + ",comment");

        var problems = Rejected(set);

        AssertOnlyProblem(problems, file, 1, "comment", "is not a column of this file");
    }

    [TestCase(Surveys, "community_id")]
    [TestCase(Committee, "rating")]
    [TestCase(Grid, "category")]
    [TestCase(Contracts, "contract_id")]
    public void ColumnTwiceInTheHeaderIsRejected(string file, string column)
    {
        using var set = DataSet.FromSpecExample();
        var index = ColumnIndex(set, file, column);
        EditColumns(set, file, cells => [.. cells, cells[index]]);

        var problems = Rejected(set);

        AssertOnlyProblem(problems, file, 1, column, "appears twice");
    }

    [Test]
    public void EmptyFileIsRejected()
    {
        using var set = DataSet.FromSpecExample();
        set.Write(Surveys, "");

        var problems = Rejected(set);

        AssertOnlyProblem(problems, Surveys, 0, "file", "is empty");
    }

    [TestCase(Communities)]
    [TestCase(Companies)]
    [TestCase(Contracts)]
    public void MissingReferenceFileIsRejected(string file)
    {
        using var set = DataSet.FromSpecExample();
        set.Delete(file);

        var problems = Rejected(set);

        AssertProblem(problems, file, 0, "file", "does not exist");
    }

    // ----- cells -----

    [TestCase("greening", "0")]
    [TestCase("greening", "6")]
    [TestCase("greening", "4.5")]
    [TestCase("greening", "x")]
    [TestCase("greening", "-1")]
    [TestCase("greening", "44")]
    [TestCase("greening", "４")]
    [TestCase("cleaning", "0")] // the first and last items too, since a row's answers are read from its end
    [TestCase("cleaning", "45")]
    [TestCase("convenience", "6")]
    [TestCase("convenience", "4 4")]
    public void SurveyAnswerOutsideOneToFiveIsRejected(string item, string answer)
    {
        using var set = DataSet.FromSpecExample();
        SetCell(set, Surveys, 5, item, answer);

        var problems = Rejected(set);

        AssertOnlyProblem(problems, Surveys, 5, item, "from 1 to 5");
    }

    [Test]
    public void AnswersAtTheEndOfTheRowCountAsWhenReadCellByCell()
    {
        // Every combination of four answers, each empty or 1 to 5, and some that tell the items apart: with the items as
        // the last columns, where a row's answers are read from its end in one go, and with them first, where they are
        // read cell by cell. The input digest covers each item's sums, which the satisfaction (equal weights) does not.
        var answers = new[] { "", "1", "2", "3", "4", "5" };
        var rows = (from a in answers from b in answers from c in answers from d in answers select string.Join(',', a, b, c, d))
            .Concat(Enumerable.Repeat("1,2,3,4", 10)).Concat(Enumerable.Repeat("5,,4,", 10))
            .Select((items, n) => (Id: $"R{n:D4}", Household: $"h{n:D4}", Items: items)).ToList();
        QuarterAssessment Assessed(bool itemsLast)
        {
            using var set = DataSet.FromSpecExample();
            set.Write(Surveys, itemsLast
                ? "response_id,community_id,household_ref,cleaning,greening,order,convenience\n" +
                  string.Concat(rows.Select(r => $"{r.Id},A,{r.Household},{r.Items}\n"))
                : "cleaning,greening,order,convenience,response_id,community_id,household_ref\n" +
                  string.Concat(rows.Select(r => $"{r.Items},{r.Id},A,{r.Household}\n")));
            return set.Assess().Assessments[0];
        }

        var last = Assessed(itemsLast: true);
        var first = Assessed(itemsLast: false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(last.Months[0].Satisfaction.ValidResponses, Is.EqualTo(6 * 6 * 6 * 6 - 1 + 20));
            Assert.That(last.Months[0].Satisfaction.EmptyResponses, Is.EqualTo(1));
            Assert.That(last.Months[0].Satisfaction, Is.EqualTo(first.Months[0].Satisfaction));
            Assert.That(last.InputDigest, Is.EqualTo(first.InputDigest));
        }
    }

    [Test]
    public void SurveyRowWithNoAnswerIsAcceptedButNotCounted()
    {
        using var set = DataSet.FromSpecExample();
        ReplaceLine(set, Surveys, 5, "R004,A,h004,,,,");

        var april = set.Assess().Assessments[0].Months[0].Satisfaction;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(april.ValidResponses, Is.EqualTo(29));
            Assert.That(april.EmptyResponses, Is.EqualTo(1));
        }
    }

    [TestCase(Surveys, 3, "response_id")]
    [TestCase(Surveys, 3, "community_id")]
    [TestCase(Surveys, 3, "household_ref")]
    [TestCase(Committee, 2, "community_id")]
    [TestCase(Committee, 2, "rating")]
    [TestCase(Committee, 2, "issues_raised")]
    [TestCase(Committee, 2, "issues_unresolved")]
    [TestCase(Grid, 3, "incident_id")]
    [TestCase(Grid, 3, "community_id")]
    [TestCase(Grid, 3, "category")]
    [TestCase(Grid, 3, "reported_at")]
    [TestCase(Grid, 3, "due_at")]
    [TestCase(Communities, 2, "community_id")]
    [TestCase(Communities, 2, "name")]
    [TestCase(Communities, 2, "households")]
    [TestCase(Companies, 2, "company_id")]
    [TestCase(Companies, 2, "name")]
    [TestCase(Contracts, 2, "contract_id")]
    [TestCase(Contracts, 2, "company_id")]
    [TestCase(Contracts, 2, "community_id")]
    [TestCase(Contracts, 2, "rule_set")]
    [TestCase(Contracts, 2, "quarterly_fee")]
    [TestCase(Contracts, 2, "start_quarter")]
    public void EmptyRequiredCellIsRejected(string file, int line, string column)
    {
        using var set = DataSet.FromSpecExample();
        SetCell(set, file, line, column, "");

        var problems = Rejected(set);

        AssertOnlyProblem(problems, file, line, column, "is empty");
    }

    [Test]
    public void EmptyEndQuarterMeansAnOpenContract()
    {
        using var set = DataSet.FromSpecExample();

        var result = set.Assess(new Quarter(2030, 4));

        Assert.That(result.Assessments.Select(a => a.Contract.Id), Is.EqualTo(new[] { "K1" }));
    }

    [TestCase(Surveys, 4)]
    [TestCase(Committee, 2)]
    [TestCase(Grid, 3)]
    public void UnknownCommunityInAMonthlyFileIsRejected(string file, int line)
    {
        using var set = DataSet.FromSpecExample();
        SetCell(set, file, line, "community_id", "B");

        var problems = Rejected(set);

        AssertOnlyProblem(problems, file, line, "community_id", "'B' is not a community");
    }

    [Test]
    public void RepeatedResponseIdReportsTheLaterLineAndNamesTheFirst()
    {
        using var set = DataSet.FromSpecExample();
        SetCell(set, Surveys, 10, "response_id", "R003");

        var problems = Rejected(set);

        AssertOnlyProblem(problems, Surveys, 10, "response_id", "'R003' appears again; it is already on line 4");
    }

    [Test]
    public void RepeatedIncidentIdReportsTheLaterLineAndNamesTheFirst()
    {
        using var set = DataSet.FromSpecExample();
        SetCell(set, Grid, 4, "incident_id", "G1");

        var problems = Rejected(set);

        AssertOnlyProblem(problems, Grid, 4, "incident_id", "already on line 2");
    }

    [TestCase(Communities, "A,重复社区,100", "community_id")]
    [TestCase(Companies, "P1,重复物业公司", "company_id")]
    [TestCase(Contracts, "K1,P1,A,chaoyangmen,1000.00,2025Q3,", "contract_id")]
    public void RepeatedIdInAReferenceFileIsRejected(string file, string row, string column)
    {
        using var set = DataSet.FromSpecExample();
        set.Write(file, set.Read(file) + row + "\n");

        var problems = Rejected(set);

        AssertOnlyProblem(problems, file, 3, column, "already on line 2");
    }

    [Test]
    public void SecondCommitteeRowForACommunityIsRejected()
    {
        using var set = DataSet.FromSpecExample();
        set.Write(Committee, set.Read(Committee) + "A,90,1,0\n");

        var problems = Rejected(set);

        AssertOnlyProblem(problems, Committee, 3, "community_id", "already has a row on line 2");
    }

    [Test]
    public void MoreUnresolvedThanRaisedIssuesIsRejected()
    {
        using var set = DataSet.FromSpecExample();
        SetCell(set, Committee, 2, "issues_unresolved", "4");

        var problems = Rejected(set);

        AssertOnlyProblem(problems, Committee, 2, "issues_unresolved", "more than issues_raised (3)");
    }

    [TestCase("issues_raised", "-1")]
    [TestCase("issues_raised", "2.5")]
    [TestCase("issues_unresolved", "-1")]
    [TestCase("issues_unresolved", "one")]
    public void IssueCountThatIsNotAWholeNumberIsRejected(string column, string value)
    {
        using var set = DataSet.FromSpecExample();
        SetCell(set, Committee, 2, column, value);

        var problems = Rejected(set);

        AssertOnlyProblem(problems, Committee, 2, column, "whole number");
    }

    [TestCase("100.5")]
    [TestCase("101")]
    [TestCase("-1")]
    [TestCase("-0.01")]
    [TestCase("high")]
    public void CommitteeRatingOutsideZeroToHundredIsRejected(string rating)
    {
        using var set = DataSet.FromSpecExample();
        SetCell(set, Committee, 2, "rating", rating);

        var problems = Rejected(set);

        AssertOnlyProblem(problems, Committee, 2, "rating", "from 0 to 100");
    }

    [TestCase("0", 0)]
    [TestCase("100", 95)]
    [TestCase("87.5", 82.5)]
    public void CommitteeRatingFromZeroToHundredIsAccepted(string rating, decimal expectedScore)
    {
        using var set = DataSet.FromSpecExample();
        SetCell(set, Committee, 2, "rating", rating);

        var april = set.Assess().Assessments[0].Months[0];

        Assert.That(april.Committee?.Score, Is.EqualTo(expectedScore));
    }

    // ----- grid timestamps -----

    [TestCase("2025-05-01T00:00:00", "2025-05-02T00:00:00", "2025-05")] // no offset: China time
    [TestCase("2025-03-31T23:59:59", "2025-04-01T23:59:59", "2025-03")]
    [TestCase("2025-04-30T16:30:00+00:00", "2025-05-01T16:30:00+00:00", "2025-05")] // April in UTC, May 1 00:30 in China
    [TestCase("2025-04-30T17:00:00Z", "2025-05-01T17:00:00Z", "2025-05")]
    [TestCase("2025-04-30T20:00:00-05:00", "2025-05-01T20:00:00-05:00", "2025-05")]
    public void IncidentReportedOutsideTheFilesMonthInChinaTimeIsRejected(string reportedAt, string dueAt, string actualMonth)
    {
        using var set = DataSet.FromSpecExample();
        ReplaceLine(set, Grid, 2, $"G1,A,GARBAGE,{reportedAt},{dueAt},{dueAt}");

        var problems = Rejected(set);

        AssertOnlyProblem(problems, Grid, 2, "reported_at", $"is in {actualMonth} (China time), not in 2025-04");
    }

    [TestCase("2025-03-31T16:30:00+00:00", "2025-04-01T16:30:00+00:00")] // March in UTC, April 1 00:30 in China
    [TestCase("2025-03-31T16:00:00Z", "2025-04-01T16:00:00Z")]
    [TestCase("2025-04-30T23:59:59+08:00", "2025-05-01T23:59:59+08:00")]
    [TestCase("2025-04-30T15:59:59Z", "2025-05-01T15:59:59Z")]
    [TestCase("2025-04-01T00:00:00", "2025-04-02T00:00:00")]
    [TestCase("2025-04-03T09:10:00.5+08:00", "2025-04-04T09:10:00.25Z")] // fractions of a second before an offset
    public void IncidentReportedInTheFilesMonthInChinaTimeIsAccepted(string reportedAt, string dueAt)
    {
        using var set = DataSet.FromSpecExample();
        ReplaceLine(set, Grid, 2, $"G1,A,GARBAGE,{reportedAt},{dueAt},{dueAt}");

        var grid = set.Assess().Assessments[0].Months[0].Grid;

        Assert.That(grid?.Incidents, Is.EqualTo(3));
    }

    [TestCase("2025-04-03T09:00:00", "2025-04-03T15:00:00", "due_at")]
    [TestCase("2025-04-03T01:05:00Z", "2025-04-03T15:00:00", "due_at")] // 09:05 China time, before 09:10
    [TestCase("2025-04-04T09:10:00", "2025-04-03T09:09:59", "closed_at")]
    [TestCase("2025-04-04T09:10:00", "2025-04-03T09:09:00+08:00", "closed_at")]
    public void DueOrClosedBeforeReportedIsRejected(string dueAt, string closedAt, string column)
    {
        using var set = DataSet.FromSpecExample();
        ReplaceLine(set, Grid, 2, $"G1,A,GARBAGE,2025-04-03T09:10:00,{dueAt},{closedAt}");

        var problems = Rejected(set);

        AssertOnlyProblem(problems, Grid, 2, column, "earlier than reported_at");
    }

    [TestCase("reported_at", "2025-04-03")]
    [TestCase("reported_at", "2025/04/03 09:10")]
    [TestCase("reported_at", "2025-04-31T09:00:00")]
    [TestCase("due_at", "2025-04-04T25:00:00")]
    [TestCase("due_at", "tomorrow")]
    [TestCase("closed_at", "2025-04-03T15:00:00+8")]
    [TestCase("closed_at", "2025-04-03T15:00:00 CST")]
    [TestCase("due_at", "2025-04-04T09:1/:00")] // a character below '0' where a digit belongs
    [TestCase("due_at", "2025-04-04T09:10:00.5/08:00")] // a fraction of a second, then neither an offset nor the end
    [TestCase("due_at", "0001-01-01T00:00:00")] // before the first instant a clock can show, once moved to UTC
    [TestCase("closed_at", "9999-12-31T23:00:00-05:00")]
    public void BadTimestampIsRejected(string column, string value)
    {
        using var set = DataSet.FromSpecExample();
        SetCell(set, Grid, 2, column, value);

        var problems = Rejected(set);

        AssertOnlyProblem(problems, Grid, 2, column, "must be an ISO 8601 time");
    }

    // ----- reference files -----

    [TestCase("quarterly_fee", "120000.001", "at most 2 decimals")]
    [TestCase("quarterly_fee", "0", "greater than 0")]
    [TestCase("quarterly_fee", "0.00", "greater than 0")]
    [TestCase("quarterly_fee", "-120000.00", "greater than 0")]
    [TestCase("quarterly_fee", "1.2e5", "amount in CNY")]
    [TestCase("company_id", "P9", "'P9' is not a company")]
    [TestCase("community_id", "B", "'B' is not a community")]
    [TestCase("rule_set", "dongsi", "'dongsi' is not a rule set")]
    [TestCase("end_quarter", "2024Q4", "is before start_quarter 2025Q1")]
    [TestCase("start_quarter", "2025-04", "must be a quarter")]
    [TestCase("start_quarter", "2025Q5", "must be a quarter")]
    [TestCase("end_quarter", "Q3", "must be a quarter")]
    public void InvalidContractIsRejected(string column, string value, string phrase)
    {
        using var set = DataSet.FromSpecExample();
        SetCell(set, Contracts, 2, column, value);

        var problems = Rejected(set);

        AssertOnlyProblem(problems, Contracts, 2, column, phrase);
    }

    [TestCase("0")]
    [TestCase("-3")]
    [TestCase("500.0")]
    [TestCase("many")]
    public void HouseholdsThatAreNotAPositiveWholeNumberAreRejected(string households)
    {
        using var set = DataSet.FromSpecExample();
        SetCell(set, Communities, 2, "households", households);

        var problems = Rejected(set);

        AssertOnlyProblem(problems, Communities, 2, "households", "whole number greater than 0");
    }

    // ----- malformed rows -----

    [TestCase("R004,A,h004,4,4,4,4,4", "7 fields")]
    [TestCase("R004,A,h004,4,4", "7 fields")]
    [TestCase("R004,A,h0\"04,4,4,4,4", "quote")]
    [TestCase("R004,\"A\"x,h004,4,4,4,4", "after the closing quote")]
    public void MalformedRowIsReportedWithItsLine(string row, string phrase)
    {
        using var set = DataSet.FromSpecExample();
        ReplaceLine(set, Surveys, 5, row);

        var problems = Rejected(set);

        AssertOnlyProblem(problems, Surveys, 5, "row", phrase);
    }

    [Test]
    public void UnclosedQuoteIsReportedWithItsLine()
    {
        using var set = DataSet.FromSpecExample();
        ReplaceLine(set, Surveys, 31, "R030,A,\"h030,5,,,");

        var problems = Rejected(set);

        AssertProblem(problems, Surveys, 31, "row", "never closed");
    }

    [Test]
    public void LinesAfterAMalformedRowKeepTheirNumbers()
    {
        using var set = DataSet.FromSpecExample();
        ReplaceLine(set, Surveys, 5, "R004,A,h0\"04,4,4,4,4");
        SetCell(set, Surveys, 8, "cleaning", "9");

        var problems = Rejected(set);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(problems, Has.Count.EqualTo(2), Describe(problems));
            AssertProblem(problems, Surveys, 5, "row", "quote");
            AssertProblem(problems, Surveys, 8, "cleaning", "from 1 to 5");
        }
    }

    // ----- all problems at once, whole files rejected -----

    [Test]
    public void EveryProblemInEveryMonthlyFileIsListedInOneException()
    {
        using var set = DataSet.FromSpecExample();
        SetCell(set, Surveys, 3, "cleaning", "9");
        SetCell(set, Surveys, 7, "household_ref", "");
        SetCell(set, "surveys/2025-05.csv", 4, "response_id", "");
        SetCell(set, "committee/2025-05.csv", 2, "rating", "200");
        SetCell(set, Grid, 4, "due_at", "soon");

        var problems = Rejected(set);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(problems, Has.Count.EqualTo(5), Describe(problems));
            AssertProblem(problems, Surveys, 3, "cleaning", "from 1 to 5");
            AssertProblem(problems, Surveys, 7, "household_ref", "is empty");
            AssertProblem(problems, "surveys/2025-05.csv", 4, "response_id", "is empty");
            AssertProblem(problems, "committee/2025-05.csv", 2, "rating", "from 0 to 100");
            AssertProblem(problems, Grid, 4, "due_at", "ISO 8601");
        }
    }

    [Test]
    public void EveryProblemInEveryReferenceFileIsListedInOneException()
    {
        using var set = DataSet.FromSpecExample();
        SetCell(set, Communities, 2, "households", "0");
        SetCell(set, Companies, 2, "name", "");
        SetCell(set, Contracts, 2, "quarterly_fee", "0");
        SetCell(set, Contracts, 2, "end_quarter", "2024Q1");

        var problems = Rejected(set);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(problems, Has.Count.EqualTo(4), Describe(problems));
            AssertProblem(problems, Communities, 2, "households", "greater than 0");
            AssertProblem(problems, Companies, 2, "name", "is empty");
            AssertProblem(problems, Contracts, 2, "quarterly_fee", "greater than 0");
            AssertProblem(problems, Contracts, 2, "end_quarter", "before start_quarter");
        }
    }

    [TestCase(MonthlySource.Surveys, Surveys, 9, "order", "7")]
    [TestCase(MonthlySource.Committee, Committee, 2, "rating", "120")]
    [TestCase(MonthlySource.Grid, Grid, 5, "closed_at", "2025-04-01T00:00:00")]
    public void FileWithOneBadRowIsRejectedWhole(MonthlySource source, string file, int line, string column, string value)
    {
        using var set = DataSet.FromSpecExample();
        SetCell(set, file, line, column, value);
        var reference = ReferenceFiles.Read(new DataFolder(set.Data), RuleFileReader.Load(set.Rules));
        var path = Path.Combine(set.Data, file);
        var display = file;

        var (data, problems) = source switch
        {
            MonthlySource.Surveys => Unpack(SurveyFile.Read(path, display, reference)),
            MonthlySource.Committee => Unpack(CommitteeFile.Read(path, display, reference)),
            _ => Unpack(GridFile.Read(path, display, new Month(2025, 4), reference, DataSet.ExampleAsOf)),
        };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(data, Is.Null, "no part of a rejected file is used");
            AssertOnlyProblem(problems, file, line, column, "");
            Assert.Throws<InvalidInputException>(() => set.Assess());
        }
    }

    // ----- encodings -----

    [TestCase(false)]
    [TestCase(true)]
    public void Utf16FileIsRejectedWithAMessageAboutTheEncoding(bool bigEndian)
    {
        using var set = DataSet.FromSpecExample();
        var encoding = bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode;
        set.WriteBytes(Surveys, [.. encoding.Preamble, .. encoding.GetBytes(set.Read(Surveys))]);

        var problems = Rejected(set);

        AssertOnlyProblem(problems, Surveys, 0, "file", "UTF-16");
    }

    [Test]
    public void FileOfBytesThatAreNeitherUtf8NorGb18030IsRejected()
    {
        using var set = DataSet.FromSpecExample();
        // A Latin-1 name with stray 0xFF 0xFE inside: 0xFF is never a byte of UTF-8 or GB18030 text.
        set.WriteBytes(Communities, [.. "community_id,name,households\nA,Caf"u8, 0xE9, 0xFF, 0xFE, .. " du Nord,500\n"u8]);

        var problems = Rejected(set);

        AssertOnlyProblem(problems, Communities, 2, "file", "neither UTF-8 nor GB18030");
    }

    [TestCase("household_ref")]
    [TestCase("response_id")]
    public void InvalidBytesPastTheFirstMegabyteAreReportedWithTheirLine(string column)
    {
        using var set = DataSet.FromSpecExample();
        var text = new StringBuilder(set.Read(Surveys));
        const int extra = 50_000; // about 1.2 MB: more than one chunk of the encoding check
        for (var i = 0; i < extra; i++) text.Append(System.Globalization.CultureInfo.InvariantCulture, $"X{i:D6},A,x{i:D6},4,4,4,4\n");
        var badLine = 31 + extra + 1;
        byte[] badRow = column == "household_ref"
            ? [.. "Y1,A,h"u8, 0xFF, 0xFE, .. ",4,4,4,4\n"u8]
            : [.. "Y"u8, 0xFF, 0xFE, .. ",A,y1,4,4,4,4\n"u8];
        set.WriteBytes(Surveys, [.. Encoding.UTF8.GetBytes(text.ToString()), .. badRow]);
        Assert.That(new FileInfo(Path.Combine(set.Data, Surveys)).Length, Is.GreaterThan(1 << 20));

        var problems = Rejected(set);

        // The bytes are neither UTF-8 nor GB18030, so the whole file is refused at the line where they are.
        AssertOnlyProblem(problems, Surveys, badLine, "file", "neither UTF-8 nor GB18030");
    }

    [Test]
    public void Gb18030FileWithChineseNamesIsAcceptedAndReadCorrectly()
    {
        using var set = DataSet.FromSpecExample();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb18030 = Encoding.GetEncoding(54936);
        set.WriteBytes(Communities, gb18030.GetBytes("community_id,name,households\r\nA,朝阳门北小街社区（史家胡同）,500\r\n"));
        set.WriteBytes(Companies, gb18030.GetBytes("company_id,name\r\nP1,北京市东城区示例物业服务有限公司\r\n"));

        var result = set.Assess();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Reference.Communities[0].Name, Is.EqualTo("朝阳门北小街社区（史家胡同）"));
            Assert.That(result.Reference.Communities[0].Households, Is.EqualTo(500));
            Assert.That(result.Reference.Companies[0].Name, Is.EqualTo("北京市东城区示例物业服务有限公司"));
            Assert.That(result.Assessments[0].QuarterScore, Is.EqualTo(85.27m));
        }
    }

    [Test]
    public void Gb18030FileWhoseChineseTextStartsPastTheFirstMegabyteIsAccepted()
    {
        using var set = DataSet.FromSpecExample();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = new StringBuilder(set.Read(Grid));
        const int extra = 15_000; // about 1.3 MB of ASCII rows: more than one chunk of the encoding check
        for (var i = 0; i < extra; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"X{i:D6},A,ILLEGAL_PARKING,2025-04-03T09:10:00,2025-04-04T09:10:00,2025-04-03T15:00:00\n");
        }
        text.Append("Y1,A,违章停车,2025-04-03T09:10:00,2025-04-04T09:10:00,2025-04-03T15:00:00\n");
        set.WriteBytes(Grid, Encoding.GetEncoding(54936).GetBytes(text.ToString()));
        Assert.That(new FileInfo(Path.Combine(set.Data, Grid)).Length, Is.GreaterThan(1 << 20));

        var grid = set.Assess().Assessments[0].Months[0].Grid;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(grid?.Incidents, Is.EqualTo(3));
            Assert.That(grid?.Uncounted, Is.EqualTo(extra + 2));
        }
    }

    [TestCase(Communities)]
    [TestCase(Companies)]
    [TestCase(Contracts)]
    [TestCase(Surveys)]
    [TestCase(Committee)]
    [TestCase(Grid)]
    public void Utf8FileWithByteOrderMarkIsAccepted(string file)
    {
        using var set = DataSet.FromSpecExample();
        set.WriteBytes(file, [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(set.Read(file))]);

        var result = set.Assess();

        Assert.That(result.Assessments[0].QuarterScore, Is.EqualTo(85.27m));
    }

    [Test]
    public void ExcelCsvUtf8WithByteOrderMarkAndCrLfIsAccepted()
    {
        using var set = DataSet.FromSpecExample();
        foreach (var file in new[] { Communities, Companies, Contracts, Surveys, Committee, Grid })
        {
            set.WriteBytes(file, [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(set.Read(file).Replace("\n", "\r\n", StringComparison.Ordinal))]);
        }

        var result = set.Assess();

        Assert.That(result.Assessments[0].QuarterScore, Is.EqualTo(85.27m));
    }

    // ----- layout tolerance -----

    [Test]
    public void BlankLinesAndLinesOfOnlyCommasAreIgnored()
    {
        using var set = DataSet.FromSpecExample();
        InsertLine(set, Surveys, 5, "");
        InsertLine(set, Surveys, 10, ",,,,,,");
        InsertLine(set, Surveys, 12, " , ,,  ,,,");
        set.Write(Surveys, set.Read(Surveys) + "\n\n,,,,,,\n");
        InsertLine(set, Committee, 2, ",,,");
        set.Write(Grid, set.Read(Grid) + ",,,,,\n\n");

        var result = set.Assess();

        var april = result.Assessments[0].Months[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(april.Satisfaction.ValidResponses, Is.EqualTo(30));
            Assert.That(april.Satisfaction.EmptyResponses, Is.Zero);
            Assert.That(april.Grid?.Incidents, Is.EqualTo(3));
            Assert.That(result.Assessments[0].QuarterScore, Is.EqualTo(85.27m));
        }
    }

    [TestCase(3, 4, ",,,,,,")]
    [TestCase(1, 1, "")] // before the header: an empty first line must not be taken for it
    public void LineNumbersCountBlankLines(int first, int second, string secondText)
    {
        using var set = DataSet.FromSpecExample();
        SetCell(set, Surveys, 5, "cleaning", "9");
        InsertLine(set, Surveys, first, "");
        InsertLine(set, Surveys, second, secondText);

        var problems = Rejected(set);

        AssertOnlyProblem(problems, Surveys, 7, "cleaning", "from 1 to 5");
    }

    [Test]
    public void LineNumbersCountBlankLinesBetweenWindowsLineBreaks()
    {
        using var set = DataSet.FromSpecExample();
        SetCell(set, Surveys, 5, "cleaning", "9");
        InsertLine(set, Surveys, 3, "");
        InsertLine(set, Surveys, 4, "");
        InsertLine(set, Surveys, 9, "R099,A,h099,4");
        set.Write(Surveys, set.Read(Surveys).Replace("\n", "\r\n", StringComparison.Ordinal));

        var problems = Rejected(set);

        using (Assert.EnterMultipleScope())
        {
            AssertProblem(problems, Surveys, 7, "cleaning", "from 1 to 5");
            AssertProblem(problems, Surveys, 9, "row", "7 fields");
            Assert.That(problems, Has.Count.EqualTo(2), Describe(problems));
        }
    }

    [Test]
    public void SpacesAroundCellsAreTrimmed()
    {
        using var set = DataSet.FromSpecExample();
        foreach (var file in new[] { Communities, Companies, Contracts, Surveys, Committee, Grid })
        {
            EditColumns(set, file, cells => [.. cells.Select(c => "  " + c + " ")]);
        }

        var result = set.Assess();

        var april = result.Assessments[0].Months[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Reference.Communities[0].Id, Is.EqualTo("A"));
            Assert.That(result.Reference.Communities[0].Name, Is.EqualTo("示例社区"));
            Assert.That(april.Satisfaction.ValidResponses, Is.EqualTo(30));
            Assert.That(Math.Round(april.Satisfaction.Score!.Value, 2), Is.EqualTo(83.33m));
            Assert.That(result.Assessments[0].QuarterScore, Is.EqualTo(85.27m));
        }
    }

    [Test]
    public void TabsAroundCellsAreTrimmedToo()
    {
        using var set = DataSet.FromSpecExample();
        EditColumns(set, Surveys, cells => [.. cells.Select(c => "\t" + c + " \t")]);

        var april = set.Assess().Assessments[0].Months[0];

        Assert.That(Math.Round(april.Satisfaction.Score!.Value, 2), Is.EqualTo(83.33m));
    }

    [Test]
    public void QuotedCellsAreTrimmedOutsideTheirQuotesOnly()
    {
        using var set = DataSet.FromSpecExample();
        // A file with quotes is read by the parser's own trimming: spaces before an opening quote
        // still open a quoted value, and spaces inside the quotes are part of the value.
        EditColumns(set, Surveys, cells => [.. cells.Select(c => "  \"" + c + "\"  ")]);

        var april = set.Assess().Assessments[0].Months[0];
        Assert.That(Math.Round(april.Satisfaction.Score!.Value, 2), Is.EqualTo(83.33m));

        using var spaceInside = DataSet.FromSpecExample();
        SetCell(spaceInside, Surveys, 5, "cleaning", "  \" 4 \" ");
        AssertOnlyProblem(Rejected(spaceInside), Surveys, 5, "cleaning", "it is ' 4 '");
    }

    // ----- households answering twice -----

    [TestCase("1,1,1,1", 80.83)] // (19 * 75 + 10 * 100 + 0) / 30
    [TestCase("5,5,5,5", 84.17)] // (19 * 75 + 10 * 100 + 100) / 30
    public void HouseholdAnsweringTwiceIsAWarningAndTheLaterLineCounts(string laterAnswers, decimal expectedSatisfaction)
    {
        using var set = DataSet.FromSpecExample();
        set.Write(Surveys, set.Read(Surveys) + $"R031,A,h001,{laterAnswers}\n");

        var result = set.Assess();

        var satisfaction = result.Assessments[0].Months[0].Satisfaction;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Warnings, Has.Count.EqualTo(1), Describe(result.Warnings));
            AssertProblem(result.Warnings, Surveys, 2, "household_ref", "answered again on line 32");
            Assert.That(satisfaction.ValidResponses, Is.EqualTo(30));
            Assert.That(Math.Round(satisfaction.Score!.Value, 2), Is.EqualTo(expectedSatisfaction));
        }
    }

    // ----- which files are read -----

    [Test]
    public void InvalidFileOfAnotherQuarterDoesNotMatter()
    {
        using var set = DataSet.FromSpecExample();
        set.Write("surveys/2025-07.csv", "not,a,survey\n1,2,3\n");
        set.Write("committee/2025-03.csv", "community_id,rating,issues_raised,issues_unresolved\nZ,900,1,5\n");
        set.Write("grid/2025-01.csv", "incident_id,community_id,category,reported_at,due_at,closed_at\nG9,A,GARBAGE,yesterday,,\n");

        var result = set.Assess();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Assessments[0].QuarterScore, Is.EqualTo(85.27m));
            Assert.That(result.Warnings, Is.Empty, Describe(result.Warnings));
            var problems = Assert.Throws<InvalidInputException>(() => set.Assess(new Quarter(2025, 3)))?.Problems ?? [];
            AssertProblem(problems, "surveys/2025-07.csv", 1, "response_id", "missing");
        }
    }

    [TestCase("surveys/2025-4.csv")]
    [TestCase("surveys/2025-04.CSV")]
    [TestCase("committee/April.csv")]
    [TestCase("committee/2025-04.csv.bak")]
    [TestCase("grid/2025-05 (1).csv")]
    public void StrayFileInAMonthlyFolderIsAWarning(string file)
    {
        using var set = DataSet.FromSpecExample();
        set.Write(file, set.Read(Surveys));

        var result = set.Assess();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Warnings, Has.Count.EqualTo(1), Describe(result.Warnings));
            AssertProblem(result.Warnings, file, 0, "file", "is not named YYYY-MM.csv");
            Assert.That(result.Assessments[0].QuarterScore, Is.EqualTo(85.27m));
        }
    }

    // ----- helpers -----

    private static IReadOnlyList<InputProblem> Rejected(DataSet set)
    {
        var e = Assert.Throws<InvalidInputException>(() => set.Assess());
        return e?.Problems ?? [];
    }

    /// <summary>The problem at <paramref name="file"/>:<paramref name="line"/> for <paramref name="field"/>, whose message contains <paramref name="phrase"/>.</summary>
    private static void AssertProblem(IReadOnlyList<InputProblem> problems, string file, long line, string field, string phrase)
    {
        var found = problems.FirstOrDefault(p => IsFile(p, file) && p.Line == line && p.Field == field);
        Assert.That(found, Is.Not.Null, $"expected {file}:{line}: {field}: …{phrase}…; got:\n{Describe(problems)}");
        Assert.That(found!.Message, Does.Contain(phrase).IgnoreCase, found.ToString());
    }

    private static void AssertOnlyProblem(IReadOnlyList<InputProblem> problems, string file, long line, string field, string phrase)
    {
        AssertProblem(problems, file, line, field, phrase);
        Assert.That(problems, Has.Count.EqualTo(1), Describe(problems));
    }

    private static bool IsFile(InputProblem problem, string file) =>
        problem.File == file || problem.File.EndsWith("/" + file, StringComparison.Ordinal);

    private static string Describe(IEnumerable<InputProblem> problems) => string.Join("\n", problems);

    private static (object? Data, IReadOnlyList<InputProblem> Problems) Unpack<T>(FileResult<T> result)
        where T : class => (result.Data, result.Problems);

    private static int ColumnIndex(DataSet set, string file, string column)
    {
        var index = Array.IndexOf(set.Read(file).Split('\n')[0].Split(','), column);
        Assert.That(index, Is.GreaterThanOrEqualTo(0), $"{file} has no column {column}");
        return index;
    }

    /// <summary>Sets one cell (line numbers as in messages: the header is line 1).</summary>
    private static void SetCell(DataSet set, string file, int line, string column, string value)
    {
        var index = ColumnIndex(set, file, column);
        var lines = set.Read(file).Split('\n');
        var cells = lines[line - 1].Split(',');
        cells[index] = value;
        lines[line - 1] = string.Join(',', cells);
        set.Write(file, string.Join('\n', lines));
    }

    private static void ReplaceLine(DataSet set, string file, int line, string text)
    {
        var lines = set.Read(file).Split('\n');
        lines[line - 1] = text;
        set.Write(file, string.Join('\n', lines));
    }

    /// <summary>Inserts <paramref name="text"/> so that it becomes line <paramref name="line"/>.</summary>
    private static void InsertLine(DataSet set, string file, int line, string text)
    {
        var lines = set.Read(file).Split('\n').ToList();
        lines.Insert(line - 1, text);
        set.Write(file, string.Join('\n', lines));
    }

    /// <summary>Rewrites every non-blank line (header included) cell by cell.</summary>
    private static void EditColumns(DataSet set, string file, Func<string[], string[]> edit)
    {
        var lines = set.Read(file).Split('\n')
            .Select(l => l.Length == 0 ? l : string.Join(',', edit(l.Split(','))));
        set.Write(file, string.Join('\n', lines));
    }
}
