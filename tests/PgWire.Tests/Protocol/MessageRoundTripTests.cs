using System.Buffers;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;

namespace HtapRouter.PgWire.Tests.Protocol;

public class MessageRoundTripTests
{
    public static TheoryData<string> SampleNames()
    {
        var data = new TheoryData<string>();
        foreach (var sample in MessageSamples.All())
        {
            data.Add(sample.Name);
        }

        return data;
    }

    private static MessageSamples.Sample Find(string name) => MessageSamples.All().Single(s => s.Name == name);

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Write_ThenFrameAndRead_ReproducesTheSameBytes(string name)
    {
        var sample = Find(name);
        var bytes = MessageSamples.Encode(sample.Message);

        var message = FrameSingle(sample.Source, new ReadOnlySequence<byte>(bytes));
        Assert.Equal(sample.Message.Code, message.Code);
        Assert.Equal(bytes.Length, message.WireLength);

        var decoded = sample.CreateEmpty();
        decoded.Read(message.Payload);
        Assert.Equal(bytes, MessageSamples.Encode(decoded));
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Read_MessageSplitAtEveryByte_ParsesTheSame(string name)
    {
        var sample = Find(name);
        var bytes = MessageSamples.Encode(sample.Message);

        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var message = FrameSingle(sample.Source, SegmentedSequence.Split(bytes, cut));
            var decoded = sample.CreateEmpty();
            decoded.Read(message.Payload);
            Assert.Equal(bytes, MessageSamples.Encode(decoded));
        }

        var bytewise = FrameSingle(sample.Source, SegmentedSequence.Bytewise(bytes));
        var fromBytewise = sample.CreateEmpty();
        fromBytewise.Read(bytewise.Payload);
        Assert.Equal(bytes, MessageSamples.Encode(fromBytewise));
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void TryParseMessage_EveryProperPrefix_AsksForMoreWithoutConsuming(string name)
    {
        var sample = Find(name);
        var bytes = MessageSamples.Encode(sample.Message);
        var reader = new PgMessageReader(sample.Source);

        for (var length = 0; length < bytes.Length; length++)
        {
            var input = new ReadOnlySequence<byte>(bytes, 0, length);
            var consumed = input.Start;
            var examined = input.Start;
            Assert.False(reader.TryParseMessage(input, ref consumed, ref examined, out _));
            Assert.Equal(input.Start, consumed);
            Assert.Equal(input.End, examined);
        }
    }

    [Fact]
    public void TryParseMessage_SeveralMessagesInOneBuffer_FramesEachInTurn()
    {
        var samples = MessageSamples.All().Where(s => s.Source == PgMessageSource.Backend).ToList();
        var stream = samples.SelectMany(s => MessageSamples.Encode(s.Message)).ToArray();
        var reader = new PgMessageReader(PgMessageSource.Backend);
        var input = SegmentedSequence.Split(stream, stream.Length / 3, stream.Length / 2);

        foreach (var sample in samples)
        {
            var consumed = input.Start;
            var examined = input.Start;
            Assert.True(reader.TryParseMessage(input, ref consumed, ref examined, out var message));
            Assert.Equal(sample.Message.Code, message.Code);
            var decoded = sample.CreateEmpty();
            decoded.Read(message.Payload);
            Assert.Equal(MessageSamples.Encode(sample.Message), MessageSamples.Encode(decoded));
            input = input.Slice(consumed);
        }

        Assert.True(input.IsEmpty);
    }

    [Fact]
    public void Read_BindMessage_ExposesValuesAndFormats()
    {
        var sample = (BindMessage)Find("Bind").Message;
        var decoded = new BindMessage();
        decoded.Read(FrameSingle(PgMessageSource.Frontend, new ReadOnlySequence<byte>(MessageSamples.Encode(sample))).Payload);

        Assert.Equal("p1", decoded.PortalName);
        Assert.Equal("s1", decoded.StatementName);
        Assert.Equal("42", decoded.Parameters[0].ToString());
        Assert.True(decoded.Parameters[1].IsNull);
        Assert.Equal(1, decoded.ParameterFormat(1));
        Assert.Equal(1, decoded.ResultFormat(7));
    }

    [Fact]
    public void Read_ErrorResponse_KeepsEveryField()
    {
        var sample = (ErrorResponseMessage)Find("ErrorResponse").Message;
        var decoded = new ErrorResponseMessage();
        decoded.Read(FrameSingle(PgMessageSource.Backend, new ReadOnlySequence<byte>(MessageSamples.Encode(sample))).Payload);

        Assert.Equal(sample.Error, decoded.Error);
    }

    internal static PgMessage FrameSingle(PgMessageSource source, ReadOnlySequence<byte> input)
    {
        var reader = new PgMessageReader(source);
        var consumed = input.Start;
        var examined = input.Start;
        Assert.True(reader.TryParseMessage(input, ref consumed, ref examined, out var message));
        Assert.Equal(input.End, consumed);
        return message;
    }
}
