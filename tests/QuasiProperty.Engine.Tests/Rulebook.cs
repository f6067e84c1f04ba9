using QuasiProperty.Rules;
using QuasiProperty.Time;

namespace QuasiProperty.Tests;

/// <summary>Rule versions built in code, for tests of the formulas that should not depend on YAML.</summary>
internal static class Rulebook
{
    /// <summary>The spec's example version 2: weights 0.45/0.30/0.25, bands 90/80/70/0, month floor 60 → 0.90.</summary>
    public static RuleVersion Example(
        decimal satisfaction = 0.45m, decimal committee = 0.30m, decimal grid = 0.25m,
        int minResponses = 30, int minAssessedMonths = 2, decimal unassessablePayRatio = 1.0m, MonthFloor? floor = null,
        bool withFloor = true) =>
        new("chaoyangmen", 2, new Quarter(2025, 2), new DateOnly(2025, 3, 18), "test", null,
            new ComponentWeights(satisfaction, committee, grid),
            new SatisfactionRules([0.4m, 0.2m, 0.2m, 0.2m], minResponses),
            new CommitteeRules(5m),
            new GridRules(["GARBAGE", "ROAD_DIRT", "GREEN_DAMAGE", "LITTER"], 2.0m, 12.0m, 1.5m),
            new PayoutRules(minAssessedMonths, unassessablePayRatio,
                [new PayBand(90m, 1.00m), new PayBand(80m, 0.95m), new PayBand(70m, 0.90m), new PayBand(0m, 0.80m)],
                withFloor ? floor ?? new MonthFloor(60m, 0.90m) : null),
            "sha", "test.yaml");
}
