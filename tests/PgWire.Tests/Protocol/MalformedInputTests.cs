using System.Buffers;
using System.Buffers.Binary;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;

namespace HtapRouter.PgWire.Tests.Protocol;

public class MalformedInputTests
{
    private static PgProtocolException Frame(PgMessageSource source, byte[] bytes, int max = PgMessageReader.DefaultMaxMessageLength)
    {
        var reader = new PgMessageReader(source, max);
        var input = new ReadOnlySequence<byte>(bytes);
        var consumed = input.Start;
        var examined = input.Start;
        return Assert.Throws<PgProtocolException>(() => reader.TryParseMessage(input, ref consumed, ref examined, out _));
    }

    private static byte[] Header(byte code, int length)
    {
        var bytes = new byte[5];
        bytes[0] = code;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1), length);
        return bytes;
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void TryParseMessage_LengthBelowFour_Is08P01(int length)
    {
        var error = Frame(PgMessageSource.Frontend, Header((byte)'Q', length));
        Assert.Equal(SqlState.ProtocolViolation, error.SqlState);
    }

    [Fact]
    public void TryParseMessage_LengthAboveMaximum_Is08P01BeforeThePayloadArrives()
    {
        var error = Frame(PgMessageSource.Frontend, Header((byte)'Q', 1025), max: 1024);
        Assert.Equal(SqlState.ProtocolViolation, error.SqlState);
        Assert.Contains("exceeds", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData((byte)'Z')]
    [InlineData((byte)'T')]
    [InlineData((byte)0)]
    [InlineData((byte)'!')]
    public void TryParseMessage_TypeAFrontendNeverSends_Is08P01(byte code)
    {
        var error = Frame(PgMessageSource.Frontend, Header(code, 4));
        Assert.Equal(SqlState.ProtocolViolation, error.SqlState);
    }

    [Theory]
    [InlineData((byte)'Q')]
    [InlineData((byte)'P')]
    [InlineData((byte)'x')]
    public void TryParseMessage_TypeABackendNeverSends_Is08P01(byte code)
    {
        var error = Frame(PgMessageSource.Backend, Header(code, 4));
        Assert.Equal(SqlState.ProtocolViolation, error.SqlState);
    }

    public static TheoryData<string, byte[]> TruncatedPayloads() => new()
    {
        { "Query without NUL", "select 1"u8.ToArray() },
        { "Parse missing type count", "\0select 1\0"u8.ToArray() },
        { "Parse type count past the end", [0, (byte)'x', 0, 0, 5, 0, 0, 0, 23] },
        { "Bind value length past the end", [0, 0, 0, 0, 0, 1, 0, 0, 0, 9, 1, 2] },
        { "Bind negative value length", [0, 0, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFE, 0, 0] },
        { "Bind format code 2", [0, 0, 0, 1, 0, 2, 0, 0, 0, 0] },
        { "Execute without row limit", [0, 0, 0] },
        { "Describe bad kind", [(byte)'X', 0] },
        { "Sync with a payload", [1] },
    };

    [Theory]
    [MemberData(nameof(TruncatedPayloads))]
    public void Read_MalformedPayload_Is08P01(string name, byte[] payload)
    {
        IPgMessage message = name.Split(' ')[0] switch
        {
            "Query" => new QueryMessage(),
            "Parse" => new ParseMessage(),
            "Bind" => new BindMessage(),
            "Execute" => new ExecuteMessage(),
            "Describe" => TargetMessage.Describe(),
            "Sync" => new EmptyMessage(FrontendCode.Sync),
            _ => throw new ArgumentException(name),
        };

        var error = Assert.Throws<PgProtocolException>(() => message.Read(new ReadOnlySequence<byte>(payload)));
        Assert.Equal(SqlState.ProtocolViolation, error.SqlState);
    }

    [Fact]
    public void Read_TrailingBytes_Is08P01()
    {
        var bytes = MessageSamples.Encode(new ExecuteMessage { PortalName = "p", MaxRows = 1 });
        var payload = bytes.AsSpan(5).ToArray().Append((byte)7).ToArray();
        Assert.Throws<PgProtocolException>(() => new ExecuteMessage().Read(new ReadOnlySequence<byte>(payload)));
    }

    [Fact]
    public void Read_InvalidUtf8InQuery_Is22021()
    {
        var error = Assert.Throws<PgProtocolException>(() =>
            new QueryMessage().Read(new ReadOnlySequence<byte>(new byte[] { 0xC3, 0x28, 0 })));
        Assert.Equal(SqlState.CharacterNotInRepertoire, error.SqlState);
    }
}
