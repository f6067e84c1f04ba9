using QuasiProperty.Testing;

namespace QuasiProperty.Portal.Tests;

/// <summary>
/// The portal (<see cref="PortalHost"/>) on a generated city: <c>qp samples generate --communities 7000</c>
/// at a small volume (20 survey responses and 5 grid incidents per community and month), imported, and
/// its <see cref="Quarter"/> paid out with signed reports. About a minute to set up on two cores. Any
/// page test that must hold for 7,000 contracts can derive from it.
/// </summary>
public abstract class CityPortalFixture : PortalHost
{
    protected const int Communities = 7000;
    protected const string Quarter = "2025Q2";

    /// <summary>The generated data folder; its rules are in <c>rules/</c>.</summary>
    protected string City => Work.Combine("city");

    /// <summary>Every contract id of the city's contracts.csv.</summary>
    protected IReadOnlyList<string> ContractIds { get; private set; } = null!;

    protected override string Seed(string connectionString)
    {
        var rules = Path.Combine(City, "rules");
        Run("samples", "generate", "--communities", Communities.ToString(System.Globalization.CultureInfo.InvariantCulture), "--quarter", Quarter,
            "--responses", "20", "--incidents", "5", "--out", City);
        Run("import", "folder", City, "--db", connectionString, "--rules", rules);
        Run("payout", "--db", connectionString, "--rules", rules, "--quarter", Quarter, "--as-of", "2026-01-15T00:00:00+08:00",
            "--out", Work.Combine("payout"), "--templates", Templates);
        ContractIds = [.. File.ReadAllLines(Path.Combine(City, "contracts.csv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0])];
        Assert.That(ContractIds, Has.Count.EqualTo(Communities), "the generated city should have one contract per community");
        return rules;
    }
}
