using System.Text;
using QuasiProperty.Feedback;
using QuasiProperty.Inputs;
using QuasiProperty.Model;
using QuasiProperty.Rules;
using QuasiProperty.Testing;
using QuasiProperty.Time;
using static QuasiProperty.Tests.FeedbackExample;

namespace QuasiProperty.Tests;

/// <summary>
/// The input rules of v1.1's files (feedback.md §1–§3): <c>community/</c>, <c>disputes.csv</c> and <c>clues/</c> are
/// read with v1's strictness, and every rejected input is named exactly as <c>file:line: column: problem</c>. Each
/// test starts from feedback.md's worked example and changes one thing.
/// </summary>
[TestFixture]
public sealed class FeedbackInputValidationTests
{
    // ----- the worked example -----

    [Test]
    public void TheWorkedExamplesFeedbackFilesAreRead()
    {
        using var set = Create();
        var reference = new ReferenceData(
            [new Community("A", "示例社区", 500)], [new Company("P1", "示例物业")],
            [new Contract("K1", "P1", "A", "chaoyangmen", 120000.00m, new Quarter(2025, 1), null)]);

        var read = QuarterReader.Read(new DataFolder(set.Data), DataSet.ExampleQuarter.Months, reference, DataSet.ExampleAsOf);

        var (april, may, june) = (read.Months[0].Feedback, read.Months[1].Feedback, read.Months[2].Feedback);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Warnings, Is.Empty);
            Assert.That(read.Disputes.Select(d => (d.Id, d.Line)), Is.EqualTo(new[] { ("D1", 2L), ("D2", 3L), ("D3", 4L), ("D4", 5L) }));
            Assert.That(read.Disputes[0], Is.EqualTo(new Dispute("D1", "K1", new Month(2025, 4), DisputeKind.Grid, "G2",
                new DateTimeOffset(2025, 5, 6, 10, 0, 0, ChinaTime.Offset), "道路遗撒系施工单位造成，不属服务范围", DisputeStatus.Pending, null, null, 2)));
            Assert.That(read.Disputes[1], Is.EqualTo(new Dispute("D2", "K1", new Month(2025, 4), DisputeKind.Committee, "1",
                new DateTimeOffset(2025, 5, 6, 10, 30, 0, ChinaTime.Offset), "该问题已于月底前解决", DisputeStatus.Rejected,
                new DateTimeOffset(2025, 6, 12, 15, 0, 0, ChinaTime.Offset), "联席会第12次会议", 3)));
            Assert.That(read.Disputes[2].Status, Is.EqualTo(DisputeStatus.Withdrawn));
            Assert.That(april.Assessments, Is.EqualTo(new[] { new CommunityAssessment(90.00m, "示例社区居委会", null) }));
            Assert.That(may.Assessments, Is.EqualTo(new[] { new CommunityAssessment(70.00m, "示例社区居委会", "胡同东段垃圾桶满溢, 两次") }));
            Assert.That(june.Assessments, Is.Null);
            Assert.That(april.ContestedIncidents.Keys.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "G1", "G2", "G3" }));
            Assert.That(april.ContestedIncidents["G2"], Is.EqualTo(new ContestedIncident("G2", "A", "ROAD_DIRT", Overdue: true, Open: false)));
            Assert.That(april.Clues?.Select(c => c.Id), Is.EqualTo(new[] { "L1", "L2", "L3", "L4", "L5", "L6" }));
            Assert.That(april.Clues?[2], Is.EqualTo(new Clue("L3", "A", "h-002", new DateTimeOffset(2025, 4, 10, 19, 30, 0, ChinaTime.Offset),
                ClueKind.Suggestion, true)));
            Assert.That(may.Clues?.Select(c => c.Useful), Is.EqualTo(new bool?[] { true, true, true, true, true, true, null }));
            Assert.That(june.Clues, Is.Null);
        }
    }

    [Test]
    public void TheWorkedExampleIsAssessedAsAFeedbackRun()
    {
        using var set = Create();

        var result = set.Assess();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsFeedbackRun, Is.True);
            Assert.That(result.Assessments[0].Feedback?.OpenDisputes, Is.EqualTo(1));
        }
    }

    // ----- every file: header and encoding -----

    [TestCase(AprilCommunity, "score")]
    [TestCase(Disputes, "status")]
    [TestCase(AprilClues, "useful")]
    public void MissingColumnIsReportedOnTheHeaderLine(string file, string column)
    {
        using var set = Create();
        EditColumns(set, file, cells => cells.Where((_, i) => i != ColumnIndex(set, file, column)).ToArray());

        AssertProblems(set, $"{file}:1: {column}: column is missing from the header");
    }

    [TestCase(AprilCommunity)]
    [TestCase(Disputes)]
    [TestCase(AprilClues)]
    public void Utf16FileIsRejectedWhole(string file)
    {
        using var set = Create();
        set.WriteBytes(file, [.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes(set.Read(file))]);

        AssertProblems(set, $"{file}: file: is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\" in Excel) or GB18030");
    }

    [TestCase(MayCommunity)]
    [TestCase(Disputes)]
    public void Gb18030FileIsReadAsTheSameText(string file)
    {
        using var set = Create();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        set.WriteBytes(file, Encoding.GetEncoding(54936).GetBytes(set.Read(file).Replace("\n", "\r\n", StringComparison.Ordinal)));

        var read = Read(set);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Months[1].Feedback.Assessments?[0]?.Note, Is.EqualTo("胡同东段垃圾桶满溢, 两次"));
            Assert.That(read.Disputes[1].DecidedBy, Is.EqualTo("联席会第12次会议"));
        }
    }

    [Test]
    public void AFileWithOneBadRowIsRejectedWhole()
    {
        using var set = Create();
        SetCell(set, AprilClues, 4, "useful", "maybe");

        var result = CluesFile.Read(Path.Combine(set.Data, AprilClues), AprilClues, new Month(2025, 4), Reference(set));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Data, Is.Null, "nothing of a rejected file is used");
            Assert.That(result.Problems.Select(p => p.ToString()),
                Is.EqualTo(new[] { $"{AprilClues}:4: useful: must be yes, no, or empty while not yet judged; it is 'maybe'" }));
        }
    }

    [Test]
    public void EveryProblemOfTheFeedbackFilesIsListedInOneException()
    {
        using var set = Create();
        SetCell(set, AprilCommunity, 2, "score", "101");
        SetCell(set, Disputes, 4, "status", "closed");
        SetCell(set, MayClues, 3, "kind", "tip");

        AssertProblems(set,
            $"{Disputes}:4: status: must be pending, upheld, rejected or withdrawn; it is 'closed'",
            $"{AprilCommunity}:2: score: must be a number from 0 to 100 with at most 2 decimals, e.g. 87.50; it is '101'",
            $"{MayClues}:3: kind: must be clue or suggestion; it is 'tip'");
    }

    // ----- community/ -----

    [TestCase("101")]
    [TestCase("100.01")]
    [TestCase("-1")]
    [TestCase("87.505")]
    [TestCase("1e2")]
    [TestCase("good")]
    public void CommunityScoreOutsideZeroToHundredOrWithMoreThanTwoDecimalsIsRejected(string score)
    {
        using var set = Create();
        SetCell(set, AprilCommunity, 2, "score", score);

        AssertProblems(set, $"{AprilCommunity}:2: score: must be a number from 0 to 100 with at most 2 decimals, e.g. 87.50; it is '{score}'");
    }

    [TestCase("0", 0)]
    [TestCase("100", 100)]
    [TestCase("87.5", 87.5)]
    [TestCase("99.99", 99.99)]
    public void CommunityScoreFromZeroToHundredIsAccepted(string score, decimal expected)
    {
        using var set = Create();
        SetCell(set, AprilCommunity, 2, "score", score);

        Assert.That(Read(set).Months[0].Feedback.Assessments?[0]?.Score, Is.EqualTo(expected));
    }

    [TestCase("community_id")]
    [TestCase("score")]
    [TestCase("assessed_by")]
    public void EmptyRequiredCommunityCellIsRejected(string column)
    {
        using var set = Create();
        SetCell(set, AprilCommunity, 2, column, "");

        AssertProblems(set, $"{AprilCommunity}:2: {column}: is empty; a value is required");
    }

    [Test]
    public void UnknownCommunityIsRejected()
    {
        using var set = Create();
        SetCell(set, AprilCommunity, 2, "community_id", "B");

        AssertProblems(set, $"{AprilCommunity}:2: community_id: 'B' is not a community in communities.csv");
    }

    [Test]
    public void SecondAssessmentOfACommunityInAMonthIsRejected()
    {
        using var set = Create();
        set.Write(AprilCommunity, set.Read(AprilCommunity) + "A,80.00,另一个居委会,\n");

        AssertProblems(set, $"{AprilCommunity}:3: community_id: 'A' already has a row on line 2; a community has at most one assessment a month");
    }

    // ----- disputes.csv: each row's own fields -----

    [Test]
    public void RepeatedDisputeIdIsRejected()
    {
        using var set = Create();
        SetCell(set, Disputes, 4, "dispute_id", "D1");

        AssertProblems(set, $"{Disputes}:4: dispute_id: 'D1' appears again; it is already on line 2");
    }

    [TestCase("dispute_id", "is empty; a value is required")]
    [TestCase("contract_id", "is empty; a value is required")]
    [TestCase("month", "is empty; a value is required")]
    [TestCase("kind", "is empty; a value is required")]
    [TestCase("ref", "is empty; a grid dispute names the incident_id it contests")]
    [TestCase("filed_at", "is empty; a value is required")]
    [TestCase("reason", "is empty; a value is required")]
    [TestCase("status", "is empty; a value is required")]
    public void EmptyRequiredDisputeCellIsRejected(string column, string message)
    {
        using var set = Create();
        SetCell(set, Disputes, 2, column, "");

        AssertProblems(set, $"{Disputes}:2: {column}: {message}");
    }

    [Test]
    public void UnknownContractIsRejected()
    {
        using var set = Create();
        SetCell(set, Disputes, 2, "contract_id", "K9");

        AssertProblems(set, $"{Disputes}:2: contract_id: 'K9' is not a contract in contracts.csv");
    }

    [Test]
    public void ContractNotYetActiveInTheQuarterOfTheMonthIsRejected()
    {
        using var set = Create();
        SetCell(set, Disputes, 5, "month", "2024-12");

        AssertProblems(set, $"{Disputes}:5: contract_id: 'K1' is not active in 2024Q4, the quarter of month 2024-12; it runs from 2025Q1, open-ended");
    }

    [Test]
    public void ContractEndedBeforeTheQuarterOfTheMonthIsRejected()
    {
        using var set = Create();
        SetCell(set, "contracts.csv", 2, "end_quarter", "2025Q2");
        SetCell(set, Disputes, 5, "month", "2025-07");

        AssertProblems(set, $"{Disputes}:5: contract_id: 'K1' is not active in 2025Q3, the quarter of month 2025-07; it runs from 2025Q1 to 2025Q2");
    }

    [TestCase("2025-4")]
    [TestCase("2025-13")]
    [TestCase("2025Q2")]
    [TestCase("April")]
    public void MonthThatIsNotYyyyMmIsRejected(string month)
    {
        using var set = Create();
        SetCell(set, Disputes, 2, "month", month);

        AssertProblems(set, $"{Disputes}:2: month: must be a month such as 2025-04; it is '{month}'");
    }

    [TestCase("Grid")]
    [TestCase("satisfaction")]
    public void UnknownKindIsRejected(string kind)
    {
        using var set = Create();
        SetCell(set, Disputes, 2, "kind", kind);

        AssertProblems(set, $"{Disputes}:2: kind: must be grid or committee; it is '{kind}'");
    }

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("+1")]
    [TestCase("1.5")]
    [TestCase("one")]
    [TestCase("G2")]
    public void CommitteeRefThatIsNotAWholeNumberFromOneIsRejected(string value)
    {
        using var set = Create();
        SetCell(set, Disputes, 3, "ref", value);

        AssertProblems(set, $"{Disputes}:3: ref: must be a whole number of issues, 1 or more, for a committee dispute; it is '{value}'");
    }

    [Test]
    public void EmptyCommitteeRefSaysWhatItShouldHold()
    {
        using var set = Create();
        SetCell(set, Disputes, 3, "ref", "");

        AssertProblems(set, $"{Disputes}:3: ref: is empty; a committee dispute gives the number of unresolved issues it contests");
    }

    [TestCase("filed_at", "2025-05-06")]
    [TestCase("filed_at", "2025/05/06 10:00")]
    [TestCase("decided_at", "2025-06-12 下午")]
    public void BadDisputeTimestampIsRejected(string column, string value)
    {
        using var set = Create();
        SetCell(set, Disputes, 3, column, value);

        AssertProblems(set,
            $"{Disputes}:3: {column}: must be an ISO 8601 time such as 2025-04-03T09:10:00 (China time) or 2025-04-03T09:10:00+08:00; it is '{value}'");
    }

    [TestCase("open")]
    [TestCase("Pending")]
    [TestCase("accepted")]
    public void UnknownStatusIsRejectedWithTheAllowedValues(string status)
    {
        using var set = Create();
        SetCell(set, Disputes, 2, "status", status);

        AssertProblems(set, $"{Disputes}:2: status: must be pending, upheld, rejected or withdrawn; it is '{status}'");
    }

    [TestCase("rejected")]
    [TestCase("upheld")]
    public void DecidedDisputeWithoutItsDecisionIsRejected(string status)
    {
        using var set = Create();
        SetCell(set, Disputes, 3, "status", status);
        SetCell(set, Disputes, 3, "decided_at", "");
        SetCell(set, Disputes, 3, "decided_by", "");

        AssertProblems(set,
            $"{Disputes}:3: decided_at: is empty; a {status} dispute needs it",
            $"{Disputes}:3: decided_by: is empty; a {status} dispute needs it (the resolution, e.g. 联席会第12次会议)");
    }

    [TestCase(2, "pending", "decided_at", "2025-06-12T15:00:00")]
    [TestCase(2, "pending", "decided_by", "联席会第12次会议")]
    [TestCase(4, "withdrawn", "decided_at", "2025-06-12T15:00:00")]
    [TestCase(4, "withdrawn", "decided_by", "联席会第12次会议")]
    public void UndecidedDisputeWithADecisionIsRejected(int line, string status, string column, string value)
    {
        using var set = Create();
        SetCell(set, Disputes, line, column, value);

        AssertProblems(set, $"{Disputes}:{line}: {column}: must be empty while the dispute is {status}; it is '{value}'");
    }

    [TestCase("2025-05-06T10:29:59")]
    [TestCase("2025-05-06T02:29:59Z")] // 10:29:59 in China
    public void DecidedBeforeFiledIsRejected(string decidedAt)
    {
        using var set = Create();
        SetCell(set, Disputes, 3, "decided_at", decidedAt);

        AssertProblems(set, $"{Disputes}:3: decided_at: is earlier than filed_at");
    }

    [TestCase("2025-05-06T10:30:00")]
    [TestCase("2025-05-06T02:30:00Z")] // the same instant written in UTC
    public void DecidedExactlyWhenFiledIsAccepted(string decidedAt)
    {
        using var set = Create();
        SetCell(set, Disputes, 3, "decided_at", decidedAt);

        var decided = Read(set).Disputes[1];

        Assert.That(decided.DecidedAt, Is.EqualTo(decided.FiledAt));
    }

    // ----- disputes.csv: one incident, one live dispute -----

    [TestCase("pending")]
    [TestCase("upheld,2025-06-01T09:00:00,联席会第11次会议")]
    public void SecondLiveDisputeOfAnIncidentIsRejectedAndNamesTheFirst(string statusAndDecision)
    {
        using var set = Create();
        var decision = statusAndDecision.Contains(',', StringComparison.Ordinal) ? statusAndDecision : statusAndDecision + ",,";
        set.Write(Disputes, set.Read(Disputes) + $"D5,K1,2025-04,grid,G2,2025-05-20T09:00:00,再次申诉,{decision}\n");

        AssertProblems(set,
            $"{Disputes}:6: ref: incident G2 of 2025-04 is already contested by dispute D1 on line 2; an incident has at most one dispute that is not withdrawn");
    }

    [Test]
    public void ANewDisputeOfAWithdrawnDisputesIncidentIsAccepted()
    {
        using var set = Create();
        set.Write(Disputes, set.Read(Disputes) + "D5,K1,2025-04,grid,G3,2025-05-20T09:00:00,重新申诉,pending,,\n");

        var disputes = Read(set).Disputes;

        Assert.That(disputes.Where(d => d.Ref == "G3").Select(d => (d.Id, d.Status)),
            Is.EqualTo(new[] { ("D3", DisputeStatus.Withdrawn), ("D5", DisputeStatus.Pending) }));
    }

    [Test]
    public void TheSameIncidentIdInAnotherMonthIsAnotherIncident()
    {
        using var set = Create();
        set.Write("grid/2025-05.csv", set.Read("grid/2025-05.csv") + "G2,A,GARBAGE,2025-05-03T09:00:00,2025-05-04T09:00:00,\n");
        set.Write(Disputes, set.Read(Disputes) + "D5,K1,2025-05,grid,G2,2025-05-20T09:00:00,不属服务范围,pending,,\n");

        Assert.That(Read(set).Disputes, Has.Count.EqualTo(5));
    }

    // ----- disputes.csv against the months read -----

    [Test]
    public void GridDisputeOfAnIncidentThatIsNotInTheGridFileIsRejected()
    {
        using var set = Create();
        SetCell(set, Disputes, 2, "ref", "G9");

        AssertProblems(set, $"{Disputes}:2: ref: 'G9' is not an incident in grid/2025-04.csv");
    }

    [Test]
    public void GridDisputeOfAMonthWithoutAGridFileIsRejected()
    {
        using var set = Create();
        SetCell(set, Disputes, 5, "month", "2025-06");

        AssertProblems(set, $"{Disputes}:5: ref: incident 'G1' cannot be found: 2025-06 has no grid file (grid/2025-06.csv)");
    }

    [Test]
    public void GridDisputeOfAnIncidentInAnotherCommunityIsRejected()
    {
        using var set = Create();
        set.Write("communities.csv", set.Read("communities.csv") + "B,另一社区,300\n");
        set.Write("contracts.csv", set.Read("contracts.csv") + "K2,P1,B,chaoyangmen,90000.00,2025Q1,\n");
        set.Write(Disputes, set.Read(Disputes) + "D5,K2,2025-04,grid,G4,2025-05-20T09:00:00,不属服务范围,pending,,\n");

        AssertProblems(set, $"{Disputes}:6: ref: incident 'G4' is in community A, not in B, the community of contract K2");
    }

    [Test]
    public void CommitteeDisputeOfMoreIssuesThanUnresolvedIsRejected()
    {
        using var set = Create();
        SetCell(set, Disputes, 3, "ref", "2");

        AssertProblems(set, $"{Disputes}:3: ref: contests 2 issues, more than issues_unresolved (1) of community A in committee/2025-04.csv");
    }

    [Test]
    public void LiveCommitteeDisputesOfAContractAndMonthAddingUpToMoreThanUnresolvedAreRejected()
    {
        using var set = Create();
        set.Write(Disputes, set.Read(Disputes) + "D5,K1,2025-04,committee,1,2025-05-20T09:00:00,另一个问题也已解决,pending,,\n");

        AssertProblems(set,
            $"{Disputes}:6: ref: contests 1 issue; with the disputes on line 3 that are not withdrawn, contract K1 contests 2 issues of 2025-04, more than issues_unresolved (1) of community A in committee/2025-04.csv");
    }

    [Test]
    public void WithdrawnCommitteeDisputesDoNotCountAgainstTheUnresolvedIssues()
    {
        using var set = Create();
        ReplaceLine(set, Disputes, 3, "D2,K1,2025-04,committee,1,2025-05-06T10:30:00,该问题已于月底前解决,withdrawn,,");
        set.Write(Disputes, set.Read(Disputes) + "D5,K1,2025-04,committee,1,2025-05-20T09:00:00,重新申诉,pending,,\n");

        Assert.That(Read(set).Disputes.Where(d => d.Kind == DisputeKind.Committee).Select(d => d.Id), Is.EqualTo(new[] { "D2", "D5" }));
    }

    [Test]
    public void CommitteeDisputeOfACommunityWithoutACommitteeRowIsRejected()
    {
        using var set = Create();
        set.Write("committee/2025-05.csv", "community_id,rating,issues_raised,issues_unresolved\n");
        SetCell(set, Disputes, 3, "month", "2025-05");

        AssertProblems(set, $"{Disputes}:3: ref: community A has no row in committee/2025-05.csv, so it has no unresolved issues to contest");
    }

    [Test]
    public void CommitteeDisputeOfAMonthWithoutACommitteeFileIsRejected()
    {
        using var set = Create();
        SetCell(set, Disputes, 3, "month", "2025-06");

        AssertProblems(set, $"{Disputes}:3: ref: 2025-06 has no committee file (committee/2025-06.csv), so there are no unresolved issues to contest");
    }

    [Test]
    public void DisputeAboutAMonthOutsideTheQuarterIsCheckedForItsOwnFieldsOnly()
    {
        using var set = Create();
        // March's files are not read for 2025Q2: an incident no grid file holds, and more issues than any committee row.
        set.Write(Disputes, set.Read(Disputes)
            + "D5,K1,2025-03,grid,G99,2025-04-02T09:00:00,不属服务范围,pending,,\n"
            + "D6,K1,2025-03,committee,7,2025-04-02T09:00:00,已解决,pending,,\n");

        Assert.That(Read(set).Disputes.Select(d => d.Id), Is.EqualTo(new[] { "D1", "D2", "D3", "D4", "D5", "D6" }));

        SetCell(set, Disputes, 7, "kind", "other");
        AssertProblems(set, $"{Disputes}:7: kind: must be grid or committee; it is 'other'");
    }

    // ----- clues/ -----

    [Test]
    public void RepeatedClueIdInAMonthIsRejected()
    {
        using var set = Create();
        SetCell(set, AprilClues, 3, "clue_id", "L1");

        AssertProblems(set, $"{AprilClues}:3: clue_id: 'L1' appears again; it is already on line 2");
    }

    [TestCase("clue_id", "is empty; a value is required")]
    [TestCase("community_id", "is empty; a value is required")]
    [TestCase("household_ref", "is empty; a value is required (a pseudonym such as h-0412)")]
    [TestCase("received_at", "is empty; a value is required")]
    [TestCase("kind", "is empty; a value is required")]
    public void EmptyRequiredClueCellIsRejected(string column, string message)
    {
        using var set = Create();
        SetCell(set, AprilClues, 2, column, "");

        AssertProblems(set, $"{AprilClues}:2: {column}: {message}");
    }

    [Test]
    public void ClueOfAnUnknownCommunityIsRejected()
    {
        using var set = Create();
        SetCell(set, AprilClues, 2, "community_id", "B");

        AssertProblems(set, $"{AprilClues}:2: community_id: 'B' is not a community in communities.csv");
    }

    [TestCase("2025-05-01T00:00:00", "2025-05")] // no offset: China time
    [TestCase("2025-03-31T23:59:59", "2025-03")]
    [TestCase("2025-04-30T16:30:00Z", "2025-05")] // still April in UTC, May 1 00:30 in China
    public void ClueReceivedOutsideTheFilesMonthInChinaTimeIsRejected(string receivedAt, string actualMonth)
    {
        using var set = Create();
        SetCell(set, AprilClues, 2, "received_at", receivedAt);

        AssertProblems(set, $"{AprilClues}:2: received_at: is in {actualMonth} (China time), not in 2025-04, the month of this file");
    }

    [TestCase("2025-03-31T16:00:00Z")] // April 1 00:00 in China
    [TestCase("2025-04-30T23:59:59+08:00")]
    public void ClueReceivedInTheFilesMonthInChinaTimeIsAccepted(string receivedAt)
    {
        using var set = Create();
        SetCell(set, AprilClues, 2, "received_at", receivedAt);

        Assert.That(Read(set).Months[0].Feedback.Clues?[0].ReceivedAt, Is.EqualTo(ChinaTime.Parse(receivedAt)));
    }

    [Test]
    public void BadReceivedAtIsRejected()
    {
        using var set = Create();
        SetCell(set, AprilClues, 2, "received_at", "4月2日");

        AssertProblems(set,
            $"{AprilClues}:2: received_at: must be an ISO 8601 time such as 2025-04-03T09:10:00 (China time) or 2025-04-03T09:10:00+08:00; it is '4月2日'");
    }

    [TestCase("Clue")]
    [TestCase("complaint")]
    public void UnknownClueKindIsRejected(string kind)
    {
        using var set = Create();
        SetCell(set, AprilClues, 2, "kind", kind);

        AssertProblems(set, $"{AprilClues}:2: kind: must be clue or suggestion; it is '{kind}'");
    }

    [TestCase("Yes")]
    [TestCase("y")]
    [TestCase("1")]
    [TestCase("是")]
    [TestCase("maybe")]
    public void UsefulOtherThanYesNoOrEmptyIsRejected(string useful)
    {
        using var set = Create();
        SetCell(set, AprilClues, 2, "useful", useful);

        AssertProblems(set, $"{AprilClues}:2: useful: must be yes, no, or empty while not yet judged; it is '{useful}'");
    }

    [TestCase("yes", true)]
    [TestCase("no", false)]
    [TestCase("", null)]
    [TestCase("  ", null)] // trimmed: empty
    public void UsefulIsYesNoOrNotYetJudged(string useful, bool? expected)
    {
        using var set = Create();
        SetCell(set, AprilClues, 2, "useful", useful);

        Assert.That(Read(set).Months[0].Feedback.Clues?[0].Useful, Is.EqualTo(expected));
    }

    [Test]
    public void TheSameClueIdInAnotherMonthIsAnotherClue()
    {
        using var set = Create();

        var read = Read(set);

        Assert.That(read.Months[1].Feedback.Clues?[0].Id, Is.EqualTo(read.Months[0].Feedback.Clues?[0].Id));
    }

    // ----- helpers -----

    private static ReferenceData Reference(DataSet set) =>
        ReferenceFiles.Read(new DataFolder(set.Data), RuleFileReader.Load(set.Rules));

    /// <summary>Reads the example quarter's months as <c>qp assess</c> does.</summary>
    private static FolderMonths Read(DataSet set) =>
        QuarterReader.Read(new DataFolder(set.Data), DataSet.ExampleQuarter.Months, Reference(set), DataSet.ExampleAsOf);

    /// <summary>Assessing the example quarter is refused with exactly these problems, in this order (file names relative to the data folder).</summary>
    private static void AssertProblems(DataSet set, params string[] expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => set.Assess());
        var prefix = set.Data.Replace('\\', '/') + "/";
        Assert.That(e?.Problems.Select(p => p.ToString().StartsWith(prefix, StringComparison.Ordinal) ? p.ToString()[prefix.Length..] : p.ToString()),
            Is.EqualTo(expected));
    }

    private static int ColumnIndex(DataSet set, string file, string column)
    {
        var index = Array.IndexOf(set.Read(file).Split('\n')[0].Split(','), column);
        Assert.That(index, Is.GreaterThanOrEqualTo(0), $"{file} has no column {column}");
        return index;
    }

    /// <summary>Sets one cell (line numbers as in messages: the header is line 1); the file's cells hold no commas.</summary>
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

    /// <summary>Rewrites every non-blank line (header included) cell by cell.</summary>
    private static void EditColumns(DataSet set, string file, Func<string[], string[]> edit)
    {
        var lines = set.Read(file).Split('\n')
            .Select(l => l.Length == 0 ? l : string.Join(',', edit(l.Split(','))));
        set.Write(file, string.Join('\n', lines));
    }
}
