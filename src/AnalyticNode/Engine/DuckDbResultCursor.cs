using System.Buffers;
using System.Runtime.CompilerServices;
using DuckDB.NET.Native;
using HtapRouter.AnalyticNode.Engine.Encoders;
using HtapRouter.AnalyticNode.Engine.Errors;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine;

/// <summary>
/// The rows of one execution, pulled from DuckDB a data chunk (up to 2048 rows) at a time and encoded
/// straight into DataRow messages; the result is never materialized. Only one stream per session can be
/// open: executing another statement on the session closes this one. Not thread-safe, except that the
/// session may be interrupted from another thread while rows are written.
/// </summary>
public sealed partial class DuckDbResultCursor : IDisposable
{
    private readonly DuckDbSession _session;
    private readonly DuckDbStatementKind _kind;
    private readonly string _commandKeyword;
    private readonly ValueEncoder[] _encoders;
    private readonly bool[] _binary;
    private DuckDBResult _result;
    private bool _resultOpen;
    private DuckDBDataChunk? _chunk;
    private ulong _chunkSize;
    private ulong _chunkPosition;
    private bool _closedByOtherQuery;
    private long _rowsWritten;

    internal DuckDbResultCursor(
        DuckDbSession session, DuckDBResult result, DuckDbStatement statement, IReadOnlyList<PgFieldDescription> columns, ValueEncoder[] encoders)
    {
        _session = session;
        _result = result;
        _resultOpen = true;
        _kind = statement.Kind;
        _commandKeyword = statement.CommandKeyword;
        Columns = columns;
        _encoders = encoders;
        _binary = new bool[encoders.Length];
        if (encoders.Length == 0)
        {
            try
            {
                RowsAffected = ReadChangedRows();
            }
            finally
            {
                Close();
            }
        }
    }

    /// <summary>The columns as executed; the same as the statement's unless parameters changed a column's type.</summary>
    public IReadOnlyList<PgFieldDescription> Columns { get; }

    /// <summary>True once every row has been written (or the statement returned none).</summary>
    public bool IsExhausted { get; private set; }

    /// <summary>Rows written so far for a query; rows changed for INSERT, UPDATE and DELETE.</summary>
    public long RowsAffected { get; private set; }

    /// <summary>The CommandComplete tag: "SELECT 3", "INSERT 0 1", "UPDATE 2", "SET" and so on.</summary>
    public string CommandTag => _kind switch
    {
        DuckDbStatementKind.Select => $"SELECT {RowsAffected}",
        DuckDbStatementKind.Insert => $"INSERT 0 {RowsAffected}",
        DuckDbStatementKind.Update => $"UPDATE {RowsAffected}",
        DuckDbStatementKind.Delete => $"DELETE {RowsAffected}",
        _ => _commandKeyword,
    };

    /// <summary>
    /// Writes up to <paramref name="maxRows"/> DataRows to <paramref name="output"/> and returns how many.
    /// With <paramref name="maxRows"/> 0 it writes the rest of the current chunk, or the next chunk, and
    /// returns, so the caller can flush and apply backpressure between chunks; call until
    /// <see cref="IsExhausted"/>. <paramref name="resultFormat"/> gives each column's format (0 text, 1 binary).
    /// </summary>
    public int WriteRows(DataRowBuilder rows, IBufferWriter<byte> output, int maxRows, Func<int, short> resultFormat, PgFormatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(resultFormat);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        ObjectDisposedException.ThrowIf(!_resultOpen && !IsExhausted && !_closedByOtherQuery, this);
        if (_closedByOtherQuery)
        {
            throw new PgErrorException(EngineSqlState.ObjectNotInPrerequisiteState, "portal cannot be resumed: another statement ran on this session");
        }

        for (var i = 0; i < _encoders.Length; i++)
        {
            _binary[i] = resultFormat(i) == 1;
            _encoders[i].Configure(settings);
        }

        var written = 0;
        var fetched = false;
        while (!IsExhausted && (maxRows == 0 || written < maxRows))
        {
            if (_chunkPosition >= _chunkSize)
            {
                if (maxRows == 0 && (fetched || written > 0))
                {
                    break;
                }

                FetchChunk();
                fetched = true;
                continue;
            }

            var count = _chunkSize - _chunkPosition;
            if (maxRows > 0)
            {
                count = Math.Min(count, (ulong)(maxRows - written));
            }

            WriteChunkRows(rows, output, _chunkPosition, _chunkPosition + count);
            _chunkPosition += count;
            written += (int)count;
            _rowsWritten += (long)count;
            RowsAffected = _rowsWritten;
        }

        return written;
    }

    public void Dispose() => Close();

    /// <summary>Called by the session when another statement starts: DuckDB has closed this result's query.</summary>
    internal void CloseForOtherQuery()
    {
        _closedByOtherQuery = !IsExhausted;
        Close();
    }

    private void WriteChunkRows(DataRowBuilder rows, IBufferWriter<byte> output, ulong from, ulong to)
    {
        var encoders = _encoders;
        var binary = _binary;
        for (var row = from; row < to; row++)
        {
            rows.BeginRow(encoders.Length);
            for (var column = 0; column < encoders.Length; column++)
            {
                WriteValue(rows, encoders[column], row, binary[column]);
            }

            rows.EndRow(output);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteValue(DataRowBuilder rows, ValueEncoder encoder, ulong row, bool binary)
    {
        if (encoder.IsNull(row))
        {
            rows.WriteNull();
            return;
        }

        var length = binary ? encoder.BinaryLengthHint(row) : encoder.TextLengthHint(row);
        while (true)
        {
            var destination = rows.GetValueSpan(length);
            if (binary ? encoder.TryWriteBinary(row, destination, out var written) : encoder.TryWriteText(row, destination, out written))
            {
                rows.CommitValue(written);
                return;
            }

            length = checked((length * 2) + 16);
        }
    }
}
