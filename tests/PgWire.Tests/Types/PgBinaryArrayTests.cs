using System.Text;
using HtapRouter.PgWire.Types;

namespace HtapRouter.PgWire.Tests.Types;

/// <summary>Expected bytes are PostgreSQL 15's array_send output for the array in the comment.</summary>
public class PgBinaryArrayTests
{
    // ARRAY[1,2,NULL,-3]::int4[]
    private const string Int4ArrayWithNull = "000000010000000100000017000000040000000100000004000000010000000400000002ffffffff00000004fffffffd";

    // '{}'::int4[]
    private const string EmptyInt4Array = "000000000000000000000017";

    // ARRAY['a', NULL, '']::text[]
    private const string TextArray = "00000001000000010000001900000003000000010000000161ffffffff00000000";

    // ARRAY[1.5]::float8[]
    private const string Float8Array = "0000000100000000000002bd0000000100000001000000083ff8000000000000";

    // '[0:1]={7,8}'::int4[]
    private const string LowerBoundZeroArray = "000000010000000000000017000000020000000000000004000000070000000400000008";

    [Fact]
    public void WriteElement_Int4WithNull_MatchesArraySend()
    {
        var buffer = new byte[128];
        var writer = new PgBinaryArrayWriter(buffer, PgTypeOid.Int4, count: 4, hasNulls: true);
        foreach (var value in new int?[] { 1, 2, null, -3 })
        {
            if (value is { } v)
            {
                PgBinary.TryWriteInt4(v, writer.BeginElement(), out var length);
                writer.EndElement(length);
            }
            else
            {
                writer.WriteNull();
            }
        }

        Assert.True(writer.TryComplete(out var written));
        Assert.Equal(Int4ArrayWithNull, Convert.ToHexStringLower(buffer, 0, written));
    }

    [Fact]
    public void TryComplete_EmptyArray_MatchesArraySend()
    {
        var buffer = new byte[64];
        var writer = new PgBinaryArrayWriter(buffer, PgTypeOid.Int4, count: 0, hasNulls: false);

        Assert.True(writer.TryComplete(out var written));
        Assert.Equal(EmptyInt4Array, Convert.ToHexStringLower(buffer, 0, written));
    }

    [Fact]
    public void WriteElement_TextAndFloat8_MatchArraySend()
    {
        var buffer = new byte[128];
        var text = new PgBinaryArrayWriter(buffer, PgTypeOid.Text, count: 3, hasNulls: true);
        text.WriteElement("a"u8);
        text.WriteNull();
        text.WriteElement(""u8);
        Assert.True(text.TryComplete(out var written));
        Assert.Equal(TextArray, Convert.ToHexStringLower(buffer, 0, written));

        var floats = new PgBinaryArrayWriter(buffer, PgTypeOid.Float8, count: 1, hasNulls: false);
        PgBinary.TryWriteFloat8(1.5, floats.BeginElement(), out var length);
        floats.EndElement(length);
        Assert.True(floats.TryComplete(out written));
        Assert.Equal(Float8Array, Convert.ToHexStringLower(buffer, 0, written));
    }

    [Fact]
    public void TryComplete_FewerElementsThanDeclared_ReturnsFalse()
    {
        var writer = new PgBinaryArrayWriter(new byte[64], PgTypeOid.Int4, count: 2, hasNulls: false);
        writer.WriteElement([0, 0, 0, 1]);

        Assert.False(writer.TryComplete(out _));
    }

    [Fact]
    public void TryReadNext_ArraySendWithNull_ReturnsElements()
    {
        Assert.True(PgBinaryArrayReader.TryCreate(Convert.FromHexString(Int4ArrayWithNull), out var reader));
        var values = new List<int?>();
        while (reader.TryReadNext(out var element, out var isNull))
        {
            Assert.True(isNull || PgBinary.TryReadInt4(element, out _));
            values.Add(isNull ? null : System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(element));
        }

        Assert.Equal(PgTypeOid.Int4, reader.ElementOid);
        Assert.Equal([1, 2, null, -3], values);
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void TryCreate_LowerBoundZeroAndEmpty_ReadsHeader()
    {
        Assert.True(PgBinaryArrayReader.TryCreate(Convert.FromHexString(LowerBoundZeroArray), out var bounded));
        Assert.Equal((0, 2), (bounded.LowerBound, bounded.Count));
        Assert.True(PgBinaryArrayReader.TryCreate(Convert.FromHexString(EmptyInt4Array), out var empty));
        Assert.Equal(0, empty.Count);
        Assert.False(empty.TryReadNext(out _, out _));
    }

    [Fact]
    public void TryReadNext_TruncatedElement_SetsIsMalformed()
    {
        var bytes = Convert.FromHexString(TextArray)[..^5];
        Assert.True(PgBinaryArrayReader.TryCreate(bytes, out var reader));
        var texts = new List<string>();
        while (reader.TryReadNext(out var element, out _))
        {
            texts.Add(Encoding.UTF8.GetString(element));
        }

        Assert.True(reader.IsMalformed);
    }

    [Fact]
    public void TryCreate_TwoDimensions_ReturnsFalse()
    {
        // array_send('{{1},{2}}'::int4[]) starts with ndim = 2.
        Assert.False(PgBinaryArrayReader.TryCreate(Convert.FromHexString("00000002000000000000001700000002000000010000000100000001"), out _));
    }
}
