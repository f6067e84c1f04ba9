using System.Globalization;
using QuasiProperty.Inputs.Csv;
using QuasiProperty.Model;
using QuasiProperty.Rules;
using QuasiProperty.Time;

namespace QuasiProperty.Inputs;

/// <summary>Reads <c>communities.csv</c>, <c>companies.csv</c> and <c>contracts.csv</c> and checks their references.</summary>
public static class ReferenceFiles
{
    public static readonly IReadOnlyList<string> CommunityColumns = ["community_id", "name", "households"];
    public static readonly IReadOnlyList<string> CompanyColumns = ["company_id", "name"];
    public static readonly IReadOnlyList<string> ContractColumns =
        ["contract_id", "company_id", "community_id", "rule_set", "quarterly_fee", "start_quarter", "end_quarter"];

    /// <summary>Reads the three files of a data folder, or throws with every problem in all of them.</summary>
    public static ReferenceData Read(DataFolder folder, RuleBook rules)
    {
        var communityProblems = new ProblemList(folder.Display(DataFolder.CommunitiesFile));
        var companyProblems = new ProblemList(folder.Display(DataFolder.CompaniesFile));
        var contractProblems = new ProblemList(folder.Display(DataFolder.ContractsFile));
        var communities = ReadCommunities(folder.PathOf(DataFolder.CommunitiesFile), communityProblems);
        var companies = ReadCompanies(folder.PathOf(DataFolder.CompaniesFile), companyProblems);
        var contracts = ReadContracts(folder.PathOf(DataFolder.ContractsFile), contractProblems,
            communities.Select(c => c.Id).ToHashSet(StringComparer.Ordinal),
            companies.Select(c => c.Id).ToHashSet(StringComparer.Ordinal),
            rules, checkReferences: !communityProblems.Any && !companyProblems.Any);
        var problems = new[] { communityProblems, companyProblems, contractProblems }.SelectMany(p => p.ToList()).ToList();
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return new ReferenceData(communities, companies, contracts);
    }

    public static List<Community> ReadCommunities(string path, ProblemList problems)
    {
        var result = new List<Community>();
        if (!Exists(path, problems)) return result;
        using var csv = CsvInput.Open(path, CommunityColumns, problems);
        if (csv is null) return result;
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var id = UniqueId(csv, 0, seen);
            var name = csv.Text(1);
            int households = 0;
            if (!csv.IsEmpty(2) && (!Cells.TryInteger(csv.Span(2), out households) || households <= 0))
            {
                csv.Problem(2, $"must be a whole number greater than 0; it is '{csv.Show(2)}'");
            }
            else if (csv.IsEmpty(2))
            {
                csv.Problem(2, "is empty; a value is required");
            }
            if (id is not null && name is not null && households > 0) result.Add(new Community(id, name, households));
        }
        return result;
    }

    public static List<Company> ReadCompanies(string path, ProblemList problems)
    {
        var result = new List<Company>();
        if (!Exists(path, problems)) return result;
        using var csv = CsvInput.Open(path, CompanyColumns, problems);
        if (csv is null) return result;
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var id = UniqueId(csv, 0, seen);
            var name = csv.Text(1);
            if (id is not null && name is not null) result.Add(new Company(id, name));
        }
        return result;
    }

    public static List<Contract> ReadContracts(
        string path, ProblemList problems, IReadOnlySet<string> communityIds, IReadOnlySet<string> companyIds, RuleBook rules, bool checkReferences)
    {
        var result = new List<Contract>();
        if (!Exists(path, problems)) return result;
        using var csv = CsvInput.Open(path, ContractColumns, problems);
        if (csv is null) return result;
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var before = problems.Count;
            var id = UniqueId(csv, 0, seen);
            var company = csv.Text(1);
            var community = csv.Text(2);
            var ruleSet = csv.Text(3);
            if (checkReferences && company is not null && !companyIds.Contains(company))
                csv.Problem(1, $"'{company}' is not a company in companies.csv");
            if (checkReferences && community is not null && !communityIds.Contains(community))
                csv.Problem(2, $"'{community}' is not a community in communities.csv");
            if (ruleSet is not null && !rules.HasRuleSet(ruleSet))
                csv.Problem(3, $"'{ruleSet}' is not a rule set; known: {string.Join(", ", rules.RuleSets)}");

            decimal fee = 0;
            if (csv.IsEmpty(4)) csv.Problem(4, "is empty; a value is required");
            else if (!Cells.TryDecimal(csv.Span(4), out fee) || fee <= 0 || Cells.Scale(fee) > 2)
                csv.Problem(4, $"must be an amount in CNY greater than 0 with at most 2 decimals, e.g. 120000.00; it is '{csv.Show(4)}'");

            var start = QuarterCell(csv, 5, required: true);
            var end = QuarterCell(csv, 6, required: false);
            if (start is not null && end is not null && end < start)
                csv.Problem(6, $"{end} is before start_quarter {start}");

            if (problems.Count == before)
                result.Add(new Contract(id!, company!, community!, ruleSet!, fee, start!.Value, end));
        }
        return result;
    }

    private static Quarter? QuarterCell(CsvInput csv, int column, bool required)
    {
        if (csv.IsEmpty(column))
        {
            if (required) csv.Problem(column, "is empty; a value is required");
            return null;
        }
        var text = csv.Show(column);
        if (Quarter.TryParse(text, out var quarter)) return quarter;
        csv.Problem(column, $"must be a quarter such as 2025Q1; it is '{text}'");
        return null;
    }

    /// <summary>An identifier that must be unique in its file.</summary>
    internal static string? UniqueId(CsvInput csv, int column, Dictionary<string, long> seen)
    {
        var id = csv.Text(column);
        if (id is null) return null;
        if (seen.TryGetValue(id, out var firstLine))
        {
            csv.Problem(column, string.Create(CultureInfo.InvariantCulture, $"'{id}' appears again; it is already on line {firstLine}"));
            return null;
        }
        seen.Add(id, csv.Line);
        return id;
    }

    private static bool Exists(string path, ProblemList problems)
    {
        if (File.Exists(path)) return true;
        problems.Add(0, "file", "does not exist");
        return false;
    }
}
