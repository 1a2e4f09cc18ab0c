using System.Buffers;

namespace HtapRouter.PgWire.Protocol.Messages;

/// <summary>One column of a RowDescription.</summary>
/// <param name="Name">Column name.</param>
/// <param name="TableOid">OID of the source table, or 0.</param>
/// <param name="ColumnNumber">Attribute number in the source table, or 0.</param>
/// <param name="TypeOid">Data type OID.</param>
/// <param name="TypeSize">pg_type.typlen: negative for variable width.</param>
/// <param name="TypeModifier">pg_attribute.atttypmod: -1 when none.</param>
/// <param name="Format">0 = text, 1 = binary (always 0 in a statement's Describe).</param>
public readonly record struct PgFieldDescription(
    string Name,
    uint TableOid,
    short ColumnNumber,
    uint TypeOid,
    short TypeSize,
    int TypeModifier,
    short Format);

/// <summary>RowDescription ('T'): the shape of the rows that follow.</summary>
public sealed class RowDescriptionMessage : IPgMessage
{
    public byte Code => BackendCode.RowDescription;

    public List<PgFieldDescription> Fields { get; } = [];

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "RowDescription");
        var count = r.ReadCount16(FixedFieldLength + sizeof(byte));
        Fields.Clear();
        for (var i = 0; i < count; i++)
        {
            Fields.Add(new PgFieldDescription(
                r.ReadCString(), r.ReadUInt32(), r.ReadInt16(), r.ReadUInt32(), r.ReadInt16(), r.ReadInt32(), r.ReadInt16()));
        }

        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer)
    {
        var length = sizeof(short); // field count
        foreach (var field in Fields)
        {
            length += PgSpanWriter.CStringLength(field.Name) + FixedFieldLength; // name and fixed part of each field
        }

        var w = PgSpanWriter.Begin(writer, Code, length, out var total);
        w.WriteInt16(checked((short)Fields.Count));
        foreach (var field in Fields)
        {
            w.WriteCString(field.Name);
            w.WriteInt32(unchecked((int)field.TableOid));
            w.WriteInt16(field.ColumnNumber);
            w.WriteInt32(unchecked((int)field.TypeOid));
            w.WriteInt16(field.TypeSize);
            w.WriteInt32(field.TypeModifier);
            w.WriteInt16(field.Format);
        }

        writer.Advance(total);
    }

    private const int FixedFieldLength = sizeof(int) + // table OID
                                         sizeof(short) + // column number
                                         sizeof(int) + // type OID
                                         sizeof(short) + // type size
                                         sizeof(int) + // type modifier
                                         sizeof(short); // format code
}

/// <summary>DataRow ('D'): one row's column values; they point into the payload.</summary>
public sealed class DataRowMessage : IPgMessage
{
    public byte Code => BackendCode.DataRow;

    public List<PgValue> Values { get; } = [];

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "DataRow");
        var count = r.ReadCount16(sizeof(int));
        Values.Clear();
        for (var i = 0; i < count; i++)
        {
            Values.Add(r.ReadValue());
        }

        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer)
    {
        var length = sizeof(short); // column count
        foreach (var value in Values)
        {
            length += value.WireLength; // length word and bytes of each column
        }

        var w = PgSpanWriter.Begin(writer, Code, length, out var total);
        w.WriteInt16(checked((short)Values.Count));
        foreach (var value in Values)
        {
            w.WriteValue(value);
        }

        writer.Advance(total);
    }
}

/// <summary>ParameterDescription ('t'): the type OIDs of a prepared statement's parameters.</summary>
public sealed class ParameterDescriptionMessage : IPgMessage
{
    public byte Code => BackendCode.ParameterDescription;

    public List<uint> TypeOids { get; } = [];

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "ParameterDescription");
        var count = r.ReadCount16(sizeof(int));
        TypeOids.Clear();
        for (var i = 0; i < count; i++)
        {
            TypeOids.Add(r.ReadUInt32());
        }

        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer)
    {
        var length = sizeof(short) + // parameter count
                     (sizeof(int) * TypeOids.Count); // type OIDs
        var w = PgSpanWriter.Begin(writer, Code, length, out var total);
        w.WriteInt16(checked((short)TypeOids.Count));
        foreach (var oid in TypeOids)
        {
            w.WriteInt32(unchecked((int)oid));
        }

        writer.Advance(total);
    }
}
