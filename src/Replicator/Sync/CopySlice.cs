using System.Buffers.Binary;
using Npgsql;

namespace HtapRouter.Replicator.Sync;

/// <summary>
/// One slice's binary COPY from the primary, on a connection of its own, read as DuckDB asks for rows: whole tuples
/// are decoded from a buffer that the stream refills, the header is checked first and the trailer must end the stream.
/// </summary>
/// <remarks>
/// Reads are synchronous: a COPY sends each row as a message of its own, and an asynchronous read per buffer costs
/// more than decoding what it brings, on a thread that DuckDB gave to the scan anyway.
/// </remarks>
internal sealed class CopySlice : IDisposable
{
    private const int BufferSize = 1024 * 1024;

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlRawCopyStream _stream;
    private readonly string _table;
    private byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;
    private bool _header;
    private bool _trailer;

    public CopySlice(NpgsqlConnection connection, NpgsqlRawCopyStream stream, string table)
    {
        _connection = connection;
        _stream = stream;
        _table = table;
    }

    /// <summary>The stream ended after its trailer: every row of the slice was decoded.</summary>
    public bool Ended { get; private set; }

    /// <summary>
    /// Decodes rows into <paramref name="writer"/> until it is full (false) or the slice has ended (true).
    /// </summary>
    public bool Fill(ChunkWriter writer)
    {
        while (true)
        {
            if (_trailer)
            {
                if (_start != _end || ReadMore() != 0)
                {
                    throw new InvalidDataException($"The binary COPY of {_table} went on after its trailer.");
                }

                Ended = true;
                return true;
            }

            if (_header)
            {
                _start = writer.Decode(_buffer, _start, _end, out _trailer);
                if (_trailer)
                {
                    continue;
                }

                if (writer.Full)
                {
                    return false;
                }
            }

            if (ReadMore() == 0)
            {
                throw new InvalidDataException($"The binary COPY of {_table} ended in the middle of a row.");
            }

            if (!_header && TryHeader(out var length))
            {
                _header = true;
                _start = length;
            }
        }
    }

    /// <summary>Cancels the COPY on the primary (a stream still sending would be read to its end when disposed).</summary>
    public void Cancel()
    {
        if (Ended)
        {
            return;
        }

        try
        {
            _stream.Cancel();
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException or ObjectDisposedException or IOException)
        {
            // The COPY ended meanwhile; its own read reports how.
        }
    }

    public void Dispose()
    {
        Cancel();
        try
        {
            _stream.Dispose();
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException or IOException)
        {
            // A cancelled COPY ends with the primary's error, which the copy has reported already or never needed.
        }

        _connection.Dispose();
    }

    /// <summary>Moves what is left to the buffer's start, grows it when a tuple fills it, and reads what the primary has sent.</summary>
    private int ReadMore()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        _end += read;
        return read;
    }

    /// <summary>The binary COPY's header: signature, flags, extension; its length once all of it is in the buffer.</summary>
    private bool TryHeader(out int length)
    {
        ReadOnlySpan<byte> signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', 0x0A, 0xFF, 0x0D, 0x0A, 0x00];
        length = 0;
        if (_end < 19)
        {
            return false;
        }

        if (!_buffer.AsSpan(0, 11).SequenceEqual(signature))
        {
            throw new InvalidDataException("The primary's binary COPY has no PGCOPY signature.");
        }

        length = 19 + BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(15, 4));
        return _end >= length;
    }
}
