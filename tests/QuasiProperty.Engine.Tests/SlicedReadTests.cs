using System.Globalization;
using System.Text;
using QuasiProperty.Inputs.Csv;
using QuasiProperty.Inputs;
using QuasiProperty.Model;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Testing;
using QuasiProperty.Time;

namespace QuasiProperty.Tests;

/// <summary>
/// Large files are read on all cores in slices cut at line starts (<see cref="SlicedRead"/>). Reading
/// a file in many tiny slices must give exactly what reading it in one piece gives: the same tallies,
/// the same warnings on the same lines, and for a bad file the same problems.
/// </summary>
[TestFixture]
public sealed class SlicedReadTests
{
    private const int Whole = int.MaxValue;
    private const int Tiny = 200; // bytes: a sample month becomes dozens of slices

    [TestCase("2025-04")]
    [TestCase("2025-07")]
    public void SurveyMonthInSlicesEqualsTheWholeFile(string month)
    {
        using var set = DataSet.FromSamples();
        // A household answering twice, its two answers in different slices, and a blank line.
        var path = Path.Combine(set.Data, "surveys", month + ".csv");
        var lines = File.ReadAllLines(path).ToList();
        var household = lines[3].Split(',')[2];
        var community = lines[3].Split(',')[1];
        lines.Add("");
        lines.Add($"S-LATE-1,{community},{household},1,2,3,4");
        File.WriteAllLines(path, lines);
        var reference = Reference(set);

        var whole = SurveyFile.Read(path, "s", reference, null, null, Whole);
        var sliced = SurveyFile.Read(path, "s", reference, null, null, Tiny);

        Assert.That(whole.IsValid, Is.True);
        Assert.That(sliced.IsValid, Is.True);
        Assert.That(Bytes(sliced.Data!.Tallies), Is.EqualTo(Bytes(whole.Data!.Tallies)));
        Assert.That(sliced.Data.SupersededLines, Is.EqualTo(whole.Data.SupersededLines));
        Assert.That(sliced.Warnings, Is.EqualTo(whole.Warnings));
        Assert.That(whole.Warnings.Select(w => w.Line), Does.Contain(4L), "the earlier answer of the household is the one that does not count");
    }

    [Test]
    public void LinesEndedByALoneCarriageReturnKeepTheirNumbersInSlices()
    {
        // CsvHelper ends a line at a lone CR too, as old Mac spreadsheets wrote them; the slices' line numbers must count it.
        using var set = DataSet.FromSamples();
        var path = Path.Combine(set.Data, "surveys", "2025-04.csv");
        var lines = File.ReadAllLines(path).ToList();
        var first = lines[3].Split(',');
        lines.Add($"S-LATE-1,{first[1]},{first[2]},1,2,3,4");
        File.WriteAllText(path, string.Join("\r", lines.Take(10)) + "\r\n" + string.Join("\n", lines.Skip(10)) + "\n");
        var reference = Reference(set);

        var whole = SurveyFile.Read(path, "s", reference, null, null, Whole);
        var sliced = SurveyFile.Read(path, "s", reference, null, null, Tiny);

        Assert.That(whole.Warnings.Single().Line, Is.EqualTo(4));
        Assert.That(whole.Warnings.Single().Message, Does.Contain($"on line {lines.Count}"));
        Assert.That(sliced.Warnings, Is.EqualTo(whole.Warnings));
    }

    [Test]
    public void GridMonthInSlicesEqualsTheWholeFile()
    {
        using var set = DataSet.FromSamples();
        var path = Path.Combine(set.Data, "grid", "2025-07.csv");
        var reference = Reference(set);
        var asOf = new DateTimeOffset(2025, 10, 10, 0, 0, 0, TimeSpan.FromHours(8));

        var whole = GridFile.Read(path, "g", new Month(2025, 7), reference, asOf, null, null, Whole);
        var sliced = GridFile.Read(path, "g", new Month(2025, 7), reference, asOf, null, null, Tiny);

        Assert.That(whole.IsValid, Is.True);
        Assert.That(Bytes(reference, sliced.Data!), Is.EqualTo(Bytes(reference, whole.Data!)));
    }

    [TestCase("S9,{c},h-x,6,,,", "cleaning")]
    [TestCase("S9,{c},h-x,\"1\n2\",,,", "cleaning")]
    [TestCase("S9,{c},h-x,\"1,,,", "row")]
    public void BadRowInSlicesIsReportedExactlyAsInTheWholeFile(string row, string field)
    {
        using var set = DataSet.FromSamples();
        var path = Path.Combine(set.Data, "surveys", "2025-04.csv");
        var lines = File.ReadAllLines(path).ToList();
        var community = lines[1].Split(',')[1];
        var at = lines.Count / 2;
        lines.Insert(at, row.Replace("{c}", community, StringComparison.Ordinal));
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        var reference = Reference(set);

        var whole = SurveyFile.Read(path, "s", reference, null, null, Whole);
        var sliced = SurveyFile.Read(path, "s", reference, null, null, Tiny);

        Assert.That(whole.IsValid, Is.False);
        Assert.That(sliced.Problems, Is.EqualTo(whole.Problems));
        Assert.That(sliced.Problems[0].Field, Is.EqualTo(field));
        Assert.That(sliced.Problems[0].Line, Is.EqualTo(at + 1), "the line of the inserted row");
    }

    [Test]
    public void RepeatedIdsAcrossSlicesAreFound()
    {
        using var set = DataSet.FromSamples();
        var (path, lastLine, id) = WithLine3sResponseIdRepeatedAtTheEnd(set);

        var sliced = SurveyFile.Read(path, "s", Reference(set), null, null, Tiny);

        Assert.That(sliced.Problems.Single().Message, Does.Contain($"'{id}' appears again; it is already on line 3"));
        Assert.That(sliced.Problems.Single().Line, Is.EqualTo(lastLine));
    }

    [Test]
    public void IdsThatOnlyShareAHashAreNotRepeats()
    {
        using var set = DataSet.FromSamples();
        var (path, lastLine, id) = WithLine3sResponseIdRepeatedAtTheEnd(set);
        // As the finder would group them if the ids of lines 3, 4 and the last line had the same 64-bit hash.
        KeyEntry[] sharedHash = [new(42, 3, 0), new(42, 4, 0), new(42, lastLine, 0)];
        var problems = new ProblemList("s");

        RepeatedIds.Report(path, SurveyFile.Columns, 0, [sharedHash, [new(7, 5, 0), new(7, 6, 0)]], problems, "unique");

        Assert.That(problems.ToList().Select(p => (p.Line, p.Message)), Is.EqualTo(new[]
        {
            ((long)lastLine, $"'{id}' appears again; it is already on line 3 (unique)"),
        }));
    }

    [Test]
    public void ASurveyMonthOfMoreCommunitiesThanItsRepeatsCanNameIsRefusedNotMiscounted()
    {
        // Beyond the limit a repeated household's community index would wrap round to another community's.
        using var set = DataSet.FromSamples();
        var communities = Enumerable.Range(0, SurveyFile.MaxCommunities).Select(i => new Community($"X{i}", $"x{i}", 100))
            .Concat(Reference(set).Communities).ToList(); // the file's own communities come last, past the limit

        var result = SurveyFile.Read(Path.Combine(set.Data, "surveys", "2025-04.csv"), "s", new ReferenceData(communities, [], []));

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Problems.Single().Message, Does.Contain("a survey month is read for at most 524,288"));
    }

    [Test]
    public void KeysWithTheSameHashAreRepeatsOnlyWhenThePayloadsKeyBitsMatch()
    {
        // As a household is keyed: the same ref (and seed) in another community is another household.
        using var finder = new RepeatFinder(fileBytes: 0, payloadKeyMask: -1 << 12);
        var household = "h-0412"u8.ToArray();
        finder.Add(household, 0, 2, 1 << 12 | 5);
        finder.Add(household, 0, 3, 2 << 12 | 5);
        finder.Add(household, 0, 4, 1 << 12 | 7);

        Assert.That(finder.Repeats().Select(g => g.Select(e => e.Line)), Is.EqualTo(new[] { new[] { 2, 4 } }));
    }

    [TestCase(0L)]
    [TestCase(4L << 30)] // a 4 GB file: 512 partitions
    public void RepeatFinderBeyondItsBudgetSpillsAndFindsTheSameRepeats(long fileBytes)
    {
        var keys = Enumerable.Range(0, 50_000).Select(i => $"R{i % 20_011:D6}").ToArray();
        using var inMemory = new RepeatFinder(fileBytes);
        using var spilling = new RepeatFinder(fileBytes, budget: 4096);
        for (var line = 0; line < keys.Length; line++)
        {
            inMemory.Add(Encoding.UTF8.GetBytes(keys[line]), 0, line + 2, line);
            spilling.Add(Encoding.UTF8.GetBytes(keys[line]), 0, line + 2, line);
        }

        var expected = inMemory.Repeats();
        var spilled = spilling.Repeats();

        Assert.That(expected, Has.Count.EqualTo(20_011));
        Assert.That(spilled.Select(g => g.Select(e => e.Line)), Is.EqualTo(expected.Select(g => g.Select(e => e.Line))));
        Assert.That(expected[0].Select(e => e.Line), Is.EqualTo(new[] { 2, 20_013, 40_024 }));
    }

    [Test]
    public void RepeatFinderSpillsToAFileThatHasNoNameWhileItIsOpen()
    {
        // So that a run killed mid-file leaves nothing in the temporary folder.
        static string[] SpillFiles() => Directory.GetFiles(Path.GetTempPath(), "qp-repeats-*.bin");
        var before = SpillFiles();
        using var finder = new RepeatFinder(fileBytes: 0, budget: 1024);
        for (var line = 0; line < 20_000; line++) finder.Add(Encoding.UTF8.GetBytes($"R{line % 7_001}"), 0, line + 2, 0);

        Assert.That(SpillFiles().Except(before), Is.Empty);
        Assert.That(finder.Repeats(), Has.Count.EqualTo(7_001), "the spilled entries are still read back");
    }

    [TestCase(0L, 5)]
    [TestCase(200L << 20, 5)] // a city survey month
    [TestCase(1900L << 20, 8)] // a tenfold city survey month
    [TestCase(1L << 40, 12)]
    public void RepeatFinderHasAboutOnePartitionPerEightMegabytesOfFile(long fileBytes, int bits) =>
        Assert.That(RepeatFinder.PartitionBitsFor(fileBytes), Is.EqualTo(bits));

    /// <summary>Appends to the samples' April survey a response with line 3's id: the file's path, its last line and the id.</summary>
    private static (string Path, int LastLine, string Id) WithLine3sResponseIdRepeatedAtTheEnd(DataSet set)
    {
        var path = Path.Combine(set.Data, "surveys", "2025-04.csv");
        var lines = File.ReadAllLines(path).ToList();
        var line3 = lines[2].Split(',');
        lines.Add($"{line3[0]},{line3[1]},h-new,3,3,3,3");
        File.WriteAllLines(path, lines);
        return (path, lines.Count, line3[0]);
    }

    private static ReferenceData Reference(DataSet set) => ReferenceFiles.Read(new DataFolder(set.Data), RuleFileReader.Load(set.Rules));

    private static byte[] Bytes(SurveyTally?[] tallies)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        foreach (var tally in tallies)
        {
            writer.Write(tally is not null);
            tally?.WriteTo(writer);
        }
        writer.Flush();
        return stream.ToArray();
    }

    private static byte[] Bytes(ReferenceData reference, GridMonth grid)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        for (var community = 0; community < reference.Communities.Count; community++) grid.WriteTo(writer, community);
        writer.Flush();
        return stream.ToArray();
    }
}

/// <summary>
/// The encoding check reads a large file in regions on all cores. Tiny regions, cutting through
/// Chinese characters and lines, must still find the encoding, slices that start on line starts with
/// their line numbers, and the line of the first byte that is not UTF-8.
/// </summary>
[TestFixture]
public sealed class TextScanTests
{
    [TestCase(3)]
    [TestCase(7)]
    [TestCase(64)]
    [TestCase(int.MaxValue)]
    public void SlicesStartOnLineStartsWithTheirLineNumbers(int regionSize)
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "communities.csv");
        var text = new StringBuilder("community_id,name,households\n");
        for (var i = 0; i < 40; i++) text.Append(CultureInfo.InvariantCulture, $"C{i:D3},朝阳门社区{i},{100 + i}\n");
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));

        var scan = TextEncoding.Scan(path, 100, regionSize);

        Assert.That(scan.Problem, Is.Null);
        Assert.That(scan.Encoding, Is.Null);
        Assert.That(scan.Slices, Has.Count.GreaterThan(5));
        var bytes = File.ReadAllBytes(path);
        foreach (var start in scan.Slices)
        {
            Assert.That(start.Offset == 0 || bytes[start.Offset - 1] == '\n', $"slice at {start.Offset} starts a line");
            Assert.That(start.Line, Is.EqualTo(1 + bytes.AsSpan(0, (int)start.Offset).Count((byte)'\n')), $"line of the slice at {start.Offset}");
        }
        Assert.That(scan.Slices.Zip(scan.Slices.Skip(1)).All(p => p.Second.Offset - p.First.Offset >= 100), "slices are at least 100 bytes");
    }

    [TestCase(3)]
    [TestCase(7)]
    [TestCase(64)]
    public void CrLfFileIsSlicedAndALoneCrAnywhereKeepsItWhole(int regionSize)
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "communities.csv");
        var lines = Enumerable.Range(0, 40).Select(i => string.Create(CultureInfo.InvariantCulture, $"C{i:D3},社区{i},{100 + i}")).ToList();
        File.WriteAllText(path, "community_id,name,households\r\n" + string.Join("\r\n", lines) + "\r\n");
        var crLf = TextEncoding.Scan(path, 100, regionSize);
        for (var at = 1; at < 40; at += 13)
        {
            File.WriteAllText(path, string.Join("\r\n", lines[..at]) + "\r" + string.Join("\r\n", lines[at..]));
            Assert.That(TextEncoding.Scan(path, 100, regionSize).Slices, Has.Count.EqualTo(1), $"a lone CR after line {at}");
        }

        Assert.That(crLf.Slices, Has.Count.GreaterThan(5));
    }

    [TestCase(5)]
    [TestCase(64)]
    public void InvalidByteIsFoundOnItsLineWhateverTheRegions(int regionSize)
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "grid.csv");
        var bytes = new List<byte>();
        for (var i = 0; i < 30; i++) bytes.AddRange(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"G{i},社区,{i}\n")));
        bytes.InsertRange(bytes.Count - 20, new byte[] { 0xC3, 0x28, 0xFF, 0x80 }); // neither UTF-8 nor GB18030
        File.WriteAllBytes(path, [.. bytes]);

        var whole = TextEncoding.Scan(path, 100, int.MaxValue);
        var regions = TextEncoding.Scan(path, 100, regionSize);

        Assert.That(whole.Problem, Does.Contain("neither UTF-8 nor GB18030"));
        Assert.That(regions.Problem, Is.EqualTo(whole.Problem));
        Assert.That(regions.ProblemLine, Is.EqualTo(whole.ProblemLine));
        Assert.That(whole.ProblemLine, Is.EqualTo(29));
    }
}
