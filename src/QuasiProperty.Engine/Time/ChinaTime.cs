using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace QuasiProperty.Time;

/// <summary>
/// Timestamps as the spec writes them: ISO 8601, and China Standard Time (UTC+08:00) when no
/// offset is given, whatever the machine's own zone is. Month membership uses the China date.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The China-local month of an instant.</summary>
    public static Month MonthOf(DateTimeOffset instant)
    {
        var local = instant.ToOffset(Offset);
        return new Month(local.Year, local.Month);
    }

    /// <summary>Whether an instant falls in the month in China time; as <c>MonthOf(instant) == month</c>, without working out a date.</summary>
    public static bool IsIn(DateTimeOffset instant, Month month)
    {
        var start = new DateTime(month.Year, month.Number, 1).Ticks - Offset.Ticks;
        var local = instant.UtcTicks - start;
        return local >= 0 && local < DateTime.DaysInMonth(month.Year, month.Number) * TimeSpan.TicksPerDay;
    }

    /// <summary>An instant as China time, e.g. <c>2025-07-10T00:00:00+08:00</c>.</summary>
    public static string Format(DateTimeOffset instant) =>
        instant.ToOffset(Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>An instant as people read it on a page or report, China time to the minute, e.g. <c>2025-07-10 00:00</c>.</summary>
    public static string Display(DateTimeOffset instant) =>
        instant.ToOffset(Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        TryParse(text, out var value)
            ? value
            : throw new FormatException($"'{text}' is not a timestamp; write it as ISO 8601, e.g. 2025-07-10T00:00:00+08:00 (no offset means China time)");

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        Span<byte> utf8 = stackalloc byte[64];
        if (!Encoding.UTF8.TryGetBytes(text.AsSpan().Trim(), utf8, out var length))
        {
            value = default;
            return false;
        }
        return TryParse(utf8[..length], out value);
    }

    /// <summary>
    /// Parses <c>YYYY-MM-DD[T| ]hh:mm[:ss[.fffffff]][Z|±hh[:mm]]</c> straight from UTF-8,
    /// because grid files carry millions of timestamps.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 16 || s[4] != '-' || s[7] != '-' || s[10] is not ((byte)'T' or (byte)' ') || s[13] != ':') return false;
        int century = Two(s, 0), yearOfCentury = Two(s, 2), month = Two(s, 5), day = Two(s, 8), hour = Two(s, 11), minute = Two(s, 14);
        if ((century | yearOfCentury | month | day | hour | minute) < 0) return false;
        var year = century * 100 + yearOfCentury;
        var i = 16;
        var second = 0;
        long fractionTicks = 0;
        if (i < s.Length && s[i] == ':')
        {
            if (i + 3 > s.Length || (second = Two(s, i + 1)) < 0) return false;
            i += 3;
            if (i < s.Length && s[i] is (byte)'.' or (byte)',')
            {
                i++;
                var start = i;
                long scale = TimeSpan.TicksPerSecond;
                while (i < s.Length && IsDigit(s[i]))
                {
                    scale /= 10;
                    fractionTicks += (s[i] - '0') * scale;
                    i++;
                }
                if (i == start) return false;
            }
        }

        TimeSpan offset;
        if (i == s.Length)
        {
            offset = Offset;
        }
        else if (s[i] is (byte)'Z' or (byte)'z' && i + 1 == s.Length)
        {
            offset = TimeSpan.Zero;
        }
        else if (s[i] is (byte)'+' or (byte)'-')
        {
            var sign = s[i] == '+' ? 1 : -1;
            var rest = s[(i + 1)..];
            int offHours, offMinutes = 0;
            if (rest.Length == 2) offHours = Two(rest, 0);
            else if (rest.Length == 4) (offHours, offMinutes) = (Two(rest, 0), Two(rest, 2));
            else if (rest.Length == 5 && rest[2] == ':') (offHours, offMinutes) = (Two(rest, 0), Two(rest, 3));
            else return false;
            if (offHours is < 0 or > 14 || offMinutes is < 0 or > 59) return false;
            offset = sign * new TimeSpan(offHours, offMinutes, 0);
        }
        else
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        var ticks = new DateTime(year, month, day).Ticks + ((hour * 60L + minute) * 60 + second) * TimeSpan.TicksPerSecond + fractionTicks;
        // The very first and last hours of the calendar cannot be shifted to UTC.
        if (ticks - offset.Ticks < 0 || ticks - offset.Ticks > DateTime.MaxValue.Ticks) return false;
        value = new DateTimeOffset(ticks, offset);
        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    /// <summary>The number written by the two digits at <paramref name="at"/>, or -1 when either is not a digit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Two(ReadOnlySpan<byte> s, int at)
    {
        byte tens = s[at], ones = s[at + 1];
        return IsDigit(tens) && IsDigit(ones) ? (tens - '0') * 10 + (ones - '0') : -1;
    }
}
