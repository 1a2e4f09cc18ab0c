using DuckDB.NET.Native;
using HtapRouter.AnalyticNode.Engine.Errors;
using HtapRouter.PgWire.Protocol;

namespace HtapRouter.AnalyticNode.Engine;

public sealed partial class DuckDbResultCursor
{
    /// <summary>Replaces the current chunk with the next one; the encoders' vector pointers follow it.</summary>
    private void FetchChunk()
    {
        _chunk?.Dispose();
        _chunk = null;
        _chunkSize = 0;
        _chunkPosition = 0;
        var chunk = NativeMethods.Query.DuckDBFetchChunk(_result);
        if (chunk.IsInvalid)
        {
            chunk.Dispose();
            var error = ResultError();
            IsExhausted = true;
            Close();
            if (error is not null)
            {
                throw error;
            }

            return;
        }

        _chunk = chunk;
        _chunkSize = NativeMethods.DataChunks.DuckDBDataChunkGetSize(chunk);
        for (var i = 0; i < _encoders.Length; i++)
        {
            _encoders[i].Bind(NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, i));
        }
    }

    /// <summary>INSERT, UPDATE and DELETE return one row with the count of rows they changed.</summary>
    private unsafe long ReadChangedRows()
    {
        IsExhausted = true;
        if (NativeMethods.Query.DuckDBResultReturnType(_result) != DuckDBResultType.ChangedRows)
        {
            return 0;
        }

        using var chunk = NativeMethods.Query.DuckDBFetchChunk(_result);
        if (chunk.IsInvalid)
        {
            throw ResultError() ?? new PgErrorException("no row count returned");
        }

        var vector = NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, 0);
        return NativeMethods.DataChunks.DuckDBDataChunkGetSize(chunk) == 0 ? 0 : *(long*)NativeMethods.Vectors.DuckDBVectorGetData(vector);
    }

    private PgErrorException? ResultError()
    {
        var message = NativeMethods.Query.DuckDBResultError(ref _result);
        return string.IsNullOrEmpty(message)
            ? null
            : DuckDbErrorMapper.ToException(message, NativeMethods.Query.DuckDBResultErrorType(ref _result));
    }

    private void Close()
    {
        _chunk?.Dispose();
        _chunk = null;
        _chunkSize = 0;
        _chunkPosition = 0;
        if (_resultOpen)
        {
            _resultOpen = false;
            NativeMethods.Query.DuckDBDestroyResult(ref _result);
            _session.OnStreamClosed(this);
        }
    }
}
