using System.Globalization;
using DuckDB.NET.Data;

namespace HtapRouter.AnalyticNode.Catalog;

/// <summary>
/// PostgreSQL's justify_hours, justify_days and justify_interval (timestamp.c) as DuckDB scalar functions over the
/// interval's text, as <see cref="IntervalArithmetic"/> takes it: whole days of time carried into days, whole 30-day
/// months of days into months, with the signs of the parts made to agree.
/// </summary>
internal static class IntervalJustify
{
    public const string HoursName = "htap_justify_hours";
    public const string DaysName = "htap_justify_days";
    public const string IntervalName = "htap_justify_interval";

    private const int DaysPerMonth = 30;
    private const long MicrosPerDay = 86_400_000_000;

    /// <summary>Registers the functions in <paramref name="connection"/>'s database, where every connection sees them.</summary>
    public static void Register(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        StrictFunctions.Register<string, string>(connection, HoursName, span => Text(Hours(IntervalArithmetic.Parse(span))));
        StrictFunctions.Register<string, string>(connection, DaysName, span => Text(Days(IntervalArithmetic.Parse(span))));
        StrictFunctions.Register<string, string>(connection, IntervalName, span => Text(Justify(IntervalArithmetic.Parse(span))));
    }

    /// <summary>interval_justify_hours.</summary>
    internal static (int Months, int Days, long Micros) Hours((int Months, int Days, long Micros) span)
    {
        var (months, days, micros) = span;
        var wholeDays = micros / MicrosPerDay;
        micros -= wholeDays * MicrosPerDay;
        days = checked(days + (int)wholeDays);
        return AgreeDaysAndTime(months, days, micros);
    }

    /// <summary>interval_justify_days.</summary>
    internal static (int Months, int Days, long Micros) Days((int Months, int Days, long Micros) span)
    {
        var (months, days, micros) = span;
        var wholeMonths = days / DaysPerMonth;
        days -= wholeMonths * DaysPerMonth;
        months = checked(months + wholeMonths);
        if (months > 0 && days < 0)
        {
            (days, months) = (days + DaysPerMonth, months - 1);
        }
        else if (months < 0 && days > 0)
        {
            (days, months) = (days - DaysPerMonth, months + 1);
        }

        return (months, days, micros);
    }

    /// <summary>interval_justify_interval.</summary>
    internal static (int Months, int Days, long Micros) Justify((int Months, int Days, long Micros) span)
    {
        var (months, days, micros) = span;
        if ((days > 0 && micros > 0) || (days < 0 && micros < 0))
        {
            months = checked(months + (days / DaysPerMonth));
            days -= days / DaysPerMonth * DaysPerMonth;
        }

        var wholeDays = micros / MicrosPerDay;
        micros -= wholeDays * MicrosPerDay;
        days = checked(days + (int)wholeDays);
        months = checked(months + (days / DaysPerMonth));
        days -= days / DaysPerMonth * DaysPerMonth;

        if (months > 0 && (days < 0 || (days == 0 && micros < 0)))
        {
            (days, months) = (days + DaysPerMonth, months - 1);
        }
        else if (months < 0 && (days > 0 || (days == 0 && micros > 0)))
        {
            (days, months) = (days - DaysPerMonth, months + 1);
        }

        return AgreeDaysAndTime(months, days, micros);
    }

    private static (int Months, int Days, long Micros) AgreeDaysAndTime(int months, int days, long micros)
    {
        if (days > 0 && micros < 0)
        {
            (micros, days) = (micros + MicrosPerDay, days - 1);
        }
        else if (days < 0 && micros > 0)
        {
            (micros, days) = (micros - MicrosPerDay, days + 1);
        }

        return (months, days, micros);
    }

    private static string Text((int Months, int Days, long Micros) span) =>
        string.Create(CultureInfo.InvariantCulture, $"{span.Months} months {span.Days} days {span.Micros} microseconds");
}
