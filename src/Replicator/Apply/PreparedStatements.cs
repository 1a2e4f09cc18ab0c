using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace HtapRouter.Replicator.Apply;

/// <summary>
/// DuckDB prepared statements kept for one batch, by SQL text (one per table and row shape): DuckDB.NET
/// prepares a command's text again on every execution, which costs far more than applying a row.
/// </summary>
internal sealed class PreparedStatements : IDisposable
{
    private readonly DuckDBConnection _connection;
    private readonly Dictionary<string, DuckDBPreparedStatement> _statements = new(StringComparer.Ordinal);

    public PreparedStatements(DuckDBConnection connection) => _connection = connection;

    /// <summary>Runs <paramref name="sql"/> with <paramref name="parameters"/> ($1, $2...: null, text or bytes).</summary>
    public void Execute(string sql, IReadOnlyList<object?> parameters)
    {
        var statement = Get(sql);
        for (var i = 0; i < parameters.Count; i++)
        {
            var state = parameters[i] switch
            {
                null => NativeMethods.PreparedStatements.DuckDBBindNull(statement, i + 1),
                byte[] bytes => NativeMethods.PreparedStatements.DuckDBBindBlob(statement, i + 1, bytes, bytes.Length),
                var value => NativeMethods.PreparedStatements.DuckDBBindVarchar(statement, i + 1, (string)value),
            };
            if (state != DuckDBState.Success)
            {
                throw new InvalidOperationException($"DuckDB did not bind parameter ${i + 1} of: {sql}");
            }
        }

        var executed = NativeMethods.PreparedStatements.DuckDBExecutePrepared(statement, out var result);
        try
        {
            if (executed != DuckDBState.Success)
            {
                throw new InvalidOperationException($"{NativeMethods.Query.DuckDBResultError(ref result)} (applying: {sql})");
            }
        }
        finally
        {
            NativeMethods.Query.DuckDBDestroyResult(ref result);
        }
    }

    /// <summary>Forgets every statement: after a schema change, statements are prepared against the new shape.</summary>
    public void Clear()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _statements.Clear();
    }

    public void Dispose() => Clear();

    private DuckDBPreparedStatement Get(string sql)
    {
        if (_statements.TryGetValue(sql, out var statement))
        {
            return statement;
        }

        if (NativeMethods.PreparedStatements.DuckDBPrepare(_connection.NativeConnection, sql, out statement) != DuckDBState.Success)
        {
            var error = NativeMethods.PreparedStatements.DuckDBPrepareError(statement);
            statement.Dispose();
            throw new InvalidOperationException($"{error} (preparing: {sql})");
        }

        _statements[sql] = statement;
        return statement;
    }
}
