using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Tests.Engine;

/// <summary>Each DuckDB type in binary format, against the bytes PostgreSQL's send functions produce (PgBinary).</summary>
public sealed class BinaryEncodingTests : IDisposable
{
    private delegate bool Writer(Span<byte> destination, out int written);

    private readonly TempDatabase _db = new();

    public static TheoryData<string, string> Cases => new()
    {
        { "true", Hex((Span<byte> d, out int n) => PgBinary.TryWriteBool(true, d, out n)) },
        { "(-5)::TINYINT", Hex((Span<byte> d, out int n) => PgBinary.TryWriteInt2(-5, d, out n)) },
        { "255::UTINYINT", Hex((Span<byte> d, out int n) => PgBinary.TryWriteInt2(255, d, out n)) },
        { "(-32768)::SMALLINT", Hex((Span<byte> d, out int n) => PgBinary.TryWriteInt2(-32768, d, out n)) },
        { "123456::INTEGER", Hex((Span<byte> d, out int n) => PgBinary.TryWriteInt4(123456, d, out n)) },
        { "65535::USMALLINT", Hex((Span<byte> d, out int n) => PgBinary.TryWriteInt4(65535, d, out n)) },
        { "(-1234567890123)::BIGINT", Hex((Span<byte> d, out int n) => PgBinary.TryWriteInt8(-1234567890123, d, out n)) },
        { "4294967295::UINTEGER", Hex((Span<byte> d, out int n) => PgBinary.TryWriteInt8(4294967295, d, out n)) },
        { "18446744073709551615::UBIGINT", Hex((Span<byte> d, out int n) => PgBinary.TryWriteNumeric(ulong.MaxValue, 0, d, out n)) },
        { "340282366920938463463374607431768211455::UHUGEINT", Numeric("340282366920938463463374607431768211455") },
        { "1.5::FLOAT", Hex((Span<byte> d, out int n) => PgBinary.TryWriteFloat4(1.5f, d, out n)) },
        { "0.1::DOUBLE", Hex((Span<byte> d, out int n) => PgBinary.TryWriteFloat8(0.1, d, out n)) },
        { "123.45::DECIMAL(5,2)", Numeric("123.45") },
        { "(-0.001)::DECIMAL(4,3)", Numeric("-0.001") },
        { "(-123456789012.345678)::DECIMAL(18,6)", Numeric("-123456789012.345678") },
        { "1234567890123456789012345678.0123456789::DECIMAL(38,10)", Numeric("1234567890123456789012345678.0123456789") },
        { "'héllo'::VARCHAR", Convert.ToHexString("héllo"u8) },
        { "'{\"a\": 1}'::JSON", Convert.ToHexString("{\"a\": 1}"u8) },
        { "'\\xDE\\xAD'::BLOB", "DEAD" },
        { "'c'::ENUM('a', 'b', 'c')", Convert.ToHexString("c"u8) },
        { "DATE '2024-02-29'", Hex((Span<byte> d, out int n) => PgBinary.TryWriteDate(PgDate.FromYearMonthDay(2024, 2, 29), d, out n)) },
        { "'infinity'::DATE", Hex((Span<byte> d, out int n) => PgBinary.TryWriteDate(PgDate.Infinity, d, out n)) },
        { "TIME '04:05:06.5'", Hex((Span<byte> d, out int n) => PgBinary.TryWriteTime(14_706_500_000, d, out n)) },
        { "TIMETZ '04:05:06+02'", Hex((Span<byte> d, out int n) => PgBinary.TryWriteTimeTz(new PgTimeTz(14_706_000_000, 7200), d, out n)) },
        { "TIMESTAMP '2000-01-02 00:00:01'", Hex((Span<byte> d, out int n) => PgBinary.TryWriteTimestamp(new PgTimestamp(86_401_000_000), d, out n)) },
        { "TIMESTAMP_MS '2000-01-01 00:00:00.5'", Hex((Span<byte> d, out int n) => PgBinary.TryWriteTimestamp(new PgTimestamp(500_000), d, out n)) },
        { "'-infinity'::TIMESTAMP", Hex((Span<byte> d, out int n) => PgBinary.TryWriteTimestamp(PgTimestamp.NegativeInfinity, d, out n)) },
        { "TIMESTAMPTZ '2000-01-01 01:00:00+01'", Hex((Span<byte> d, out int n) => PgBinary.TryWriteTimestamp(new PgTimestamp(0), d, out n)) },
        { "INTERVAL '1 year 2 days 00:00:03'", Hex((Span<byte> d, out int n) => PgBinary.TryWriteInterval(new PgInterval(3_000_000, 2, 12), d, out n)) },
        { "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID", "A0EEBC999C0B4EF8BB6D6BB9BD380A11" },
        { "[1, NULL, 3]", Int4Array(1, null, 3) },
        { "[7, 8]::INTEGER[2]", Int4Array(7, 8) },
        { "[]::INTEGER[]", Int4Array() },
        { "{'a': 1}", "00000001" + "00000017" + "00000004" + "00000001" },
        { "[[1, 2], [3, NULL]]", "00000002" + "00000001" + "00000017" + "0000000200000001" + "0000000200000001"
            + "0000000400000001" + "0000000400000002" + "0000000400000003" + "FFFFFFFF" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void WriteRows_BinaryFormat_SendsPostgresBytes(string expression, string expectedHex)
    {
        using var session = _db.Database.OpenSession();
        var (_, rows, _) = Rows.Query(session, $"SELECT {expression}", format: 1);

        Assert.Equal(expectedHex, Convert.ToHexString(Assert.Single(Assert.Single(rows))!));
    }

    public void Dispose() => _db.Dispose();

    private static string Hex(Writer write)
    {
        var buffer = new byte[64];
        Assert.True(write(buffer, out var written));
        return Convert.ToHexString(buffer, 0, written);
    }

    private static string Numeric(string text)
    {
        Assert.True(PgText.TryParseNumeric(System.Text.Encoding.ASCII.GetBytes(text), out var value));
        return Hex((Span<byte> d, out int n) => PgBinary.TryWriteNumeric(value, d, out n));
    }

    private static string Int4Array(params int?[] values)
    {
        var buffer = new byte[256];
        var writer = new PgBinaryArrayWriter(buffer, PgTypeOid.Int4, values.Length, values.Contains(null));
        foreach (var value in values)
        {
            if (value is { } v)
            {
                Assert.True(PgBinary.TryWriteInt4(v, writer.BeginElement(), out var n));
                writer.EndElement(n);
            }
            else
            {
                writer.WriteNull();
            }
        }

        Assert.True(writer.TryComplete(out var written));
        return Convert.ToHexString(buffer, 0, written);
    }
}
