using DuckDB.NET.Native;
using HtapRouter.AnalyticNode.Engine.Encoders;
using HtapRouter.AnalyticNode.Engine.Native;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine.Types;

/// <summary>
/// How DuckDB's types are sent as PostgreSQL's:
/// <code>
/// DuckDB                                  PostgreSQL            typmod
/// BOOLEAN                                 bool (16)
/// TINYINT, SMALLINT, UTINYINT             int2 (21)
/// INTEGER, USMALLINT                      int4 (23)
/// BIGINT, UINTEGER                        int8 (20)
/// HUGEINT, UBIGINT, UHUGEINT              numeric (1700)        -1
/// DECIMAL(p,s)                            numeric (1700)        ((p &lt;&lt; 16) | s) + 4
/// FLOAT / DOUBLE                          float4 (700) / float8 (701)
/// VARCHAR, ENUM, NULL, unknown            text (25)
/// VARCHAR with alias JSON                 json (114)
/// BLOB                                    bytea (17)
/// DATE / TIME / TIME_TZ                   date (1082) / time (1083) / timetz (1266)
/// TIMESTAMP, TIMESTAMP_S/_MS/_NS          timestamp (1114)
/// TIMESTAMP_TZ                            timestamptz (1184)
/// INTERVAL / UUID                         interval (1186) / uuid (2950)
/// LIST(t), ARRAY(t, n) of a scalar above  t's array type (1-D)  t's typmod
/// LIST(LIST(t)), ... of a scalar above    t's array type (n-D)  t's typmod
/// STRUCT of mapped types (ROW(...))       record (2249)
/// anything else (MAP, UNION,              text (25), after the engine casts the column to VARCHAR
///   BIT, BIGNUM, nested ARRAYs, ...)
/// </code>
/// </summary>
internal static class DuckDbTypeMap
{
    public static PgColumnType Map(DuckDBLogicalType type)
    {
        var id = NativeMethods.LogicalType.DuckDBGetTypeId(type);
        return id switch
        {
            DuckDBType.Boolean => new(PgTypeOid.Bool, new BoolEncoder()),
            DuckDBType.TinyInt => new(PgTypeOid.Int2, new Int2Encoder<sbyte>()),
            DuckDBType.SmallInt => new(PgTypeOid.Int2, new Int2Encoder<short>()),
            DuckDBType.UnsignedTinyInt => new(PgTypeOid.Int2, new Int2Encoder<byte>()),
            DuckDBType.Integer => new(PgTypeOid.Int4, new Int4Encoder<int>()),
            DuckDBType.UnsignedSmallInt => new(PgTypeOid.Int4, new Int4Encoder<ushort>()),
            DuckDBType.BigInt => new(PgTypeOid.Int8, new Int8Encoder<long>()),
            DuckDBType.UnsignedInteger => new(PgTypeOid.Int8, new Int8Encoder<uint>()),
            DuckDBType.HugeInt => new(PgTypeOid.Numeric, new NumericEncoder<Int128>(0)),
            DuckDBType.UnsignedBigInt => new(PgTypeOid.Numeric, new NumericEncoder<ulong>(0)),
            DuckDBType.UnsignedHugeInt => new(PgTypeOid.Numeric, new UHugeIntEncoder()),
            DuckDBType.Decimal => MapDecimal(type),
            DuckDBType.Float => new(PgTypeOid.Float4, new Float4Encoder()),
            DuckDBType.Double => new(PgTypeOid.Float8, new Float8Encoder()),
            DuckDBType.Varchar => new(IsJson(type) ? PgTypeOid.Json : PgTypeOid.Text, new VarcharEncoder()),
            DuckDBType.Blob => new(PgTypeOid.Bytea, new ByteaEncoder()),
            DuckDBType.Date => new(PgTypeOid.Date, new DateEncoder()),
            DuckDBType.Time => new(PgTypeOid.Time, new TimeEncoder()),
            DuckDBType.TimeTz => new(PgTypeOid.TimeTz, new TimeTzEncoder()),
            DuckDBType.Timestamp => new(PgTypeOid.Timestamp, new TimestampEncoder(false, 1, 1)),
            DuckDBType.TimestampS => new(PgTypeOid.Timestamp, new TimestampEncoder(false, 1_000_000, 1)),
            DuckDBType.TimestampMs => new(PgTypeOid.Timestamp, new TimestampEncoder(false, 1_000, 1)),
            DuckDBType.TimestampNs => new(PgTypeOid.Timestamp, new TimestampEncoder(false, 1, 1_000)),
            DuckDBType.TimestampTz => new(PgTypeOid.TimestampTz, new TimestampEncoder(true, 1, 1)),
            DuckDBType.Interval => new(PgTypeOid.Interval, new IntervalEncoder()),
            DuckDBType.Uuid => new(PgTypeOid.Uuid, new UuidEncoder()),
            DuckDBType.Enum => MapEnum(type),
            DuckDBType.List => MapArray(type, fixedSize: 0),
            DuckDBType.Array => MapArray(type, (int)NativeMethods.LogicalType.DuckDBArrayVectorGetSize(type)),
            DuckDBType.Struct => MapRecord(type),
            DuckDBType.Invalid or DuckDBType.SqlNull => new(PgTypeOid.Text, new VarcharEncoder()),
            _ => PgColumnType.Unmapped,
        };
    }

    /// <summary>The PostgreSQL type of a DuckDB type id, for parameters: 0 when DuckDB could not infer one.</summary>
    public static uint MapParameter(DuckDBType id) => id switch
    {
        DuckDBType.Boolean => PgTypeOid.Bool,
        DuckDBType.TinyInt or DuckDBType.SmallInt or DuckDBType.UnsignedTinyInt => PgTypeOid.Int2,
        DuckDBType.Integer or DuckDBType.UnsignedSmallInt => PgTypeOid.Int4,
        DuckDBType.BigInt or DuckDBType.UnsignedInteger => PgTypeOid.Int8,
        DuckDBType.HugeInt or DuckDBType.UnsignedBigInt or DuckDBType.UnsignedHugeInt or DuckDBType.Decimal => PgTypeOid.Numeric,
        DuckDBType.Float => PgTypeOid.Float4,
        DuckDBType.Double => PgTypeOid.Float8,
        DuckDBType.Blob => PgTypeOid.Bytea,
        DuckDBType.Date => PgTypeOid.Date,
        DuckDBType.Time => PgTypeOid.Time,
        DuckDBType.TimeTz => PgTypeOid.TimeTz,
        DuckDBType.Timestamp or DuckDBType.TimestampS or DuckDBType.TimestampMs or DuckDBType.TimestampNs => PgTypeOid.Timestamp,
        DuckDBType.TimestampTz => PgTypeOid.TimestampTz,
        DuckDBType.Interval => PgTypeOid.Interval,
        DuckDBType.Uuid => PgTypeOid.Uuid,
        DuckDBType.Invalid or DuckDBType.Any or DuckDBType.SqlNull => 0,
        _ => PgTypeOid.Text,
    };

    private static PgColumnType MapDecimal(DuckDBLogicalType type)
    {
        var width = NativeMethods.LogicalType.DuckDBDecimalWidth(type);
        var scale = NativeMethods.LogicalType.DuckDBDecimalScale(type);
        ValueEncoder encoder = NativeMethods.LogicalType.DuckDBDecimalInternalType(type) switch
        {
            DuckDBType.SmallInt => new NumericEncoder<short>(scale),
            DuckDBType.Integer => new NumericEncoder<int>(scale),
            DuckDBType.BigInt => new NumericEncoder<long>(scale),
            _ => new NumericEncoder<Int128>(scale),
        };
        return new(PgTypeOid.Numeric, encoder, PgTypmod.Numeric(width, scale));
    }

    private static PgColumnType MapEnum(DuckDBLogicalType type)
    {
        var labels = new byte[NativeMethods.LogicalType.DuckDBEnumDictionarySize(type)][];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = System.Text.Encoding.UTF8.GetBytes(NativeMethods.LogicalType.DuckDBEnumDictionaryValue(type, i));
        }

        ValueEncoder encoder = NativeMethods.LogicalType.DuckDBEnumInternalType(type) switch
        {
            DuckDBType.UnsignedTinyInt => new EnumEncoder<byte>(labels),
            DuckDBType.UnsignedSmallInt => new EnumEncoder<ushort>(labels),
            _ => new EnumEncoder<uint>(labels),
        };
        return new(PgTypeOid.Text, encoder);
    }

    /// <summary>
    /// PostgreSQL arrays are rectangular and typed, so only lists of a mapped scalar become arrays, and lists of such
    /// lists multidimensional ones.
    /// </summary>
    private static PgColumnType MapArray(DuckDBLogicalType type, int fixedSize)
    {
        using var child = fixedSize > 0
            ? NativeMethods.LogicalType.DuckDBArrayTypeChildType(type)
            : NativeMethods.LogicalType.DuckDBListTypeChildType(type);
        var childId = NativeMethods.LogicalType.DuckDBGetTypeId(child);
        if (childId == DuckDBType.List && fixedSize == 0)
        {
            return MapNestedArray(child, 2);
        }

        if (childId is DuckDBType.List or DuckDBType.Array)
        {
            return PgColumnType.Unmapped;
        }

        var element = Map(child);
        if (element.Encoder is null || !PgTypeCatalog.TryGetByOid(element.Oid, out var info) || info.ArrayOid == 0)
        {
            return PgColumnType.Unmapped;
        }

        return new(info.ArrayOid, new ArrayEncoder(element.Encoder, element.Oid, fixedSize), element.Typmod);
    }

    /// <summary>LISTs nested <paramref name="depth"/> deep, <paramref name="list"/> the second level, of a mapped scalar.</summary>
    private static PgColumnType MapNestedArray(DuckDBLogicalType list, int depth)
    {
        using var child = NativeMethods.LogicalType.DuckDBListTypeChildType(list);
        switch (NativeMethods.LogicalType.DuckDBGetTypeId(child))
        {
            case DuckDBType.List:
                return MapNestedArray(child, depth + 1);
            case DuckDBType.Array or DuckDBType.Struct or DuckDBType.Map or DuckDBType.Union:
                return PgColumnType.Unmapped;
        }

        var element = Map(child);
        return element.Encoder is null || !PgTypeCatalog.TryGetByOid(element.Oid, out var info) || info.ArrayOid == 0
            ? PgColumnType.Unmapped
            : new(info.ArrayOid, new NestedArrayEncoder(element.Encoder, element.Oid, depth), element.Typmod);
    }

    /// <summary>A STRUCT (what ROW(...) gives) is an anonymous record when all its fields' types are mapped.</summary>
    private static PgColumnType MapRecord(DuckDBLogicalType type)
    {
        var count = (int)NativeMethods.LogicalType.DuckDBStructTypeChildCount(type);
        var encoders = new ValueEncoder[count];
        var oids = new uint[count];
        for (var i = 0; i < count; i++)
        {
            using var child = NativeMethods.LogicalType.DuckDBStructTypeChildType(type, i);
            if (Map(child) is not { Encoder: { } encoder } field)
            {
                return PgColumnType.Unmapped;
            }

            (encoders[i], oids[i]) = (encoder, field.Oid);
        }

        return new(PgTypeOid.Record, new RecordEncoder(encoders, oids));
    }

    private static unsafe bool IsJson(DuckDBLogicalType type) =>
        DuckDbNative.TakeString(DuckDbNative.LogicalTypeAlias(type)) == "JSON";
}

/// <summary>A DuckDB column's PostgreSQL type and the encoder that sends its values; no encoder when unmapped.</summary>
internal readonly record struct PgColumnType(uint Oid, ValueEncoder? Encoder, int Typmod = PgTypmod.None)
{
    public static PgColumnType Unmapped { get; } = new(PgTypeOid.Text, null);

    /// <summary>pg_type.typlen, as RowDescription's type size.</summary>
    public short TypeSize => PgTypeCatalog.TryGetByOid(Oid, out var info) ? info.Length : (short)-1;
}
