namespace QuasiProperty.Scoring;

/// <summary>The spec's one rounding rule: to 2 decimal places, half away from zero.</summary>
public static class Money
{
    public static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
