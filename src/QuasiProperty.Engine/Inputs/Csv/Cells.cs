using System.Globalization;

namespace QuasiProperty.Inputs.Csv;

/// <summary>Strict parsing of numeric cells from their UTF-8 bytes: no thousands separators, no exponents.</summary>
internal static class Cells
{
    public static bool TryInteger(ReadOnlySpan<byte> cell, out int value) =>
        int.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryDecimal(ReadOnlySpan<byte> cell, out decimal value) =>
        decimal.TryParse(cell, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>Digits after the decimal point as written (120000.50 has 2).</summary>
    public static int Scale(decimal value) => value.Scale;
}
