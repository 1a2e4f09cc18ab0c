namespace HtapRouter.PgWire.Types;

/// <summary>
/// Encodes and decodes type modifiers (pg_attribute.atttypmod) the way PostgreSQL's typmodin
/// functions do. -1 always means "no modifier".
/// </summary>
public static class PgTypmod
{
    /// <summary>The typmod of a column declared without a modifier.</summary>
    public const int None = -1;

    // VARHDRSZ: varlena types carry their 4-byte header in the typmod for historical reasons.
    private const int VarHeaderSize = 4;

    /// <summary>Fields mask of an interval typmod that allows every field (no "year to month" etc.).</summary>
    public const int IntervalFullRange = 0x7FFF;

    /// <summary>Precision of an interval typmod that means "not given".</summary>
    public const int IntervalFullPrecision = 0xFFFF;

    /// <summary>numeric(precision, scale); scale may be negative (-1000..1000) since PostgreSQL 15.</summary>
    public static int Numeric(int precision, int scale) =>
        ((precision << 16) | (scale & 0x7FF)) + VarHeaderSize;

    public static bool TryDecodeNumeric(int typmod, out int precision, out int scale)
    {
        if (typmod < VarHeaderSize)
        {
            precision = scale = 0;
            return false;
        }

        var bits = typmod - VarHeaderSize;
        precision = (bits >> 16) & 0xFFFF;
        // The scale is an 11-bit two's complement field.
        scale = ((bits & 0x7FF) ^ 1024) - 1024;
        return true;
    }

    /// <summary>varchar(n) and character(n).</summary>
    public static int CharLength(int length) => length + VarHeaderSize;

    public static int DecodeCharLength(int typmod) => typmod < VarHeaderSize ? -1 : typmod - VarHeaderSize;

    /// <summary>bit(n) and bit varying(n) store n as is.</summary>
    public static int BitLength(int length) => length;

    /// <summary>time(p), timetz(p), timestamp(p), timestamptz(p) store p as is.</summary>
    public static int TimePrecision(int precision) => precision;

    /// <summary>interval with a fields mask (see <see cref="PgIntervalFields"/>) and a precision.</summary>
    public static int Interval(PgIntervalFields fields, int precision = IntervalFullPrecision) =>
        ((int)fields << 16) | (precision & 0xFFFF);

    public static bool TryDecodeInterval(int typmod, out PgIntervalFields fields, out int precision)
    {
        if (typmod < 0)
        {
            fields = (PgIntervalFields)IntervalFullRange;
            precision = IntervalFullPrecision;
            return false;
        }

        fields = (PgIntervalFields)((typmod >> 16) & 0x7FFF);
        precision = typmod & 0xFFFF;
        return true;
    }
}

/// <summary>The interval field bits of datetime.h (MONTH = 1, YEAR = 2, DAY = 3, HOUR = 10, ...).</summary>
[Flags]
public enum PgIntervalFields
{
    None = 0,
    Month = 1 << 1,
    Year = 1 << 2,
    Day = 1 << 3,
    Hour = 1 << 10,
    Minute = 1 << 11,
    Second = 1 << 12,
    All = 0x7FFF,
}
