namespace QuasiProperty.Model;

/// <summary>
/// The communities, companies and contracts of a data set. Communities are numbered in file
/// order so that monthly tallies can live in plain arrays indexed by community.
/// </summary>
public sealed class ReferenceData
{
    private readonly Dictionary<string, int> communityIndex;
    private readonly Dictionary<string, Company> companies;

    public ReferenceData(IReadOnlyList<Community> communities, IReadOnlyList<Company> companies, IReadOnlyList<Contract> contracts)
    {
        Communities = communities;
        Companies = companies;
        Contracts = contracts;
        communityIndex = new Dictionary<string, int>(communities.Count, StringComparer.Ordinal);
        for (var i = 0; i < communities.Count; i++) communityIndex.Add(communities[i].Id, i);
        this.companies = companies.ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<Community> Communities { get; }
    public IReadOnlyList<Company> Companies { get; }
    public IReadOnlyList<Contract> Contracts { get; }

    /// <summary>Lookup keyed by community id, for readers that only have the id's bytes.</summary>
    public IReadOnlyDictionary<string, int> CommunityIndex => communityIndex;

    public Community Community(string id) => Communities[communityIndex[id]];

    public Company Company(string id) => companies[id];

    public bool HasCommunity(string id) => communityIndex.ContainsKey(id);

    public bool HasCompany(string id) => companies.ContainsKey(id);
}
