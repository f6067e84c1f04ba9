using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace QuasiProperty.Time;

/// <summary>A calendar quarter, written <c>YYYYQn</c> (2025Q1 = 2025-01..2025-03): the unit of payment.</summary>
public readonly record struct Quarter : IComparable<Quarter>
{
    public Quarter(int year, int number)
    {
        if (year is < 1900 or > 9999) throw new ArgumentOutOfRangeException(nameof(year), year, "year must be 1900..9999");
        if (number is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(number), number, "quarter must be 1..4");
        Year = year;
        Number = number;
    }

    public int Year { get; }
    public int Number { get; }

    public Month FirstMonth => new(Year, Number * 3 - 2);

    public IReadOnlyList<Month> Months
    {
        get
        {
            var first = FirstMonth;
            return [first, first.Next(), first.Next().Next()];
        }
    }

    public Quarter Next() => Number == 4 ? new Quarter(Year + 1, 1) : new Quarter(Year, Number + 1);

    public Quarter Previous() => Number == 1 ? new Quarter(Year - 1, 4) : new Quarter(Year, Number - 1);

    public static Quarter Parse(string text) =>
        TryParse(text, out var quarter) ? quarter : throw new FormatException($"'{text}' is not a quarter; write it as YYYYQn, e.g. 2025Q2");

    public static bool TryParse([NotNullWhen(true)] string? text, out Quarter quarter)
    {
        quarter = default;
        if (text is not { Length: 6 } || text[4] is not ('Q' or 'q')) return false;
        if (!int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || year < 1900 || text[5] is < '1' or > '4')
        {
            return false;
        }
        quarter = new Quarter(year, text[5] - '0');
        return true;
    }

    public int CompareTo(Quarter other) => (Year * 4 + Number).CompareTo(other.Year * 4 + other.Number);

    public static bool operator <(Quarter a, Quarter b) => a.CompareTo(b) < 0;
    public static bool operator >(Quarter a, Quarter b) => a.CompareTo(b) > 0;
    public static bool operator <=(Quarter a, Quarter b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Quarter a, Quarter b) => a.CompareTo(b) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}Q{Number}");
}
