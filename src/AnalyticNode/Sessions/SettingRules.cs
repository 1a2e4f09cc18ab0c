using System.Globalization;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Sessions;

/// <summary>Validation and canonical forms for the settings whose values the node interprets.</summary>
internal static class SettingRules
{
    public static string DateStyle(string value)
    {
        // As PostgreSQL: a partial value keeps the other part ("SQL" is "SQL, MDY"), and German alone means day first.
        string? output = null, order = null;
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (style, fields) = part.ToUpperInvariant() switch
            {
                "ISO" => ("ISO", null),
                "SQL" => ("SQL", null),
                "POSTGRES" => ("Postgres", null),
                "GERMAN" => ("German", null),
                "MDY" or "US" or "NONEURO" or "NONEUROPEAN" => (null, "MDY"),
                "DMY" or "EURO" or "EUROPEAN" => (null, "DMY"),
                "YMD" => ((string?)null, (string?)"YMD"),
                _ => throw Invalid("DateStyle", value, $"Unrecognized key word: \"{part}\"."),
            };
            if ((style is not null && output is not null && output != style) || (fields is not null && order is not null && order != fields))
            {
                throw Invalid("DateStyle", value, "Conflicting \"datestyle\" specifications.");
            }

            output ??= style;
            order ??= fields;
        }

        return $"{output ?? "ISO"}, {order ?? (output == "German" ? "DMY" : "MDY")}";
    }

    public static PgDateStyle ToDateStyle(string value) => value.Split(',')[0] switch
    {
        "SQL" => PgDateStyle.Sql,
        "Postgres" => PgDateStyle.Postgres,
        "German" => PgDateStyle.German,
        _ => PgDateStyle.Iso,
    };

    public static PgDateOrder ToDateOrder(string value) => value.Split(", ")[^1] switch
    {
        "DMY" => PgDateOrder.Dmy,
        "YMD" => PgDateOrder.Ymd,
        _ => PgDateOrder.Mdy,
    };

    public static string IntervalStyle(string value) => value.ToLowerInvariant() switch
    {
        "postgres" => "postgres",
        "postgres_verbose" => "postgres_verbose",
        "sql_standard" => "sql_standard",
        "iso_8601" => "iso_8601",
        _ => throw Invalid("IntervalStyle", value, "Available values: postgres, postgres_verbose, sql_standard, iso_8601."),
    };

    public static PgIntervalStyle ToIntervalStyle(string value) => value switch
    {
        "postgres_verbose" => PgIntervalStyle.PostgresVerbose,
        "sql_standard" => PgIntervalStyle.SqlStandard,
        "iso_8601" => PgIntervalStyle.Iso8601,
        _ => PgIntervalStyle.Postgres,
    };

    public static string TimeZone(string value) => TimeZoneValues.Canonical(value) ?? throw Invalid("TimeZone", value, null);

    public static TimeZoneInfo ToTimeZone(string value) => TimeZoneValues.Zone(value);

    public static string ExtraFloatDigits(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var digits)
            ? digits is >= -15 and <= 3
                ? digits.ToString(CultureInfo.InvariantCulture)
                : throw Invalid("extra_float_digits", value, $"{digits} is outside the valid range for parameter \"extra_float_digits\" (-15 .. 3)", outOfRange: true)
            : throw new PgErrorException(SqlState.InvalidParameterValue,
                $"invalid value for parameter \"extra_float_digits\": \"{value}\"");

    public static string ClientEncoding(string value) => value.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant() switch
    {
        "UTF8" or "UNICODE" => "UTF8",
        _ => throw new PgErrorException(SqlState.FeatureNotSupported,
            $"conversion between {value} and UTF8 is not supported"),
    };

    /// <summary>Timeouts in milliseconds, with PostgreSQL's units (ms, s, min, h, d); printed as SHOW does.</summary>
    public static string Milliseconds(string name, string value)
    {
        var ms = ParseMilliseconds(name, value);
        return ms switch
        {
            0 => "0",
            _ when ms % 86_400_000 == 0 => $"{ms / 86_400_000}d",
            _ when ms % 3_600_000 == 0 => $"{ms / 3_600_000}h",
            _ when ms % 60_000 == 0 => $"{ms / 60_000}min",
            _ when ms % 1000 == 0 => $"{ms / 1000}s",
            _ => $"{ms}ms",
        };
    }

    public static long ParseMilliseconds(string name, string value)
    {
        var text = value.Trim();
        var digits = 0;
        while (digits < text.Length && (char.IsAsciiDigit(text[digits]) || (digits == 0 && text[0] == '-')))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            throw new PgErrorException(SqlState.InvalidParameterValue, $"invalid value for parameter \"{name}\": \"{value}\"");
        }

        var multiplier = text[digits..].Trim().ToLowerInvariant() switch
        {
            "" or "ms" => 1L,
            "s" => 1000L,
            "min" => 60_000L,
            "h" => 3_600_000L,
            "d" => 86_400_000L,
            _ => throw new PgErrorException(new PgError(PgSeverity.Error, SqlState.InvalidParameterValue,
                $"invalid value for parameter \"{name}\": \"{value}\"")
            {
                Hint = "Valid units for this parameter are \"ms\", \"s\", \"min\", \"h\", and \"d\".",
            }),
        };
        return number < 0
            ? throw Invalid(name, value, $"{number} ms is outside the valid range for parameter \"{name}\" (0 .. 2147483647)", outOfRange: true)
            : number * multiplier;
    }

    public static string Boolean(string name, string value) => value.ToLowerInvariant() switch
    {
        "on" or "true" or "yes" or "1" or "t" or "y" => "on",
        "off" or "false" or "no" or "0" or "f" or "n" => "off",
        _ => throw new PgErrorException(SqlState.InvalidParameterValue,
            $"parameter \"{name}\" requires a Boolean value"),
    };

    private static PgErrorException Invalid(string name, string value, string? detail, bool outOfRange = false) =>
        new(new PgError(PgSeverity.Error, SqlState.InvalidParameterValue,
            outOfRange && detail is not null ? detail : $"invalid value for parameter \"{name}\": \"{value}\"")
        {
            Detail = outOfRange ? null : detail,
        });
}
