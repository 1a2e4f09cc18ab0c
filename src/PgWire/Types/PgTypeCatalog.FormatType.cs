using System.Globalization;

namespace HtapRouter.PgWire.Types;

public static partial class PgTypeCatalog
{
    /// <summary>
    /// What PostgreSQL's format_type(oid, typmod) prints, the SQL spelling psql's \d shows:
    /// "integer", "character varying(20)", "numeric(10,2)", "timestamp(3) without time zone", "text[]".
    /// A typmod of -1 counts as given, as it does for a column, so bpchar without length prints "bpchar".
    /// </summary>
    public static string FormatType(uint oid, int typmod) => FormatType(oid, typmod, typmodGiven: true);

    /// <summary>What format_type(oid, NULL) prints: the type without any modifier ("character", "bit").</summary>
    public static string FormatType(uint oid) => FormatType(oid, PgTypmod.None, typmodGiven: false);

    private static string FormatType(uint oid, int typmod, bool typmodGiven)
    {
        if (oid == 0)
        {
            return "-";
        }

        if (!TryGetByOid(oid, out var info))
        {
            return "???";
        }

        var suffix = "";
        if (info.IsArray && TryGetByOid(info.ElementOid, out var element))
        {
            info = element;
            suffix = "[]";
        }

        return FormatScalar(info, typmod, typmodGiven) + suffix;
    }

    private static string FormatScalar(PgTypeInfo info, int typmod, bool typmodGiven)
    {
        var withTypmod = typmodGiven && typmod >= 0;
        var named = info.Oid switch
        {
            PgTypeOid.Bool => "boolean",
            PgTypeOid.Int2 => "smallint",
            PgTypeOid.Int4 => "integer",
            PgTypeOid.Int8 => "bigint",
            PgTypeOid.Float4 => "real",
            PgTypeOid.Float8 => "double precision",
            PgTypeOid.Numeric => withTypmod ? "numeric" + NumericModifier(typmod) : "numeric",
            PgTypeOid.Varchar => "character varying" + CharModifier(typmod, withTypmod),
            PgTypeOid.VarBit => "bit varying" + (withTypmod ? Paren(typmod) : ""),
            PgTypeOid.Interval => "interval" + (withTypmod ? IntervalModifier(typmod) : ""),
            PgTypeOid.Time => TimeName("time", typmod, withTypmod, " without time zone"),
            PgTypeOid.TimeTz => TimeName("time", typmod, withTypmod, " with time zone"),
            PgTypeOid.Timestamp => TimeName("timestamp", typmod, withTypmod, " without time zone"),
            PgTypeOid.TimestampTz => TimeName("timestamp", typmod, withTypmod, " with time zone"),
            // bit and bpchar with an explicit -1 are not bit(1)/character(1), so PostgreSQL falls back
            // to the plain (quoted) type name to keep the output re-parsable with the same meaning.
            PgTypeOid.Bit when withTypmod => "bit" + Paren(typmod),
            PgTypeOid.Bit when !typmodGiven => "bit",
            PgTypeOid.BpChar when withTypmod => "character" + Paren(PgTypmod.DecodeCharLength(typmod)),
            PgTypeOid.BpChar when !typmodGiven => "character",
            _ => null,
        };

        return named ?? QuoteIdentifier(info.Name) + (withTypmod ? Paren(typmod) : "");
    }

    private static string Paren(int value) => "(" + value.ToString(CultureInfo.InvariantCulture) + ")";

    private static string CharModifier(int typmod, bool withTypmod) =>
        withTypmod ? Paren(PgTypmod.DecodeCharLength(typmod)) : "";

    private static string NumericModifier(int typmod)
    {
        PgTypmod.TryDecodeNumeric(typmod, out var precision, out var scale);
        return string.Create(CultureInfo.InvariantCulture, $"({precision},{scale})");
    }

    private static string TimeName(string name, int typmod, bool withTypmod, string zone) =>
        withTypmod ? name + Paren(typmod) + zone : name + zone;

    private static string IntervalModifier(int typmod)
    {
        PgTypmod.TryDecodeInterval(typmod, out var fields, out var precision);
        var range = fields switch
        {
            PgIntervalFields.Year => " year",
            PgIntervalFields.Month => " month",
            PgIntervalFields.Day => " day",
            PgIntervalFields.Hour => " hour",
            PgIntervalFields.Minute => " minute",
            PgIntervalFields.Second => " second",
            PgIntervalFields.Year | PgIntervalFields.Month => " year to month",
            PgIntervalFields.Day | PgIntervalFields.Hour => " day to hour",
            PgIntervalFields.Day | PgIntervalFields.Hour | PgIntervalFields.Minute => " day to minute",
            PgIntervalFields.Day | PgIntervalFields.Hour | PgIntervalFields.Minute | PgIntervalFields.Second =>
                " day to second",
            PgIntervalFields.Hour | PgIntervalFields.Minute => " hour to minute",
            PgIntervalFields.Hour | PgIntervalFields.Minute | PgIntervalFields.Second => " hour to second",
            PgIntervalFields.Minute | PgIntervalFields.Second => " minute to second",
            _ => "",
        };
        return precision == PgTypmod.IntervalFullPrecision ? range : range + Paren(precision);
    }

    // Built-in type names are lower case; only the ones that are also SQL keywords need quotes.
    private static string QuoteIdentifier(string name) =>
        name is "char" or "bit" ? "\"" + name + "\"" : name;
}
