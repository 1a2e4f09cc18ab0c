using System.Globalization;
using System.Text;

namespace HtapRouter.AnalyticNode.Sessions;

/// <summary>
/// TimeZone values as PostgreSQL's check_timezone reads them: a number is hours east of UTC (SET TIME ZONE -7,
/// '+05', 5.5), shown as the POSIX zone it becomes ("&lt;-07&gt;+07"); else a zone of the time zone database, its name
/// matched without regard to case ('cet' is CET); else a POSIX zone of a fixed offset west of UTC ('UTC+3',
/// '-03', '&lt;+04&gt;-4'), kept as written. A POSIX zone with daylight rules is found only under its database name
/// (EST5EDT, PST8PDT). Offsets are whole hours from -12 to +14, which DuckDB, which evaluates casts and date parts in
/// the session's zone, can follow (Etc/GMT-5); others are refused.
/// </summary>
internal static class TimeZoneValues
{
    /// <summary>The time zone database's names (its files, as PostgreSQL reads them), by name without regard to case.</summary>
    private static readonly Lazy<Dictionary<string, string>> s_namesIgnoringCase = new(() =>
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var directory = Environment.GetEnvironmentVariable("TZDIR") is { Length: > 0 } tzdir ? tzdir : "/usr/share/zoneinfo";
        try
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetRelativePath(directory, file).Replace('\\', '/');
                if (!name.StartsWith("posix/", StringComparison.Ordinal) && !name.StartsWith("right/", StringComparison.Ordinal) && !name.Contains('.', StringComparison.Ordinal))
                {
                    names.TryAdd(name, name);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No database on disk: the names .NET knows.
        }

        foreach (var zone in TimeZoneInfo.GetSystemTimeZones())
        {
            names.TryAdd(zone.Id, zone.Id);
        }

        return names;
    });

    /// <summary>The value SHOW TimeZone gives for <paramref name="value"/>, or null when it names no zone.</summary>
    public static string? Canonical(string value)
    {
        if (HoursEast(value) is { } seconds)
        {
            return Posix(seconds);
        }

        if (value.Equals("UTC", StringComparison.OrdinalIgnoreCase) || value.Equals("GMT", StringComparison.OrdinalIgnoreCase)
            || value.Equals("Z", StringComparison.OrdinalIgnoreCase))
        {
            return value.ToUpperInvariant();
        }

        if (s_namesIgnoringCase.Value.TryGetValue(value, out var name) && TimeZoneInfo.TryFindSystemTimeZoneById(name, out _))
        {
            return name;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(value, out _))
        {
            return value;
        }

        // A fixed offset DuckDB can follow: whole hours (its zones Etc/GMT-14 to Etc/GMT+12).
        return PosixOffsetEast(value) is { } east && east % 3600 == 0 && east / 3600 is >= -12 and <= 14 ? value : null;
    }

    /// <summary>The zone of a canonical value (see <see cref="Canonical"/>); UTC for anything else.</summary>
    public static TimeZoneInfo Zone(string value)
    {
        if (value is "UTC" or "GMT" or "Z" || !TimeZoneInfo.TryFindSystemTimeZoneById(value, out var zone))
        {
            return PosixOffsetEast(value) is { } east && east != 0
                ? TimeZoneInfo.CreateCustomTimeZone(value, TimeSpan.FromSeconds(east), value, value)
                : TimeZoneInfo.Utc;
        }

        return zone;
    }

    /// <summary>The name DuckDB's ICU knows the zone of a canonical value by: a fixed offset as Etc/GMT-5 (east counts negative there).</summary>
    public static string DuckDbName(string value)
    {
        if (value is "UTC" or "GMT" or "Z" || TimeZoneInfo.TryFindSystemTimeZoneById(value, out _) || PosixOffsetEast(value) is not { } east)
        {
            return value;
        }

        return east == 0 ? "UTC" : string.Create(CultureInfo.InvariantCulture, $"Etc/GMT{(east > 0 ? '-' : '+')}{Math.Abs(east) / 3600}");
    }

    /// <summary>A number of whole hours (strtod's whole text), as seconds east of UTC; null for anything else.</summary>
    private static int? HoursEast(string value) =>
        value.Length > 0 && !char.IsAsciiLetter(value[^1]) && !value.Contains(':', StringComparison.Ordinal)
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) && hours == Math.Floor(hours) && hours is >= -12 and <= 14
            ? (int)hours * 3600
            : null;

    /// <summary>pg_tzset_offset's name for a fixed offset east of UTC: "&lt;+05:30&gt;-05:30".</summary>
    private static string Posix(int secondsEast)
    {
        var text = new StringBuilder("<");
        AppendOffset(text, secondsEast);
        text.Append('>');
        AppendOffset(text, -secondsEast);
        return text.ToString();
    }

    private static void AppendOffset(StringBuilder text, int seconds)
    {
        var total = Math.Abs(seconds);
        text.Append(seconds < 0 ? '-' : '+').Append((total / 3600).ToString("00", CultureInfo.InvariantCulture));
        if (total % 3600 != 0)
        {
            text.Append(':').Append((total / 60 % 60).ToString("00", CultureInfo.InvariantCulture));
        }

        if (total % 60 != 0)
        {
            text.Append(':').Append((total % 60).ToString("00", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// A POSIX TZ value of one fixed offset, "[name]±hh[:mm[:ss]]" (the name letters, or anything in &lt;&gt;), as seconds
    /// east of UTC (POSIX counts west); null when it is not one.
    /// </summary>
    private static int? PosixOffsetEast(string value)
    {
        var rest = value.AsSpan();
        if (rest.StartsWith("<"))
        {
            var end = rest.IndexOf('>');
            if (end < 0)
            {
                return null;
            }

            rest = rest[(end + 1)..];
        }
        else
        {
            var letters = 0;
            while (letters < rest.Length && char.IsAsciiLetter(rest[letters]))
            {
                letters++;
            }

            if (letters is 1 or 2)
            {
                return null;
            }

            rest = rest[letters..];
        }

        var sign = 1;
        if (rest.Length > 0 && rest[0] is '+' or '-')
        {
            sign = rest[0] == '-' ? -1 : 1;
            rest = rest[1..];
        }

        var seconds = 0;
        var parts = 0;
        foreach (var range in rest.Split(':'))
        {
            var part = rest[range];
            if (parts == 3 || part.Length is 0 or > 2 || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || (parts > 0 && number > 59) || (parts == 0 && number > 24))
            {
                return null;
            }

            seconds += number * (parts == 0 ? 3600 : parts == 1 ? 60 : 1);
            parts++;
        }

        return parts == 0 ? null : -sign * seconds;
    }
}
