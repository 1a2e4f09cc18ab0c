using DuckDB.NET.Native;
using HtapRouter.AnalyticNode.Engine;
using HtapRouter.AnalyticNode.Engine.Errors;
using HtapRouter.PgWire.Protocol;

namespace HtapRouter.AnalyticNode.Tests.Engine.Errors;

/// <summary>DuckDB's errors as PostgreSQL errors: SQLSTATE, PostgreSQL's wording where it differs, 1-based position.</summary>
public sealed class ErrorMappingTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly DuckDbSession _session;

    public ErrorMappingTests()
    {
        _session = _db.Database.OpenSession();
        _session.ExecuteNonQuery("CREATE TABLE t (i INTEGER, s VARCHAR)");
        _session.ExecuteNonQuery("INSERT INTO t VALUES (1, 'abc')");
    }

    [Theory]
    [InlineData("SELEC 1", SqlState.SyntaxError, "syntax error at or near \"SELEC\"", 1)]
    [InlineData("select * form t", SqlState.SyntaxError, "syntax error at or near \"t\"", 15)]
    [InlineData("select * from nosuch", SqlState.UndefinedTable, "relation \"nosuch\" does not exist", 15)]
    [InlineData("select 'é', nosuchcol from t", SqlState.UndefinedColumn, "column \"nosuchcol\" does not exist", 13)]
    [InlineData("select nosuchfn(1)", SqlState.UndefinedFunction, "function nosuchfn does not exist", 8)]
    public void Prepare_InvalidStatement_MapsError(string sql, string sqlState, string message, int position)
    {
        var error = Assert.Throws<PgErrorException>(() => _session.Prepare(sql)).Error;

        Assert.Equal((sqlState, message, position), (error.SqlState, error.Message, error.Position));
    }

    [Theory]
    [InlineData("select s::INTEGER from t", SqlState.InvalidTextRepresentation, "invalid input syntax for type integer: \"abc\"")]
    [InlineData("select (i + 2147483647)::INTEGER + 1 from t", SqlState.NumericValueOutOfRange, null)]
    [InlineData("select (i * 300)::TINYINT from t", SqlState.NumericValueOutOfRange, null)]
    public void Execute_FailingQuery_MapsError(string sql, string sqlState, string? message)
    {
        using var statement = _session.Prepare(sql);

        var error = Assert.Throws<PgErrorException>(() => Rows.ReadAll(statement.Execute(Rows.NoParameters, Rows.Format(0), null))).Error;

        Assert.Equal(sqlState, error.SqlState);
        if (message is not null)
        {
            Assert.Equal(message, error.Message);
        }
    }

    [Fact]
    public void Prepare_MultipleStatements_FailsInvalidParameterValue()
    {
        var error = Assert.Throws<PgErrorException>(() => _session.Prepare("SELECT 1; SELECT 2")).Error;

        Assert.Equal(SqlState.InvalidParameterValue, error.SqlState);
    }

    [Theory]
    [InlineData("{\"exception_type\":\"Divide by Zero\",\"exception_message\":\"Integer division by zero\"}", DuckDBErrorType.Invalid, SqlState.DivisionByZero, "division by zero")]
    [InlineData("{\"exception_type\":\"Not implemented\",\"exception_message\":\"Unsupported thing\"}", DuckDBErrorType.Invalid, SqlState.FeatureNotSupported, "Unsupported thing")]
    [InlineData("INTERRUPT Error: Interrupted!", DuckDBErrorType.Invalid, SqlState.QueryCanceled, "canceling statement due to user request")]
    [InlineData("Invalid Input Error: bad\nLINE 1: ...", DuckDBErrorType.InvalidInput, SqlState.InvalidParameterValue, "bad")]
    [InlineData("something odd", DuckDBErrorType.Invalid, SqlState.InternalError, "something odd")]
    [InlineData("something odd", DuckDBErrorType.DivideByZero, SqlState.DivisionByZero, "division by zero")]
    public void Map_DuckDbMessage_ChoosesSqlState(string duckDbMessage, DuckDBErrorType type, string sqlState, string message)
    {
        var error = DuckDbErrorMapper.Map(duckDbMessage, type);

        Assert.Equal((sqlState, message, (int?)null), (error.SqlState, error.Message, error.Position));
    }

    public void Dispose()
    {
        _session.Dispose();
        _db.Dispose();
    }
}
