using System.Globalization;
using DuckDB.NET.Data;

namespace HtapRouter.AnalyticNode.Catalog;

/// <summary>
/// PostgreSQL's interval * float8 and interval / float8 (interval_mul, interval_div) as DuckDB scalar functions. DuckDB
/// has no division of an interval, and multiplies months, days and microseconds each by a whole number; PostgreSQL
/// multiplies each part by the factor and carries what a fraction of a month leaves into days (30 to a month) and
/// what a fraction of a day leaves into time, rounded to the microsecond: '1 mon' / 2 is '15 days', '1 day' * 1.5
/// is '1 day 12:00:00'.
/// </summary>
internal static class IntervalArithmetic
{
    public const string MultiplyName = "htap_interval_mul";
    public const string DivideName = "htap_interval_div";

    private const int DaysPerMonth = 30;
    private const int SecondsPerDay = 86_400;
    private const double MicrosecondsPerSecond = 1_000_000;

    /// <summary>Registers the functions in <paramref name="connection"/>'s database, where every connection sees them.</summary>
    public static void Register(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Register(connection, MultiplyName, static (part, factor) => part * factor);
        Register(connection, DivideName, static (part, divisor) => part / divisor);
    }

    /// <summary>
    /// DuckDB.NET passes no INTERVAL to or from a scalar function: the function takes DuckDB's text of the interval and
    /// gives text that DuckDB reads back exactly (months, days and microseconds).
    /// </summary>
    private static void Register(DuckDBConnection connection, string name, Func<double, double, double> scale) =>
        StrictFunctions.Register<string, double, string>(connection, name, (span, factor) =>
        {
            var (months, days, micros) = Scale(Parse(span), factor, scale);
            return string.Create(CultureInfo.InvariantCulture, $"{months} months {days} days {micros} microseconds");
        });

    /// <summary>DuckDB's interval text (<c>1 year 2 months -3 days -04:05:06.789</c>) as months, days and microseconds.</summary>
    /// <exception cref="FormatException">The text is not such an interval.</exception>
    internal static (int Months, int Days, long Micros) Parse(string text)
    {
        var (months, days, micros) = (0, 0, 0L);
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i].Contains(':', StringComparison.Ordinal))
            {
                micros = Time(words[i]);
                continue;
            }

            var count = int.Parse(words[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            switch (i + 1 < words.Length ? words[++i].TrimEnd('s') : "")
            {
                case "year":
                    months += count * 12;
                    break;
                case "month":
                    months += count;
                    break;
                case "day":
                    days += count;
                    break;
                default:
                    throw new FormatException($"invalid interval text \"{text}\"");
            }
        }

        return (months, days, micros);
    }

    /// <summary>[-]HH:MM:SS[.ffffff] as microseconds.</summary>
    private static long Time(string text)
    {
        var negative = text.StartsWith('-');
        var parts = text.TrimStart('-').Split(':');
        var seconds = decimal.Parse(parts[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var micros = ((long.Parse(parts[0], CultureInfo.InvariantCulture) * 3600 + long.Parse(parts[1], CultureInfo.InvariantCulture) * 60) * 1_000_000)
            + (long)(seconds * 1_000_000);
        return negative ? -micros : micros;
    }

    /// <summary>interval_mul's arithmetic with <paramref name="scale"/> as the operation (× factor or ÷ divisor).</summary>
    /// <exception cref="OverflowException">A part of the result is out of range.</exception>
    internal static (int Months, int Days, long Micros) Scale((int Months, int Days, long Micros) span, double factor, Func<double, double, double> scale)
    {
        var months = Whole(scale(span.Months, factor));
        var days = Whole(scale(span.Days, factor));

        // The fraction of a month as days, and of a day as seconds, each rounded to the microsecond as TSROUND does.
        var monthRemainderDays = Microseconds((scale(span.Months, factor) - months) * DaysPerMonth);
        var secondRemainder = Microseconds((scale(span.Days, factor) - days + monthRemainderDays - (int)monthRemainderDays) * SecondsPerDay);
        if (Math.Abs(secondRemainder) >= SecondsPerDay)
        {
            days += (int)(secondRemainder / SecondsPerDay);
            secondRemainder -= (int)(secondRemainder / SecondsPerDay) * SecondsPerDay;
        }

        days += (int)monthRemainderDays;
        var time = Math.Round(scale(span.Micros, factor) + (secondRemainder * MicrosecondsPerSecond), MidpointRounding.ToEven);
        if (double.IsNaN(time) || time >= 9.2233720368547758E18 || time < -9.2233720368547758E18)
        {
            throw new OverflowException("interval out of range");
        }

        return (months, days, (long)time);
    }

    private static int Whole(double value) => double.IsNaN(value) || value > int.MaxValue || value < int.MinValue
        ? throw new OverflowException("interval out of range")
        : (int)value;

    private static double Microseconds(double value) => Math.Round(value * MicrosecondsPerSecond, MidpointRounding.ToEven) / MicrosecondsPerSecond;
}
