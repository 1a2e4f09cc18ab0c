using HtapRouter.PgWire.Types;

namespace HtapRouter.Replicator.Schema;

/// <summary>
/// Maps PostgreSQL column types to DuckDB types so that the same SELECT returns the same values on both.
/// Exact where DuckDB has the type; text where it has none (inet, money, numeric beyond 38 digits or without
/// a declared precision, which DuckDB's DECIMAL would round).
/// </summary>
public static class PgDuckTypes
{
    /// <summary>The DuckDB type for a built-in type, or null when the type needs a catalog look-up (enums, domains, other arrays).</summary>
    public static ColumnType? MapBuiltIn(uint typeOid, int typeModifier) => typeOid switch
    {
        PgTypeOid.Bool => new("BOOLEAN"),
        PgTypeOid.Int2 => new("SMALLINT"),
        PgTypeOid.Int4 => new("INTEGER"),
        PgTypeOid.Int8 => new("BIGINT"),
        PgTypeOid.Oid => new("UINTEGER"),
        PgTypeOid.Float4 => new("FLOAT"),
        PgTypeOid.Float8 => new("DOUBLE"),
        PgTypeOid.Numeric => Numeric(typeModifier),
        PgTypeOid.BpChar => new("VARCHAR", ValueConversion.BpChar),
        PgTypeOid.Text or PgTypeOid.Varchar or PgTypeOid.Name or PgTypeOid.Char => new("VARCHAR"),
        PgTypeOid.Bytea => new("BLOB", ValueConversion.Bytea),
        PgTypeOid.Date => new("DATE", ValueConversion.Date),
        PgTypeOid.Time => new("TIME"),
        PgTypeOid.TimeTz => new("TIMETZ"),
        PgTypeOid.Timestamp => new("TIMESTAMP"),
        PgTypeOid.TimestampTz => new("TIMESTAMPTZ"),
        PgTypeOid.Interval => new("INTERVAL", ValueConversion.Interval),
        PgTypeOid.Uuid => new("UUID"),
        PgTypeOid.Json or PgTypeOid.Jsonb => new("JSON"),
        PgTypeOid.Inet or PgTypeOid.Cidr or PgTypeOid.MacAddr or PgTypeOid.Money or PgTypeOid.Xml => new("VARCHAR"),
        _ when PgTypeCatalog.TryGetByOid(typeOid, out var info) && info.ElementOid != 0 => Array(info.ElementOid, typeModifier),
        _ => null,
    };

    /// <summary>A one-dimensional array of a mapped element type, as a DuckDB list.</summary>
    public static ColumnType? Array(uint elementOid, int typeModifier) =>
        MapBuiltIn(elementOid, typeModifier) is { } element ? ColumnType.ArrayOf(element) : null;

    /// <summary>numeric(p,s) with p up to DuckDB's 38 digits is DECIMAL(p,s); anything else is kept exactly, as text.</summary>
    private static ColumnType Numeric(int typeModifier) =>
        PgTypmod.TryDecodeNumeric(typeModifier, out var precision, out var scale) && precision <= 38 && scale >= 0 && scale <= precision
            ? new ColumnType($"DECIMAL({precision},{scale})")
            : new ColumnType("VARCHAR");

}
