using System.Diagnostics.CodeAnalysis;
using HtapRouter.PgWire.Types;

namespace HtapRouter.PgWire.Tests.Types;

/// <summary>
/// Catalog rows, format_type() results and type-name resolution (via ::regtype) were read from a
/// PostgreSQL 15 server.
/// </summary>
public class PgTypeCatalogTests
{
    /// <summary>oid, typname, typlen, typbyval, typcategory, typelem, typarray, format_type(oid, -1), format_type(oid, NULL).</summary>
    [SuppressMessage("Performance", "CA1861", Justification = "A data table read once per test run.")]
    public static TheoryData<uint, string, int, bool, char, uint, uint, string, string> PgTypeRows => new()
    {
        { 16u, "bool", 1, true, 'B', 0u, 1000u, "boolean", "boolean" },
        { 17u, "bytea", -1, false, 'U', 0u, 1001u, "bytea", "bytea" },
        { 18u, "char", 1, true, 'Z', 0u, 1002u, "\"char\"", "\"char\"" },
        { 19u, "name", 64, false, 'S', 18u, 1003u, "name", "name" },
        { 20u, "int8", 8, true, 'N', 0u, 1016u, "bigint", "bigint" },
        { 21u, "int2", 2, true, 'N', 0u, 1005u, "smallint", "smallint" },
        { 22u, "int2vector", -1, false, 'A', 21u, 1006u, "int2vector", "int2vector" },
        { 23u, "int4", 4, true, 'N', 0u, 1007u, "integer", "integer" },
        { 24u, "regproc", 4, true, 'N', 0u, 1008u, "regproc", "regproc" },
        { 25u, "text", -1, false, 'S', 0u, 1009u, "text", "text" },
        { 26u, "oid", 4, true, 'N', 0u, 1028u, "oid", "oid" },
        { 28u, "xid", 4, true, 'U', 0u, 1011u, "xid", "xid" },
        { 30u, "oidvector", -1, false, 'A', 26u, 1013u, "oidvector", "oidvector" },
        { 114u, "json", -1, false, 'U', 0u, 199u, "json", "json" },
        { 142u, "xml", -1, false, 'U', 0u, 143u, "xml", "xml" },
        { 143u, "_xml", -1, false, 'A', 142u, 0u, "xml[]", "xml[]" },
        { 199u, "_json", -1, false, 'A', 114u, 0u, "json[]", "json[]" },
        { 650u, "cidr", -1, false, 'I', 0u, 651u, "cidr", "cidr" },
        { 651u, "_cidr", -1, false, 'A', 650u, 0u, "cidr[]", "cidr[]" },
        { 700u, "float4", 4, true, 'N', 0u, 1021u, "real", "real" },
        { 701u, "float8", 8, true, 'N', 0u, 1022u, "double precision", "double precision" },
        { 705u, "unknown", -2, false, 'X', 0u, 0u, "unknown", "unknown" },
        { 790u, "money", 8, true, 'N', 0u, 791u, "money", "money" },
        { 791u, "_money", -1, false, 'A', 790u, 0u, "money[]", "money[]" },
        { 829u, "macaddr", 6, false, 'U', 0u, 1040u, "macaddr", "macaddr" },
        { 869u, "inet", -1, false, 'I', 0u, 1041u, "inet", "inet" },
        { 1000u, "_bool", -1, false, 'A', 16u, 0u, "boolean[]", "boolean[]" },
        { 1001u, "_bytea", -1, false, 'A', 17u, 0u, "bytea[]", "bytea[]" },
        { 1002u, "_char", -1, false, 'A', 18u, 0u, "\"char\"[]", "\"char\"[]" },
        { 1003u, "_name", -1, false, 'A', 19u, 0u, "name[]", "name[]" },
        { 1005u, "_int2", -1, false, 'A', 21u, 0u, "smallint[]", "smallint[]" },
        { 1006u, "_int2vector", -1, false, 'A', 22u, 0u, "int2vector[]", "int2vector[]" },
        { 1007u, "_int4", -1, false, 'A', 23u, 0u, "integer[]", "integer[]" },
        { 1008u, "_regproc", -1, false, 'A', 24u, 0u, "regproc[]", "regproc[]" },
        { 1009u, "_text", -1, false, 'A', 25u, 0u, "text[]", "text[]" },
        { 1011u, "_xid", -1, false, 'A', 28u, 0u, "xid[]", "xid[]" },
        { 1013u, "_oidvector", -1, false, 'A', 30u, 0u, "oidvector[]", "oidvector[]" },
        { 1014u, "_bpchar", -1, false, 'A', 1042u, 0u, "bpchar[]", "character[]" },
        { 1015u, "_varchar", -1, false, 'A', 1043u, 0u, "character varying[]", "character varying[]" },
        { 1016u, "_int8", -1, false, 'A', 20u, 0u, "bigint[]", "bigint[]" },
        { 1021u, "_float4", -1, false, 'A', 700u, 0u, "real[]", "real[]" },
        { 1022u, "_float8", -1, false, 'A', 701u, 0u, "double precision[]", "double precision[]" },
        { 1028u, "_oid", -1, false, 'A', 26u, 0u, "oid[]", "oid[]" },
        { 1033u, "aclitem", 12, false, 'U', 0u, 1034u, "aclitem", "aclitem" },
        { 1034u, "_aclitem", -1, false, 'A', 1033u, 0u, "aclitem[]", "aclitem[]" },
        { 1040u, "_macaddr", -1, false, 'A', 829u, 0u, "macaddr[]", "macaddr[]" },
        { 1041u, "_inet", -1, false, 'A', 869u, 0u, "inet[]", "inet[]" },
        { 1042u, "bpchar", -1, false, 'S', 0u, 1014u, "bpchar", "character" },
        { 1043u, "varchar", -1, false, 'S', 0u, 1015u, "character varying", "character varying" },
        { 1082u, "date", 4, true, 'D', 0u, 1182u, "date", "date" },
        { 1083u, "time", 8, true, 'D', 0u, 1183u, "time without time zone", "time without time zone" },
        { 1114u, "timestamp", 8, true, 'D', 0u, 1115u, "timestamp without time zone", "timestamp without time zone" },
        { 1115u, "_timestamp", -1, false, 'A', 1114u, 0u, "timestamp without time zone[]", "timestamp without time zone[]" },
        { 1182u, "_date", -1, false, 'A', 1082u, 0u, "date[]", "date[]" },
        { 1183u, "_time", -1, false, 'A', 1083u, 0u, "time without time zone[]", "time without time zone[]" },
        { 1184u, "timestamptz", 8, true, 'D', 0u, 1185u, "timestamp with time zone", "timestamp with time zone" },
        { 1185u, "_timestamptz", -1, false, 'A', 1184u, 0u, "timestamp with time zone[]", "timestamp with time zone[]" },
        { 1186u, "interval", 16, false, 'T', 0u, 1187u, "interval", "interval" },
        { 1187u, "_interval", -1, false, 'A', 1186u, 0u, "interval[]", "interval[]" },
        { 1231u, "_numeric", -1, false, 'A', 1700u, 0u, "numeric[]", "numeric[]" },
        { 1263u, "_cstring", -1, false, 'A', 2275u, 0u, "cstring[]", "cstring[]" },
        { 1266u, "timetz", 12, false, 'D', 0u, 1270u, "time with time zone", "time with time zone" },
        { 1270u, "_timetz", -1, false, 'A', 1266u, 0u, "time with time zone[]", "time with time zone[]" },
        { 1560u, "bit", -1, false, 'V', 0u, 1561u, "\"bit\"", "bit" },
        { 1561u, "_bit", -1, false, 'A', 1560u, 0u, "\"bit\"[]", "bit[]" },
        { 1562u, "varbit", -1, false, 'V', 0u, 1563u, "bit varying", "bit varying" },
        { 1563u, "_varbit", -1, false, 'A', 1562u, 0u, "bit varying[]", "bit varying[]" },
        { 1700u, "numeric", -1, false, 'N', 0u, 1231u, "numeric", "numeric" },
        { 2205u, "regclass", 4, true, 'N', 0u, 2210u, "regclass", "regclass" },
        { 2206u, "regtype", 4, true, 'N', 0u, 2211u, "regtype", "regtype" },
        { 2210u, "_regclass", -1, false, 'A', 2205u, 0u, "regclass[]", "regclass[]" },
        { 2211u, "_regtype", -1, false, 'A', 2206u, 0u, "regtype[]", "regtype[]" },
        { 2249u, "record", -1, false, 'P', 0u, 2287u, "record", "record" },
        { 2275u, "cstring", -2, false, 'P', 0u, 1263u, "cstring", "cstring" },
        { 2278u, "void", 4, true, 'P', 0u, 0u, "void", "void" },
        { 2287u, "_record", -1, false, 'P', 2249u, 0u, "record[]", "record[]" },
        { 2950u, "uuid", 16, false, 'U', 0u, 2951u, "uuid", "uuid" },
        { 2951u, "_uuid", -1, false, 'A', 2950u, 0u, "uuid[]", "uuid[]" },
        { 3220u, "pg_lsn", 8, true, 'U', 0u, 3221u, "pg_lsn", "pg_lsn" },
        { 3221u, "_pg_lsn", -1, false, 'A', 3220u, 0u, "pg_lsn[]", "pg_lsn[]" },
        { 3802u, "jsonb", -1, false, 'U', 0u, 3807u, "jsonb", "jsonb" },
        { 3807u, "_jsonb", -1, false, 'A', 3802u, 0u, "jsonb[]", "jsonb[]" },
        { 4089u, "regnamespace", 4, true, 'N', 0u, 4090u, "regnamespace", "regnamespace" },
        { 4090u, "_regnamespace", -1, false, 'A', 4089u, 0u, "regnamespace[]", "regnamespace[]" },
    };

    [Theory]
    [MemberData(nameof(PgTypeRows))]
    public void TryGetByOid_PgTypeRow_MatchesServerCatalog(
        uint oid, string name, int length, bool byValue, char category, uint elementOid, uint arrayOid, string formatted, string formattedWithoutTypmod)
    {
        _ = formatted;
        _ = formattedWithoutTypmod;
        Assert.True(PgTypeCatalog.TryGetByOid(oid, out var info));

        Assert.Equal((name, length, byValue, category, elementOid, arrayOid), (info.Name, (int)info.Length, info.ByValue, info.Category, info.ElementOid, info.ArrayOid));
        Assert.Equal("pg_catalog", info.Namespace);
    }

    [Theory]
    [MemberData(nameof(PgTypeRows))]
    public void FormatType_NoTypmod_MatchesServerFormatType(
        uint oid, string name, int length, bool byValue, char category, uint elementOid, uint arrayOid, string formatted, string formattedWithoutTypmod)
    {
        _ = (name, length, byValue, category, elementOid, arrayOid);

        Assert.Equal(formatted, PgTypeCatalog.FormatType(oid, PgTypmod.None));
        Assert.Equal(formattedWithoutTypmod, PgTypeCatalog.FormatType(oid));
    }

    [Theory]
    [InlineData(1186u, 470286339, "interval day to second(3)")]
    [InlineData(1186u, 327679, "interval year")]
    [InlineData(1186u, 2147418114, "interval(2)")]
    [InlineData(1186u, 201392127, "interval hour to minute")]
    [InlineData(1266u, 3, "time(3) with time zone")]
    [InlineData(1700u, 329730, "numeric(5,-2)")]
    [InlineData(1560u, 3, "bit(3)")]
    [InlineData(1562u, -1, "bit varying")]
    [InlineData(1042u, 5, "character(1)")]
    [InlineData(1043u, -1, "character varying")]
    [InlineData(1184u, 0, "timestamp(0) with time zone")]
    [InlineData(1700u, 2490372, "numeric(38,0)")]
    [InlineData(18u, -1, "\"char\"")]
    [InlineData(1083u, 6, "time(6) without time zone")]
    [InlineData(1014u, 14, "character(10)[]")]
    [InlineData(1186u, 402718719, "interval minute to second")]
    [InlineData(1186u, 196607, "interval month")]
    [InlineData(1186u, 589823, "interval day")]
    [InlineData(1186u, 67174399, "interval hour")]
    [InlineData(1186u, 134283263, "interval minute")]
    [InlineData(1186u, 268500991, "interval second")]
    [InlineData(1186u, 268435458, "interval second(2)")]
    [InlineData(1186u, 458751, "interval year to month")]
    [InlineData(1186u, 67698687, "interval day to hour")]
    [InlineData(1186u, 201916415, "interval day to minute")]
    [InlineData(1186u, 469827583, "interval hour to second")]
    [InlineData(1043u, 24, "character varying(20)")]
    [InlineData(1700u, 655366, "numeric(10,2)")]
    [InlineData(1114u, 7, "timestamp(7) without time zone")]
    [InlineData(1184u, 3, "timestamp(3) with time zone")]
    [InlineData(1562u, 5, "bit varying(5)")]
    [InlineData(1015u, 24, "character varying(20)[]")]
    [InlineData(1186u, 2147418112, "interval(0)")]
    [InlineData(25u, 5, "text(5)")]
    [InlineData(1014u, 9, "character(5)[]")]
    [InlineData(1231u, 655366, "numeric(10,2)[]")]
    [InlineData(1083u, 0, "time(0) without time zone")]
    [InlineData(1560u, 1, "bit(1)")]
    public void FormatType_ColumnTypmod_MatchesServerFormatType(uint oid, int typmod, string expected)
    {
        Assert.Equal(expected, PgTypeCatalog.FormatType(oid, typmod));
    }

    [Theory]
    [InlineData("integer", 23u)]
    [InlineData("int", 23u)]
    [InlineData("int4", 23u)]
    [InlineData("INTEGER", 23u)]
    [InlineData("bigint", 20u)]
    [InlineData("smallint", 21u)]
    [InlineData("double precision", 701u)]
    [InlineData("double   precision", 701u)]
    [InlineData("real", 700u)]
    [InlineData("float", 701u)]
    [InlineData("float8", 701u)]
    [InlineData("character varying", 1043u)]
    [InlineData("varchar", 1043u)]
    [InlineData("character", 1042u)]
    [InlineData("char", 1042u)]
    [InlineData("\"char\"", 18u)]
    [InlineData("bpchar", 1042u)]
    [InlineData("timestamp with time zone", 1184u)]
    [InlineData("timestamptz", 1184u)]
    [InlineData("timestamp without time zone", 1114u)]
    [InlineData("timestamp", 1114u)]
    [InlineData("time with time zone", 1266u)]
    [InlineData("time", 1083u)]
    [InlineData("boolean", 16u)]
    [InlineData("bool", 16u)]
    [InlineData("decimal", 1700u)]
    [InlineData("numeric", 1700u)]
    [InlineData("text", 25u)]
    [InlineData("text[]", 1009u)]
    [InlineData("integer[]", 1007u)]
    [InlineData("_int4", 1007u)]
    [InlineData("character varying[]", 1015u)]
    [InlineData("bit varying", 1562u)]
    [InlineData("\"bit\"", 1560u)]
    [InlineData("bit", 1560u)]
    [InlineData("uuid", 2950u)]
    [InlineData("jsonb", 3802u)]
    [InlineData("interval", 1186u)]
    [InlineData("date", 1082u)]
    [InlineData("bytea", 17u)]
    [InlineData("inet", 869u)]
    [InlineData("cidr", 650u)]
    [InlineData("macaddr", 829u)]
    [InlineData("json", 114u)]
    [InlineData("name", 19u)]
    [InlineData("oid", 26u)]
    [InlineData("regclass", 2205u)]
    [InlineData("int2vector", 22u)]
    [InlineData("record", 2249u)]
    public void TryGetByName_SqlSpelling_ResolvesLikeRegtype(string name, uint expectedOid)
    {
        Assert.True(PgTypeCatalog.TryGetByName(name, out var info));
        Assert.Equal(expectedOid, info.Oid);
    }

    [Theory]
    [InlineData("integr")]
    [InlineData("")]
    [InlineData("\"CHAR\"")]
    [InlineData("bool[][]x")]
    public void TryGetByName_UnknownName_ReturnsFalse(string name)
    {
        Assert.False(PgTypeCatalog.TryGetByName(name, out _));
    }

    [Fact]
    public void FormatType_UnknownOrInvalidOid_MatchesServerPlaceholders()
    {
        // format_type(0, -1) and format_type(999999, -1) in PostgreSQL 15.
        Assert.Equal("-", PgTypeCatalog.FormatType(0, -1));
        Assert.Equal("???", PgTypeCatalog.FormatType(999999, -1));
    }

    [Fact]
    public void PgTypeOid_EveryConstant_NamesACatalogType()
    {
        foreach (var field in typeof(PgTypeOid).GetFields())
        {
            var oid = (uint)field.GetRawConstantValue()!;
            Assert.True(PgTypeCatalog.TryGetByOid(oid, out var info), field.Name);
            var expectedName = field.Name.EndsWith("Array", StringComparison.Ordinal) ? "_" + field.Name[..^5] : field.Name;
            Assert.Equal(expectedName.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant(), info.Name.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant());
        }

        Assert.Equal(PgTypeCatalog.All.Count, typeof(PgTypeOid).GetFields().Length);
    }

    [Theory]
    [InlineData(10, 2)]
    [InlineData(5, -2)]
    [InlineData(1000, 1000)]
    public void Numeric_PrecisionAndScale_RoundTrips(int precision, int scale)
    {
        Assert.True(PgTypmod.TryDecodeNumeric(PgTypmod.Numeric(precision, scale), out var p, out var s));
        Assert.Equal((precision, scale), (p, s));
    }

    [Fact]
    public void Typmods_PostgresColumnValues_EncodeAndDecode()
    {
        // atttypmod of numeric(10,2), numeric(5,-2), varchar(20), interval day to second(3).
        Assert.Equal(655366, PgTypmod.Numeric(10, 2));
        Assert.Equal(329730, PgTypmod.Numeric(5, -2));
        Assert.Equal(24, PgTypmod.CharLength(20));
        Assert.Equal(20, PgTypmod.DecodeCharLength(24));
        var dayToSecond = PgIntervalFields.Day | PgIntervalFields.Hour | PgIntervalFields.Minute | PgIntervalFields.Second;
        Assert.Equal(470286339, PgTypmod.Interval(dayToSecond, 3));
        Assert.True(PgTypmod.TryDecodeInterval(470286339, out var fields, out var precision));
        Assert.Equal((dayToSecond, 3), (fields, precision));
    }
}
