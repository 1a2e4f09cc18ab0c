using System.Buffers;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;

namespace HtapRouter.PgWire.Tests.Protocol;

public class DataRowBuilderTests
{
    [Fact]
    public void EndRow_MixedValues_IsTheSameMessageAsDataRowMessage()
    {
        var builder = new DataRowBuilder(initialCapacity: 8);
        var output = new ArrayBufferWriter<byte>();
        var big = new byte[10_000];
        Random.Shared.NextBytes(big);

        builder.BeginRow(4);
        builder.WriteValue("42"u8);
        builder.WriteNull();
        var span = builder.GetValueSpan(16);
        "abc"u8.CopyTo(span);
        builder.CommitValue(3);
        builder.WriteValue(big);
        builder.EndRow(output);

        var expected = new DataRowMessage();
        expected.Values.AddRange([new PgValue("42"u8.ToArray()), PgValue.Null, new PgValue("abc"u8.ToArray()), new PgValue(big)]);
        Assert.Equal(MessageSamples.Encode(expected), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void BeginRow_AfterARow_StartsAfresh()
    {
        var builder = new DataRowBuilder();
        var output = new ArrayBufferWriter<byte>();
        builder.BeginRow(1);
        builder.WriteValue("first row value"u8);
        builder.EndRow(output);
        var firstLength = output.WrittenCount;

        builder.BeginRow(1);
        builder.WriteNull();
        builder.EndRow(output);

        var reader = new DataRowMessage();
        reader.Read(new ReadOnlySequence<byte>(output.WrittenMemory[(firstLength + 5)..]));
        Assert.True(Assert.Single(reader.Values).IsNull);
    }

    [Fact]
    public void EndRow_WrongValueCount_Throws()
    {
        var builder = new DataRowBuilder();
        builder.BeginRow(2);
        builder.WriteNull();
        Assert.Throws<InvalidOperationException>(() => builder.EndRow(new ArrayBufferWriter<byte>()));
    }
}
