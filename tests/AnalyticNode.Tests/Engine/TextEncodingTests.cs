using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Tests.Engine;

/// <summary>Each DuckDB type, described and printed in text format exactly as PostgreSQL prints the same value.</summary>
public sealed class TextEncodingTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public static TheoryData<string, uint, int, string> Cases => new()
    {
        { "true", PgTypeOid.Bool, -1, "t" },
        { "false", PgTypeOid.Bool, -1, "f" },
        { "(-128)::TINYINT", PgTypeOid.Int2, -1, "-128" },
        { "(-32768)::SMALLINT", PgTypeOid.Int2, -1, "-32768" },
        { "255::UTINYINT", PgTypeOid.Int2, -1, "255" },
        { "2147483647::INTEGER", PgTypeOid.Int4, -1, "2147483647" },
        { "65535::USMALLINT", PgTypeOid.Int4, -1, "65535" },
        { "(-9223372036854775808)::BIGINT", PgTypeOid.Int8, -1, "-9223372036854775808" },
        { "4294967295::UINTEGER", PgTypeOid.Int8, -1, "4294967295" },
        { "18446744073709551615::UBIGINT", PgTypeOid.Numeric, -1, "18446744073709551615" },
        { "(-170141183460469231731687303715884105727)::HUGEINT", PgTypeOid.Numeric, -1, "-170141183460469231731687303715884105727" },
        { "340282366920938463463374607431768211455::UHUGEINT", PgTypeOid.Numeric, -1, "340282366920938463463374607431768211455" },
        { "1.5::FLOAT", PgTypeOid.Float4, -1, "1.5" },
        { "0.1::FLOAT", PgTypeOid.Float4, -1, "0.1" },
        { "0.1::DOUBLE", PgTypeOid.Float8, -1, "0.1" },
        { "1e300::DOUBLE", PgTypeOid.Float8, -1, "1e+300" },
        { "'-inf'::DOUBLE", PgTypeOid.Float8, -1, "-Infinity" },
        { "'nan'::DOUBLE", PgTypeOid.Float8, -1, "NaN" },
        { "123.45::DECIMAL(5,2)", PgTypeOid.Numeric, (5 << 16 | 2) + 4, "123.45" },
        { "(-0.001)::DECIMAL(4,3)", PgTypeOid.Numeric, (4 << 16 | 3) + 4, "-0.001" },
        { "1.50::DECIMAL(9,2)", PgTypeOid.Numeric, (9 << 16 | 2) + 4, "1.50" },
        { "(-123456789012.345678)::DECIMAL(18,6)", PgTypeOid.Numeric, (18 << 16 | 6) + 4, "-123456789012.345678" },
        { "1234567890123456789012345678.0123456789::DECIMAL(38,10)", PgTypeOid.Numeric, (38 << 16 | 10) + 4, "1234567890123456789012345678.0123456789" },
        { "42::DECIMAL(10,0)", PgTypeOid.Numeric, (10 << 16) + 4, "42" },
        { "'héllo wörld'::VARCHAR", PgTypeOid.Text, -1, "héllo wörld" },
        { "''::VARCHAR", PgTypeOid.Text, -1, "" },
        { "'a string longer than twelve bytes'", PgTypeOid.Text, -1, "a string longer than twelve bytes" },
        { "'{\"a\": [1, 2]}'::JSON", PgTypeOid.Json, -1, "{\"a\": [1, 2]}" },
        { "'\\xDE\\xAD\\xBE\\xEF'::BLOB", PgTypeOid.Bytea, -1, "\\xdeadbeef" },
        { "'b'::ENUM('a', 'b', 'c')", PgTypeOid.Text, -1, "b" },
        { "DATE '2024-02-29'", PgTypeOid.Date, -1, "2024-02-29" },
        { "DATE '1999-12-31'", PgTypeOid.Date, -1, "1999-12-31" },
        { "'infinity'::DATE", PgTypeOid.Date, -1, "infinity" },
        { "'-infinity'::DATE", PgTypeOid.Date, -1, "-infinity" },
        { "DATE '0044-03-15 (BC)'", PgTypeOid.Date, -1, "0044-03-15 BC" },
        { "TIME '04:05:06.5'", PgTypeOid.Time, -1, "04:05:06.5" },
        { "TIMETZ '04:05:06+02'", PgTypeOid.TimeTz, -1, "04:05:06+02" },
        { "TIMETZ '04:05:06.25-05:30'", PgTypeOid.TimeTz, -1, "04:05:06.25-05:30" },
        { "TIMESTAMP '2024-01-02 03:04:05.123456'", PgTypeOid.Timestamp, -1, "2024-01-02 03:04:05.123456" },
        { "TIMESTAMP '1960-01-02 03:04:05'", PgTypeOid.Timestamp, -1, "1960-01-02 03:04:05" },
        { "'infinity'::TIMESTAMP", PgTypeOid.Timestamp, -1, "infinity" },
        { "TIMESTAMP_S '2024-01-02 03:04:05'", PgTypeOid.Timestamp, -1, "2024-01-02 03:04:05" },
        { "TIMESTAMP_MS '2024-01-02 03:04:05.678'", PgTypeOid.Timestamp, -1, "2024-01-02 03:04:05.678" },
        { "TIMESTAMP_NS '2024-01-02 03:04:05.123456789'", PgTypeOid.Timestamp, -1, "2024-01-02 03:04:05.123456" },
        { "TIMESTAMPTZ '2024-06-01 12:00:00+00'", PgTypeOid.TimestampTz, -1, "2024-06-01 12:00:00+00" },
        { "INTERVAL '1 year 2 months 3 days 04:05:06.5'", PgTypeOid.Interval, -1, "1 year 2 mons 3 days 04:05:06.5" },
        { "INTERVAL '-3 days'", PgTypeOid.Interval, -1, "-3 days" },
        { "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID", PgTypeOid.Uuid, -1, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" },
        { "'00000000-0000-0000-0000-000000000001'::UUID", PgTypeOid.Uuid, -1, "00000000-0000-0000-0000-000000000001" },
        { "[1, NULL, 3]", PgTypeOid.Int4Array, -1, "{1,NULL,3}" },
        { "['a b', NULL, '', 'NULL', 'q\"x']", PgTypeOid.TextArray, -1, "{\"a b\",NULL,\"\",\"NULL\",\"q\\\"x\"}" },
        { "[]::INTEGER[]", PgTypeOid.Int4Array, -1, "{}" },
        { "[1.5, 2.25]::DECIMAL(6,2)[]", PgTypeOid.NumericArray, (6 << 16 | 2) + 4, "{1.50,2.25}" },
        { "[DATE '2024-01-01', NULL]", PgTypeOid.DateArray, -1, "{2024-01-01,NULL}" },
        { "[1, 2, 3]::INTEGER[3]", PgTypeOid.Int4Array, -1, "{1,2,3}" },
        { "{'a': 1, 'b': 'x y'}", PgTypeOid.Record, -1, "(1,\"x y\")" },
        { "MAP {'k': 2}", PgTypeOid.Text, -1, "{k=2}" },
        { "[[1, 2], [3, NULL]]", PgTypeOid.Int4Array, -1, "{{1,2},{3,NULL}}" },
        { "[[1, 2], [3, 4]]::INTEGER[2][2]", PgTypeOid.Text, -1, "[[1, 2], [3, 4]]" },
        { "'101'::BIT", PgTypeOid.Text, -1, "101" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void WriteRows_TextFormat_PrintsAsPostgres(string expression, uint oid, int typmod, string expected)
    {
        using var session = _db.Database.OpenSession();
        var (statement, rows, tag) = Rows.Query(session, $"SELECT {expression} AS v");

        var column = Assert.Single(statement.Columns);
        Assert.Equal(("v", oid, typmod, (short)0), (column.Name, column.TypeOid, column.TypeModifier, column.Format));
        Assert.True(PgTypeCatalog.TryGetByOid(oid, out var info));
        Assert.Equal(info.Length, column.TypeSize);
        Assert.Equal(expected, Rows.Text(Assert.Single(Assert.Single(rows))));
        Assert.Equal("SELECT 1", tag);
    }

    [Fact]
    public void WriteRows_NullOfEachType_WritesNull()
    {
        using var session = _db.Database.OpenSession();
        var (statement, rows, _) = Rows.Query(
            session, "SELECT NULL::INTEGER, NULL::VARCHAR, NULL::DECIMAL(5,2), NULL::TIMESTAMPTZ, NULL::INTEGER[], NULL::STRUCT(a INT)");

        Assert.Equal(
            [PgTypeOid.Int4, PgTypeOid.Text, PgTypeOid.Numeric, PgTypeOid.TimestampTz, PgTypeOid.Int4Array, PgTypeOid.Record],
            statement.Columns.Select(c => c.TypeOid));
        Assert.All(Assert.Single(rows), Assert.Null);
    }

    [Theory]
    [InlineData("UTC", "2024-06-01 12:00:00+00")]
    [InlineData("Asia/Kolkata", "2024-06-01 17:30:00+05:30")]
    [InlineData("America/New_York", "2024-06-01 08:00:00-04")]
    public void WriteRows_TimestampTz_PrintsInSessionTimeZone(string zone, string expected)
    {
        using var session = _db.Database.OpenSession();
        var settings = new PgFormatSettings { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone) };
        var (_, rows, _) = Rows.Query(session, "SELECT TIMESTAMPTZ '2024-06-01 12:00:00+00', [TIMESTAMPTZ '2024-06-01 12:00:00+00']", settings: settings);

        Assert.Equal(expected, Rows.Text(rows[0][0]));
        Assert.Equal($"{{\"{expected}\"}}", Rows.Text(rows[0][1]));
    }

    [Fact]
    public void WriteRows_FormatSettings_ApplyExtraFloatDigitsAndIntervalStyle()
    {
        using var session = _db.Database.OpenSession();
        var settings = new PgFormatSettings { ExtraFloatDigits = 0, IntervalStyle = PgIntervalStyle.Iso8601 };
        var (_, rows, _) = Rows.Query(session, "SELECT 0.1::DOUBLE + 0.2::DOUBLE, INTERVAL '1 day 2 hours'", settings: settings);

        Assert.Equal("0.3", Rows.Text(rows[0][0]));
        Assert.Equal("P1DT2H", Rows.Text(rows[0][1]));
    }

    public void Dispose() => _db.Dispose();
}
