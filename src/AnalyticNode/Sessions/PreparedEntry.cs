using HtapRouter.AnalyticNode.Engine;
using HtapRouter.AnalyticNode.Sql;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;

namespace HtapRouter.AnalyticNode.Sessions;

/// <summary>A prepared statement: its plan, and for queries the DuckDB statement with its parameter and column types.</summary>
internal sealed class PreparedEntry : IDisposable
{
    public PreparedEntry(NodeStatement statement, DuckDbStatement? duck, IReadOnlyList<uint> parameterTypes,
        IReadOnlyList<PgFieldDescription> columns)
    {
        Statement = statement;
        Duck = duck;
        ParameterTypes = parameterTypes;
        Columns = columns;
    }

    public NodeStatement Statement { get; }

    public DuckDbStatement? Duck { get; }

    public IReadOnlyList<uint> ParameterTypes { get; }

    /// <summary>The result columns in text format; empty when the statement returns no rows.</summary>
    public IReadOnlyList<PgFieldDescription> Columns { get; }

    public void Dispose() => Duck?.Dispose();
}

/// <summary>A bound portal: parameters copied out of the Bind message, result formats, and once run, its result stream.</summary>
internal sealed class Portal : IDisposable
{
    public Portal(PreparedEntry source, PgValue[] parameters, short[] parameterFormats, short[] resultFormats)
    {
        Source = source;
        Parameters = parameters;
        ParameterFormats = parameterFormats;
        ResultFormats = resultFormats;
    }

    public PreparedEntry Source { get; }

    /// <summary>Parameter values, copied out of the Bind message so they outlive its buffer.</summary>
    public PgValue[] Parameters { get; }

    public short[] ParameterFormats { get; }

    public short[] ResultFormats { get; }

    public DuckDbResultCursor? Stream { get; set; }

    public long RowsSent { get; set; }

    /// <summary>Ran to its end; a further Execute returns no rows, as in PostgreSQL.</summary>
    public bool Completed { get; set; }

    public short ResultFormat(int column) => ResultFormats.Length switch
    {
        0 => 0,
        1 => ResultFormats[0],
        _ => column < ResultFormats.Length ? ResultFormats[column] : (short)0,
    };

    public short ParameterFormat(int index) => ParameterFormats.Length switch
    {
        0 => 0,
        1 => ParameterFormats[0],
        _ => index < ParameterFormats.Length ? ParameterFormats[index] : (short)0,
    };

    public void Dispose()
    {
        Stream?.Dispose();
        Stream = null;
    }
}
