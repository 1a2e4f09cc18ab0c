using HtapRouter.AnalyticNode.Engine;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Tests.Engine;

/// <summary>Describing, binding parameters and command tags.</summary>
public sealed class StatementTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly DuckDbSession _session;

    public StatementTests()
    {
        _session = _db.Database.OpenSession();
        _session.ExecuteNonQuery("CREATE TABLE t (id INTEGER, name VARCHAR, price DECIMAL(10,2), ts TIMESTAMPTZ, d DATE, b BLOB)");
    }

    [Fact]
    public void Prepare_Select_DescribesParametersAndColumnsWithoutRunning()
    {
        using var insert = _session.Prepare("INSERT INTO t (id, name) VALUES ($1, $2)");
        using var select = _session.Prepare("SELECT id, name AS n, price FROM t WHERE id = $1 AND d > $2");

        Assert.Equal([PgTypeOid.Int4, PgTypeOid.Text], insert.ParameterTypes);
        Assert.Empty(insert.Columns);
        Assert.Equal(DuckDbStatementKind.Insert, insert.Kind);
        Assert.Equal([PgTypeOid.Int4, PgTypeOid.Date], select.ParameterTypes);
        Assert.Equal(DuckDbStatementKind.Select, select.Kind);
        Assert.Equal(
            [
                new PgFieldDescription("id", 0, 0, PgTypeOid.Int4, 4, -1, 0),
                new PgFieldDescription("n", 0, 0, PgTypeOid.Text, -1, -1, 0),
                new PgFieldDescription("price", 0, 0, PgTypeOid.Numeric, -1, PgTypmod.Numeric(10, 2), 0),
            ],
            select.Columns);
        Assert.Equal("0", Rows.Text(Rows.Query(_session, "SELECT count(*) FROM t").Rows[0][0]));
    }

    [Fact]
    public void Prepare_UnknownParameterType_ReportsText()
    {
        using var statement = _session.Prepare("SELECT $1 AS x");

        Assert.Equal([PgTypeOid.Text], statement.ParameterTypes);
        Assert.Equal(PgTypeOid.Text, Assert.Single(statement.Columns).TypeOid);
    }

    [Fact]
    public void Execute_TextAndBinaryParameters_BindTypedValues()
    {
        using var insert = _session.Prepare("INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6)");
        var binaryId = new byte[4];
        PgBinary.TryWriteInt4(7, binaryId, out _);
        var binaryDate = new byte[4];
        PgBinary.TryWriteDate(PgDate.FromYearMonthDay(2024, 3, 1), binaryDate, out _);
        PgValue[] parameters =
        [
            new(binaryId), Text("seven"), Text(" 12.5 "), Text("2024-06-01 12:00:00"), new(binaryDate), Text("\\x0102ff"),
        ];
        using (var cursor = insert.Execute(parameters, i => (short)(i is 0 or 4 ? 1 : 0), null, new PgFormatSettings { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata") }))
        {
            Assert.True(cursor.IsExhausted);
            Assert.Equal(1, cursor.RowsAffected);
            Assert.Equal("INSERT 0 1", cursor.CommandTag);
        }

        var (_, rows, _) = Rows.Query(_session, "SELECT id, name, price, ts, d, b FROM t");
        Assert.Equal(["7", "seven", "12.50", "2024-06-01 06:30:00+00", "2024-03-01", "\\x0102ff"], Assert.Single(rows).Select(Rows.Text));
    }

    [Fact]
    public void Execute_DeclaredTypeForUnknownParameter_SendsDescribedText()
    {
        using var statement = _session.Prepare("SELECT $1 AS x");
        var value = new byte[4];
        PgBinary.TryWriteInt4(42, value, out _);

        using var cursor = statement.Execute([new PgValue(value)], Rows.Format(1), [PgTypeOid.Int4]);
        var rows = Rows.ReadAll(cursor, format: 1);

        Assert.Equal(PgTypeOid.Text, Assert.Single(cursor.Columns).TypeOid);
        Assert.Equal("42", Rows.Text(rows[0][0]));
    }

    [Fact]
    public void Execute_NullParameter_BindsNull()
    {
        using var statement = _session.Prepare("SELECT $1::INTEGER IS NULL");

        using var cursor = statement.Execute([PgValue.Null], Rows.Format(0), null);

        Assert.Equal("t", Rows.Text(Rows.ReadAll(cursor)[0][0]));
    }

    [Theory]
    [InlineData("abc", SqlState.InvalidTextRepresentation, "invalid input syntax for type integer: \"abc\"")]
    [InlineData("1.5", SqlState.InvalidTextRepresentation, "invalid input syntax for type integer: \"1.5\"")]
    [InlineData("99999999999", SqlState.NumericValueOutOfRange, "value \"99999999999\" is out of range for type integer")]
    public void Execute_BadTextParameter_FailsAsPostgres(string text, string sqlState, string message)
    {
        using var statement = _session.Prepare("SELECT * FROM t WHERE id = $1");

        var error = Assert.Throws<PgErrorException>(() => statement.Execute([Text(text)], Rows.Format(0), null)).Error;

        Assert.Equal((sqlState, message), (error.SqlState, error.Message));
    }

    [Fact]
    public void Execute_BadTextForDuckDbCast_Fails22P02()
    {
        using var statement = _session.Prepare("SELECT CAST($1 AS VARCHAR)::INTEGER");

        var error = Assert.Throws<PgErrorException>(() => Rows.ReadAll(statement.Execute([Text("abc")], Rows.Format(0), null))).Error;

        Assert.Equal(SqlState.InvalidTextRepresentation, error.SqlState);
        Assert.Equal("invalid input syntax for type integer: \"abc\"", error.Message);
    }

    [Fact]
    public void Execute_MalformedBinaryParameter_Fails22P03()
    {
        using var statement = _session.Prepare("SELECT * FROM t WHERE id = $1");

        var error = Assert.Throws<PgErrorException>(() => statement.Execute([new PgValue(new byte[] { 1, 2 })], Rows.Format(1), null)).Error;

        Assert.Equal(SqlState.InvalidBinaryRepresentation, error.SqlState);
    }

    [Fact]
    public void Execute_WrongParameterCount_FailsProtocolViolation()
    {
        using var statement = _session.Prepare("SELECT * FROM t WHERE id = $1");

        var error = Assert.Throws<PgErrorException>(() => statement.Execute([], Rows.Format(0), null)).Error;

        Assert.Equal(SqlState.ProtocolViolation, error.SqlState);
    }

    [Fact]
    public void Execute_UpdateDeleteAndUtility_ReportTags()
    {
        _session.ExecuteNonQuery("INSERT INTO t (id) VALUES (1), (2), (3)");

        Assert.Equal("UPDATE 2", Rows.Query(_session, "UPDATE t SET name = 'x' WHERE id < 3").Tag);
        Assert.Equal("DELETE 3", Rows.Query(_session, "DELETE FROM t").Tag);
        Assert.Equal("CREATE", Rows.Query(_session, "CREATE TABLE u (x INTEGER)").Tag);
        Assert.Equal("SET", Rows.Query(_session, "SET threads = 2").Tag);
        Assert.Equal("SELECT 0", Rows.Query(_session, "SELECT * FROM u").Tag);
    }

    [Fact]
    public void Execute_InsertReturning_StreamsRows()
    {
        var (statement, rows, tag) = Rows.Query(_session, "INSERT INTO t (id) VALUES (5), (6) RETURNING id");

        Assert.Equal(PgTypeOid.Int4, Assert.Single(statement.Columns).TypeOid);
        Assert.Equal(["5", "6"], rows.Select(r => Rows.Text(r[0])));
        Assert.Equal("INSERT 0 2", tag);
    }

    public void Dispose()
    {
        _session.Dispose();
        _db.Dispose();
    }

    private static PgValue Text(string value) => new(System.Text.Encoding.UTF8.GetBytes(value));
}
