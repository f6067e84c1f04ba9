using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using QuasiProperty.Storage;

namespace QuasiProperty.Web.Portal;

/// <summary>
/// A ledger page's address: its filters, search, order and page as query-string parameters, so a
/// page can be linked and every link on it keeps them. A value that does not make sense is taken
/// as not given (the default), never as an error.
/// </summary>
internal static class LedgerQueryString
{
    public const int MaxSearch = 100;
    private const int MaxId = 64;
    private static readonly int[] PageSizes = [50, 100, 200];

    private static readonly (string Name, LedgerSort Sort)[] Sorts =
        [("deduction", LedgerSort.Deduction), ("score", LedgerSort.Score), ("company", LedgerSort.Company),
         ("community", LedgerSort.Community), ("contract", LedgerSort.Contract)];

    public static LedgerQuery Parse(IQueryCollection query, LedgerQuery defaults)
    {
        string? One(string key) => query.TryGetValue(key, out var values) && values.Count == 1 ? values[0]?.Trim() : null;

        var sortName = One("sort");
        var sort = Sorts.Any(s => s.Name == sortName) ? Sorts.First(s => s.Name == sortName).Sort : defaults.Sort;
        var descending = One("dir") switch
        {
            "asc" => false,
            "desc" => true,
            _ => sort == defaults.Sort ? defaults.Descending : NaturalDescending(sort),
        };
        var search = One("q");
        if (search is { Length: > MaxSearch }) search = search[..MaxSearch];
        return new LedgerQuery
        {
            Search = string.IsNullOrEmpty(search) ? null : search,
            CompanyId = Id(One("company")),
            CommunityId = Id(One("community")),
            ReducedOnly = One("reduced") == "1",
            UnassessableOnly = One("unassessable") == "1",
            MinScore = Score(One("min")),
            MaxScore = Score(One("max")),
            Sort = sort,
            Descending = descending,
            Page = int.TryParse(One("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1 ? page : 1,
            PageSize = int.TryParse(One("size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size) && PageSizes.Contains(size) ? size : defaults.PageSize,
        };
    }

    /// <summary>The address of <paramref name="path"/> showing <paramref name="query"/>; defaults are left out, so the plain path is the default view.</summary>
    public static string Href(string path, LedgerQuery query, LedgerQuery defaults)
    {
        var parts = new List<(string, string)>();
        if (query.Search is { } q) parts.Add(("q", q));
        if (query.CompanyId is { } company) parts.Add(("company", company));
        if (query.CommunityId is { } community) parts.Add(("community", community));
        if (query.ReducedOnly) parts.Add(("reduced", "1"));
        if (query.UnassessableOnly) parts.Add(("unassessable", "1"));
        if (query.MinScore is { } min) parts.Add(("min", min.ToString(CultureInfo.InvariantCulture)));
        if (query.MaxScore is { } max) parts.Add(("max", max.ToString(CultureInfo.InvariantCulture)));
        if (query.Sort != defaults.Sort || query.Descending != defaults.Descending)
        {
            parts.Add(("sort", NameOf(query.Sort)));
            parts.Add(("dir", query.Descending ? "desc" : "asc"));
        }
        if (query.PageSize != defaults.PageSize) parts.Add(("size", query.PageSize.ToString(CultureInfo.InvariantCulture)));
        if (query.Page != 1) parts.Add(("page", query.Page.ToString(CultureInfo.InvariantCulture)));
        if (parts.Count == 0) return path;
        var href = new StringBuilder(path);
        for (var i = 0; i < parts.Count; i++)
        {
            href.Append(i == 0 ? '?' : '&').Append(parts[i].Item1).Append('=').Append(Uri.EscapeDataString(parts[i].Item2));
        }
        return href.ToString();
    }

    /// <summary>What the page's links and filter form need: the form's values, a link per sortable column, and the pager.</summary>
    public static (object View, object Sorts) Model(string path, LedgerQuery query, LedgerQuery defaults, LedgerPage page)
    {
        var shown = query with { Page = page.Page };
        string PageHref(int number) => Href(path, shown with { Page = number }, defaults);
        object SortLink(LedgerSort sort)
        {
            var current = query.Sort == sort;
            var descending = current ? !query.Descending : NaturalDescending(sort);
            return new
            {
                Href = Href(path, query with { Sort = sort, Descending = descending, Page = 1 }, defaults),
                Mark = current ? (query.Descending ? "▼" : "▲") : "",
            };
        }
        var sorts = new
        {
            Deduction = SortLink(LedgerSort.Deduction), Score = SortLink(LedgerSort.Score), Company = SortLink(LedgerSort.Company),
            Community = SortLink(LedgerSort.Community), Contract = SortLink(LedgerSort.Contract),
        };
        return (new
        {
            Path = path,
            Search = query.Search ?? "",
            Company = query.CompanyId ?? "",
            Community = query.CommunityId ?? "",
            Reduced = query.ReducedOnly,
            Unassessable = query.UnassessableOnly,
            Min = query.MinScore?.ToString(CultureInfo.InvariantCulture) ?? "",
            Max = query.MaxScore?.ToString(CultureInfo.InvariantCulture) ?? "",
            Sort = NameOf(query.Sort),
            Dir = query.Descending ? "desc" : "asc",
            Size = query.PageSize,
            Sizes = PageSizes,
            Filtered = query with { Sort = defaults.Sort, Descending = defaults.Descending, Page = 1, PageSize = defaults.PageSize } != defaults,
            Page = page.Page,
            Pages = page.Pages,
            First = page.Page > 1 ? PageHref(1) : "",
            Prev = page.Page > 1 ? PageHref(page.Page - 1) : "",
            Next = page.Page < page.Pages ? PageHref(page.Page + 1) : "",
            Last = page.Page < page.Pages ? PageHref(page.Pages) : "",
            Self = PageHref(page.Page),
            Matching = page.Matching,
            From = page.Matching == 0 ? 0 : ((page.Page - 1) * page.PageSize) + 1,
            To = ((page.Page - 1) * page.PageSize) + page.Lines.Count,
        }, sorts);
    }

    /// <summary>The direction a column sorts in when first clicked: the largest deductions, the lowest scores, names A to Z.</summary>
    private static bool NaturalDescending(LedgerSort sort) => sort == LedgerSort.Deduction;

    private static string NameOf(LedgerSort sort) => Sorts.First(s => s.Sort == sort).Name;

    private static string? Id(string? value) => string.IsNullOrEmpty(value) || value.Length > MaxId ? null : value;

    private static decimal? Score(string? value) =>
        decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var score) && score <= 100 ? score : null;
}
