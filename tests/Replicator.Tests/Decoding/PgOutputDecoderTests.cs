using System.Buffers.Binary;
using System.Text;
using HtapRouter.Replicator.Decoding;

namespace HtapRouter.Replicator.Tests.Decoding;

/// <summary>
/// <see cref="PgOutputDecoder"/> on hand-made pgoutput messages, byte for byte as PostgreSQL's "Logical Replication
/// Message Formats" lay them out. The replication tests run it against a real primary's stream.
/// </summary>
public sealed class PgOutputDecoderTests
{
    private readonly PgOutputDecoder _decoder = new();
    private readonly PgOutputMessage _message = new();

    [Fact]
    public void Begin_And_Commit_CarryPositionsAndTime()
    {
        Decode(new Bytes().Byte('C').Byte(0).Int64(0x1_0000_0010).Int64(0x1_0000_0040).Int64(86_400_000_000L + 1_500_000).Done());

        Assert.Equal(PgOutputKind.Commit, _message.Kind);
        Assert.Equal(0x1_0000_0010UL, _message.CommitLsn);
        Assert.Equal(0x1_0000_0040UL, _message.EndLsn);
        Assert.Equal(new DateTimeOffset(2000, 1, 2, 0, 0, 1, 500, TimeSpan.Zero), _message.CommitTime);
        Assert.Null(_message.Xid);
    }

    [Fact]
    public void Relation_ColumnsWithKeyFlagsTypesAndModifiers()
    {
        Decode(new Bytes().Byte('R').Int32(16384).String("sales").String("orders").Byte('f').Int16(2)
            .Byte(1).String("id").Int32(20).Int32(-1)
            .Byte(0).String("note").Int32(1043).Int32(24).Done());

        Assert.Equal((16384u, "sales", "orders", 'f'), (_message.RelationId, _message.Namespace, _message.RelationName, _message.ReplicaIdentity));
        Assert.Equal([new RelationColumn("id", 20, -1, true), new RelationColumn("note", 1043, 24, false)], _message.Columns);
    }

    [Fact]
    public void Insert_TextNullAndUnicodeValues()
    {
        Decode(new Bytes().Byte('I').Int32(7).Byte('N').Int16(3).Text("42").Byte('n').Text("żółw 🐢").Done());

        Assert.Equal(PgOutputKind.Insert, _message.Kind);
        Assert.Equal(7u, _message.RelationId);
        Values(["42", null, "żółw 🐢"], _message.NewValues);
    }

    [Fact]
    public void Update_WithOldKey_AndAnUnchangedToastedValue()
    {
        Decode(new Bytes().Byte('U').Int32(7).Byte('K').Int16(2).Text("1").Byte('n').Byte('N').Int16(2).Text("2").Byte('u').Done());

        Assert.Equal('K', _message.OldTupleKind);
        Values(["1", null], _message.OldValues);
        Values(["2", null], _message.NewValues);
        Assert.Equal<bool[]?>([false, true], _message.NewUnchanged);
    }

    [Fact]
    public void Update_WithoutOldTuple_ForgetsThePreviousOne()
    {
        Decode(new Bytes().Byte('U').Int32(7).Byte('O').Int16(1).Text("old").Byte('N').Int16(1).Text("new").Done());
        Decode(new Bytes().Byte('U').Int32(7).Byte('N').Int16(1).Text("newer").Done());

        Assert.Equal('\0', _message.OldTupleKind);
        Assert.Null(_message.OldValues);
        Values(["newer"], _message.NewValues);
        Assert.Null(_message.NewUnchanged);
    }

    [Fact]
    public void Delete_WholeOldRow_AndTruncate_OfSeveralRelations()
    {
        Decode(new Bytes().Byte('D').Int32(9).Byte('O').Int16(2).Text("a").Text("").Done());
        Assert.Equal(('O', 9u), (_message.OldTupleKind, _message.RelationId));
        Values(["a", ""], _message.OldValues);

        Decode(new Bytes().Byte('T').Int32(2).Byte(3).Int32(9).Int32(11).Done());
        Assert.Equal([9u, 11u], _message.TruncatedRelations);
    }

    [Fact]
    public void InsideAStreamBlock_ChangesCarryTheirXid_AfterItTheyDoNot()
    {
        Decode(new Bytes().Byte('S').Int32(900).Byte(1).Done());
        Assert.Equal(900u, _message.Xid);

        Decode(new Bytes().Byte('I').Int32(901).Int32(7).Byte('N').Int16(1).Text("x").Done());
        Assert.Equal((901u, 7u), (_message.Xid!.Value, _message.RelationId));

        Decode(new Bytes().Byte('E').Done());
        Decode(new Bytes().Byte('I').Int32(7).Byte('N').Int16(1).Text("y").Done());
        Assert.Null(_message.Xid);
        Assert.Equal(7u, _message.RelationId);

        Decode(new Bytes().Byte('A').Int32(900).Int32(901).Done());
        Assert.Equal((900u, 901u), (_message.Xid!.Value, _message.SubXid));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("unknown type")]
    [InlineData("binary value")]
    [InlineData("unterminated string")]
    public void Garbage_IsInvalidData(string what)
    {
        var bytes = what switch
        {
            "truncated" => new Bytes().Byte('I').Int32(7).Byte('N').Int16(1).Byte('t').Int32(10).Done(),
            "unknown type" => new Bytes().Byte('Z').Done(),
            "binary value" => new Bytes().Byte('I').Int32(7).Byte('N').Int16(1).Byte('b').Int32(1).Byte(1).Done(),
            _ => new Bytes().Byte('R').Int32(7).Byte('x').Done(),
        };

        Assert.Throws<InvalidDataException>(() => Decode(bytes));
    }

    private static void Values(string?[] expected, string?[]? actual) => Assert.Equal<string?[]?>(expected, actual);

    private void Decode(byte[] bytes) => _decoder.Decode(bytes, _message);

    /// <summary>A message written field by field, big-endian.</summary>
    private sealed class Bytes
    {
        private readonly List<byte> _bytes = [];

        public Bytes Byte(char value) => Byte((byte)value);

        public Bytes Byte(byte value)
        {
            _bytes.Add(value);
            return this;
        }

        public Bytes Int16(short value) => Add(BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(value)));

        public Bytes Int32(int value) => Add(BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(value)));

        public Bytes Int64(long value) => Add(BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(value)));

        public Bytes String(string value) => Add([.. Encoding.UTF8.GetBytes(value), 0]);

        public Bytes Text(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            return Byte('t').Int32(bytes.Length).Add(bytes);
        }

        public byte[] Done() => [.. _bytes];

        private Bytes Add(byte[] bytes)
        {
            _bytes.AddRange(bytes);
            return this;
        }
    }
}
