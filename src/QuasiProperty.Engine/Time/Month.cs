using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace QuasiProperty.Time;

/// <summary>A calendar month, written <c>YYYY-MM</c>; the unit of monthly input files and scores.</summary>
public readonly record struct Month : IComparable<Month>
{
    public Month(int year, int number)
    {
        if (year is < 1900 or > 9999) throw new ArgumentOutOfRangeException(nameof(year), year, "year must be 1900..9999");
        if (number is < 1 or > 12) throw new ArgumentOutOfRangeException(nameof(number), number, "month must be 1..12");
        Year = year;
        Number = number;
    }

    public int Year { get; }
    public int Number { get; }

    public Quarter Quarter => new(Year, (Number + 2) / 3);

    public Month Next() => Number == 12 ? new Month(Year + 1, 1) : new Month(Year, Number + 1);

    public Month Previous() => Number == 1 ? new Month(Year - 1, 12) : new Month(Year, Number - 1);

    public static Month Of(DateOnly date) => new(date.Year, date.Month);

    public static Month Parse(string text) =>
        TryParse(text, out var month) ? month : throw new FormatException($"'{text}' is not a month; write it as YYYY-MM, e.g. 2025-04");

    public static bool TryParse([NotNullWhen(true)] string? text, out Month month)
    {
        month = default;
        if (text is not { Length: 7 } || text[4] != '-') return false;
        if (!int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || year < 1900 || number is < 1 or > 12)
        {
            return false;
        }
        month = new Month(year, number);
        return true;
    }

    public int CompareTo(Month other) => (Year * 12 + Number).CompareTo(other.Year * 12 + other.Number);

    public static bool operator <(Month a, Month b) => a.CompareTo(b) < 0;
    public static bool operator >(Month a, Month b) => a.CompareTo(b) > 0;
    public static bool operator <=(Month a, Month b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Month a, Month b) => a.CompareTo(b) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Number:D2}");
}
