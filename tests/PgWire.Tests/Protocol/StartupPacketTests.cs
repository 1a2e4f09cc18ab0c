using System.Buffers;
using System.Buffers.Binary;
using HtapRouter.PgWire.Protocol;

namespace HtapRouter.PgWire.Tests.Protocol;

public class StartupPacketTests
{
    private static byte[] Encode(StartupPacket packet)
    {
        var buffer = new ArrayBufferWriter<byte>();
        packet.Write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static StartupPacket Parse(ReadOnlySequence<byte> input)
    {
        var consumed = input.Start;
        var examined = input.Start;
        Assert.True(StartupPacketReader.TryParse(input, ref consumed, ref examined, out var packet));
        Assert.Equal(input.End, consumed);
        return packet!;
    }

    public static TheoryData<string> Packets() => ["startup", "ssl", "gss", "cancel"];

    private static StartupPacket Sample(string kind) => kind switch
    {
        "startup" => StartupPacket.Startup(new("user", "alice"), new("database", "db"), new("application_name", "psql ünï")),
        "ssl" => new StartupPacket { Kind = StartupPacketKind.SslRequest },
        "gss" => new StartupPacket { Kind = StartupPacketKind.GssEncRequest },
        _ => StartupPacket.Cancel(1234, -5678),
    };

    [Theory]
    [MemberData(nameof(Packets))]
    public void TryParse_SplitAtEveryByte_RoundTrips(string kind)
    {
        var bytes = Encode(Sample(kind));
        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var packet = Parse(SegmentedSequence.Split(bytes, cut));
            Assert.Equal(bytes, Encode(packet));
        }

        Assert.Equal(bytes, Encode(Parse(SegmentedSequence.Bytewise(bytes))));
    }

    [Fact]
    public void TryParse_StartupMessage_ExposesParameters()
    {
        var packet = Parse(new ReadOnlySequence<byte>(Encode(Sample("startup"))));
        Assert.Equal(StartupPacketKind.Startup, packet.Kind);
        Assert.Equal(3, packet.MajorVersion);
        Assert.Equal(0, packet.MinorVersion);
        Assert.Equal("alice", packet["user"]);
        Assert.Equal("psql ünï", packet["application_name"]);
        Assert.Null(packet["options"]);
    }

    [Fact]
    public void TryParse_CancelRequest_ExposesKey()
    {
        var packet = Parse(new ReadOnlySequence<byte>(Encode(Sample("cancel"))));
        Assert.Equal((StartupPacketKind.CancelRequest, 1234, -5678), (packet.Kind, packet.ProcessId, packet.SecretKey));
    }

    [Theory]
    [InlineData(10_001)]
    [InlineData(1_000_000)]
    [InlineData(7)]
    [InlineData(0)]
    [InlineData(-8)]
    public void TryParse_LengthOutOfRange_Is08P01BeforeBuffering(int length)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(bytes, length);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), StartupCode.ProtocolVersion3);
        var input = new ReadOnlySequence<byte>(bytes);
        var consumed = input.Start;
        var examined = input.Start;
        var error = Assert.Throws<PgProtocolException>(() => StartupPacketReader.TryParse(input, ref consumed, ref examined, out _));
        Assert.Equal(SqlState.ProtocolViolation, error.SqlState);
    }

    [Fact]
    public void TryParse_Protocol2_IsRefusedAsUnsupported()
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 8);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 2 << 16);
        var input = new ReadOnlySequence<byte>(bytes);
        var consumed = input.Start;
        var examined = input.Start;
        var error = Assert.Throws<PgProtocolException>(() => StartupPacketReader.TryParse(input, ref consumed, ref examined, out _));
        Assert.Equal(SqlState.FeatureNotSupported, error.SqlState);
    }

    [Fact]
    public void TryParse_UnterminatedParameters_Is08P01()
    {
        var bytes = new byte[] { 0, 0, 0, 13, 0, 3, 0, 0, (byte)'u', (byte)'s', (byte)'e', (byte)'r', 0 };
        var input = new ReadOnlySequence<byte>(bytes);
        var consumed = input.Start;
        var examined = input.Start;
        Assert.Throws<PgProtocolException>(() => StartupPacketReader.TryParse(input, ref consumed, ref examined, out _));
    }
}
