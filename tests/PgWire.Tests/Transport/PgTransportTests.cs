using System.Buffers.Binary;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Transport;

namespace HtapRouter.PgWire.Tests.Transport;

public class PgTransportTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task ReadAsync_MessagesArrivingInAnyChunks_ComeOutWhole(int chunk)
    {
        var payloads = new[] { 0, 1, 5, 16 * 1024 - 5, 16 * 1024, 70_000, 3, 1_000_000, 7 }
            .Select((length, i) => Enumerable.Range(0, length).Select(b => (byte)(b * 31 + i)).ToArray())
            .ToArray();
        var wire = payloads.SelectMany(p => Frame((byte)'d', p)).ToArray();
        await using var transport = new PgTransport(new ChunkedStream(wire, chunk), PgMessageSource.Frontend);

        foreach (var expected in payloads)
        {
            var message = await transport.ReadAsync() ?? throw new InvalidOperationException("ended early");
            Assert.Equal((byte)'d', message.Code);
            Assert.Equal(expected, System.Buffers.BuffersExtensions.ToArray(message.Payload));
        }
        Assert.Null(await transport.ReadAsync());
    }

    [Fact]
    public async Task TryReadBuffered_ReturnsOnlyWhatHasArrived()
    {
        var wire = Frame((byte)'S', []).Concat(Frame((byte)'S', [])).Concat(Frame((byte)'X', [1, 2])).ToArray();
        await using var transport = new PgTransport(new ChunkedStream(wire, wire.Length - 1), PgMessageSource.Frontend);

        Assert.False(transport.TryReadBuffered(out _));
        Assert.Equal((byte)'S', (await transport.ReadAsync())!.Value.Code);
        Assert.True(transport.TryReadBuffered(out var second));
        Assert.Equal((byte)'S', second.Code);
        Assert.False(transport.TryReadBuffered(out _)); // the last message lacks its final byte
        Assert.Equal(new byte[] { 1, 2 }, System.Buffers.BuffersExtensions.ToArray((await transport.ReadAsync())!.Value.Payload));
    }

    [Fact]
    public async Task ReadAsync_StreamEndingInsideAMessage_IsAProtocolError()
    {
        var wire = Frame((byte)'Q', [1, 2, 3, 0])[..^2];
        await using var transport = new PgTransport(new ChunkedStream(wire, 2), PgMessageSource.Frontend);

        var error = await Assert.ThrowsAsync<PgProtocolException>(async () => await transport.ReadAsync());
        Assert.Contains("EOF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_LengthOverTheMaximum_IsRefusedBeforeBuffering()
    {
        var header = new byte[5];
        header[0] = (byte)'Q';
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(1), 1 << 30);
        await using var transport = new PgTransport(new ChunkedStream(header, 5), PgMessageSource.Frontend, maxMessageLength: 1 << 20);

        await Assert.ThrowsAsync<PgProtocolException>(async () => await transport.ReadAsync());
    }

    [Fact]
    public async Task FlushAsync_SendsEverythingWrittenInOneWrite()
    {
        var stream = new ChunkedStream([], 1);
        await using var transport = new PgTransport(stream, PgMessageSource.Backend);
        var big = new byte[100_000];
        Random.Shared.NextBytes(big);

        new PgMessage((byte)'D', new(big)).WriteTo(transport.Output);
        new PgMessage((byte)'C', new([1, 0])).WriteTo(transport.Output);
        Assert.Equal(5 + big.Length + 5 + 2, transport.Output.UnflushedBytes);
        await transport.FlushAsync();
        await transport.FlushAsync(); // nothing more to send

        Assert.Equal(1, stream.Writes);
        Assert.Equal(Frame((byte)'D', big).Concat(Frame((byte)'C', [1, 0])), stream.Written.ToArray());
        Assert.Equal(0, transport.Output.UnflushedBytes);
    }

    private static byte[] Frame(byte code, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = code;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), 4 + payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>A stream that hands out its input at most <c>chunk</c> bytes per read, and records writes.</summary>
    private sealed class ChunkedStream(byte[] input, int chunk) : Stream
    {
        private int _position;

        public MemoryStream Written { get; } = new();

        public int Writes { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(Math.Min(chunk, buffer.Length), input.Length - _position);
            input.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            Written.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
