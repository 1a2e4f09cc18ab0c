using System.Buffers;
using System.IO.Pipelines;
using HtapRouter.PgWire.Protocol;

namespace HtapRouter.PgWire.Transport;

/// <summary>
/// A framed duplex byte stream: typed messages are read from a <see cref="PipeReader"/> and written to
/// <see cref="Output"/>. A message returned by <see cref="ReadAsync"/> stays valid until the next read; the
/// reader is advanced past it only then, so its payload can be decoded in place without copying.
/// </summary>
public sealed class PgTransport : IAsyncDisposable
{
    private readonly PgMessageReader _framer;
    private PipeReader _input;
    private PipeWriter _output;
    private SequencePosition _consumed;
    private bool _holdingBuffer;

    public PgTransport(Stream stream, PgMessageSource peer, int maxMessageLength = PgMessageReader.DefaultMaxMessageLength)
    {
        Stream = stream;
        _framer = new PgMessageReader(peer, maxMessageLength);
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
    }

    /// <summary>The stream underneath; replaced by <see cref="UpgradeAsync"/>.</summary>
    public Stream Stream { get; private set; }

    /// <summary>Where messages are written; nothing reaches the peer before <see cref="FlushAsync"/>.</summary>
    public PipeWriter Output => _output;

    public int MaxMessageLength => _framer.MaxMessageLength;

    /// <summary>Reads the next typed message, or null at a clean end of stream.</summary>
    /// <exception cref="PgProtocolException">The bytes are not a valid message, or the stream ended inside one.</exception>
    public async ValueTask<PgMessage?> ReadAsync(CancellationToken cancellationToken = default)
    {
        ReleaseHeldBuffer();
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var examined = buffer.End;
            if (_framer.TryParseMessage(buffer, ref consumed, ref examined, out var message))
            {
                _consumed = consumed;
                _holdingBuffer = true;
                return message;
            }

            _input.AdvanceTo(consumed, examined);
            if (result.IsCanceled)
            {
                return null;
            }

            if (result.IsCompleted)
            {
                return buffer.IsEmpty ? null : throw new PgProtocolException("unexpected EOF within message");
            }
        }
    }

    /// <summary>
    /// Returns the next message when it is already buffered, without waiting for the peer. A relay uses it to
    /// pass on everything that has arrived before it flushes, so one flush carries a whole burst of messages.
    /// </summary>
    /// <exception cref="PgProtocolException">The buffered bytes are not a valid message.</exception>
    public bool TryReadBuffered(out PgMessage message)
    {
        ReleaseHeldBuffer();
        message = default;
        if (!_input.TryRead(out var result))
        {
            return false;
        }

        var buffer = result.Buffer;
        var consumed = buffer.Start;
        var examined = buffer.End;
        if (_framer.TryParseMessage(buffer, ref consumed, ref examined, out message))
        {
            _consumed = consumed;
            _holdingBuffer = true;
            return true;
        }

        // Nothing examined: the next ReadAsync must look at these bytes again rather than wait for more.
        _input.AdvanceTo(buffer.Start, buffer.Start);
        return false;
    }

    /// <summary>Reads a startup-phase packet, or null at a clean end of stream.</summary>
    public async ValueTask<StartupPacket?> ReadStartupPacketAsync(CancellationToken cancellationToken = default)
    {
        ReleaseHeldBuffer();
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var examined = buffer.End;
            if (StartupPacketReader.TryParse(buffer, ref consumed, ref examined, out var packet))
            {
                var trailing = buffer.Slice(consumed).Length;
                _input.AdvanceTo(consumed, consumed);
                if (trailing > 0 && packet!.Kind is StartupPacketKind.SslRequest or StartupPacketKind.GssEncRequest)
                {
                    throw new PgProtocolException("received unencrypted data after SSL request");
                }

                return packet;
            }

            _input.AdvanceTo(consumed, examined);
            if (result.IsCompleted || result.IsCanceled)
            {
                return buffer.IsEmpty ? null : throw new PgProtocolException("incomplete startup packet");
            }
        }
    }

    /// <summary>Reads exactly one byte: the answer to an SSLRequest or GSSENCRequest.</summary>
    public async ValueTask<byte?> ReadSingleByteAsync(CancellationToken cancellationToken = default)
    {
        ReleaseHeldBuffer();
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken);
            if (!result.Buffer.IsEmpty)
            {
                var value = result.Buffer.FirstSpan[0];
                var rest = result.Buffer.Length - 1;
                _input.AdvanceTo(result.Buffer.GetPosition(1));
                return rest == 0 ? value : throw new PgProtocolException("received unencrypted data after SSL response");
            }

            _input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    public ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        _output.FlushAsync(cancellationToken);

    /// <summary>
    /// Swaps the stream for one layered on it (TLS), once the peer has been told to start the handshake.
    /// Must be called with nothing buffered in either direction.
    /// </summary>
    public async ValueTask UpgradeAsync(Func<Stream, CancellationToken, ValueTask<Stream>> upgrade,
        CancellationToken cancellationToken = default)
    {
        ReleaseHeldBuffer();
        await _output.FlushAsync(cancellationToken);
        await _input.CompleteAsync();
        await _output.CompleteAsync();
        Stream = await upgrade(Stream, cancellationToken);
        _input = PipeReader.Create(Stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        _output = PipeWriter.Create(Stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
    }

    /// <summary>Stops a pending read, which then reports the end of the stream.</summary>
    public void CancelPendingRead() => _input.CancelPendingRead();

    public async ValueTask DisposeAsync()
    {
        ReleaseHeldBuffer();
        await _input.CompleteAsync();
        try
        {
            await _output.CompleteAsync();
        }
        catch (IOException)
        {
            // The peer is gone; whatever was not flushed has nowhere to go.
        }

        await Stream.DisposeAsync();
    }

    private void ReleaseHeldBuffer()
    {
        if (_holdingBuffer)
        {
            _holdingBuffer = false;
            _input.AdvanceTo(_consumed, _consumed);
        }
    }
}
