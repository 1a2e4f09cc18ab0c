using System.Buffers.Binary;
using DuckDB.NET.Native;
using HtapRouter.AnalyticNode.Engine.Types;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine.Encoders;

/// <summary>
/// PostgreSQL's anonymous record (<c>ROW(1, 'abc')</c>) from a DuckDB STRUCT, whose fields are child vectors of the
/// same rows. Text as record_out writes it: <c>(1,abc)</c>, a NULL field empty, a field quoted when it is empty or holds
/// a quote, backslash, parenthesis, comma or white space, with quotes and backslashes doubled inside. Binary as
/// record_send: the field count, then each field's type OID and length-prefixed binary value (-1 for NULL).
/// </summary>
internal sealed class RecordEncoder(ValueEncoder[] fields, uint[] fieldOids) : ValueEncoder(0, 0)
{
    private byte[] _scratch = new byte[256];

    public override void Bind(IntPtr vector)
    {
        base.Bind(vector);
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i].Bind(NativeMethods.Vectors.DuckDBStructVectorGetChild(vector, i));
        }
    }

    public override void Configure(PgFormatSettings settings)
    {
        base.Configure(settings);
        foreach (var field in fields)
        {
            field.Configure(settings);
        }
    }

    /// <summary>
    /// The same record with the field types the planner knows: a character(n) or character varying field is a VARCHAR
    /// in DuckDB, which would name it text in the binary form.
    /// </summary>
    public RecordEncoder WithDeclaredFields(IReadOnlyList<CharColumn?> declared)
    {
        var encoders = (ValueEncoder[])fields.Clone();
        var oids = (uint[])fieldOids.Clone();
        for (var i = 0; i < Math.Min(declared.Count, encoders.Length); i++)
        {
            switch (declared[i])
            {
                case { TypeOid: PgTypeOid.BpChar or PgTypeOid.Varchar } mark when oids[i] == PgTypeOid.Text:
                    oids[i] = mark.TypeOid;
                    break;
                case { Fields: { } nested } when encoders[i] is RecordEncoder record:
                    encoders[i] = record.WithDeclaredFields(nested);
                    break;
            }
        }

        return new RecordEncoder(encoders, oids);
    }

    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        var position = 0;
        if (!TryPut(destination, ref position, (byte)'('))
        {
            return false;
        }

        for (var i = 0; i < fields.Length; i++)
        {
            if ((i > 0 && !TryPut(destination, ref position, (byte)',')) || (!fields[i].IsNull(row) && !TryWriteField(fields[i], row, destination, ref position)))
            {
                return false;
            }
        }

        if (!TryPut(destination, ref position, (byte)')'))
        {
            return false;
        }

        bytesWritten = position;
        return true;
    }

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < sizeof(int))
        {
            return false;
        }

        BinaryPrimitives.WriteInt32BigEndian(destination, fields.Length);
        var position = sizeof(int);
        for (var i = 0; i < fields.Length; i++)
        {
            if (destination.Length < position + (2 * sizeof(int)))
            {
                return false;
            }

            BinaryPrimitives.WriteUInt32BigEndian(destination[position..], fieldOids[i]);
            var length = -1;
            if (!fields[i].IsNull(row) && !fields[i].TryWriteBinary(row, destination[(position + (2 * sizeof(int)))..], out length))
            {
                return false;
            }

            BinaryPrimitives.WriteInt32BigEndian(destination[(position + sizeof(int))..], length);
            position += (2 * sizeof(int)) + Math.Max(length, 0);
        }

        bytesWritten = position;
        return true;
    }

    /// <summary>Each field may need quotes and an escape per byte, plus a delimiter.</summary>
    protected override int VariableTextLength(ulong row)
    {
        var length = 2;
        foreach (var field in fields)
        {
            length += 1 + (field.IsNull(row) ? 0 : 2 + (2 * field.TextLengthHint(row)));
        }

        return length;
    }

    protected override int VariableBinaryLength(ulong row)
    {
        var length = sizeof(int);
        foreach (var field in fields)
        {
            length += (2 * sizeof(int)) + (field.IsNull(row) ? 0 : field.BinaryLengthHint(row));
        }

        return length;
    }

    private bool TryWriteField(ValueEncoder field, ulong row, Span<byte> destination, ref int position)
    {
        int length;
        while (!field.TryWriteText(row, _scratch, out length))
        {
            _scratch = new byte[_scratch.Length * 2];
        }

        var text = _scratch.AsSpan(0, length);
        var quoted = length == 0 || text.IndexOfAny(Special) >= 0;
        if (quoted && !TryPut(destination, ref position, (byte)'"'))
        {
            return false;
        }

        foreach (var b in text)
        {
            if ((b is (byte)'"' or (byte)'\\' && !TryPut(destination, ref position, b)) || !TryPut(destination, ref position, b))
            {
                return false;
            }
        }

        return !quoted || TryPut(destination, ref position, (byte)'"');
    }

    private static bool TryPut(Span<byte> destination, ref int position, byte value)
    {
        if (position >= destination.Length)
        {
            return false;
        }

        destination[position++] = value;
        return true;
    }

    /// <summary>What makes record_out quote a field: its delimiters, quote and escape, and isspace's characters.</summary>
    private static readonly System.Buffers.SearchValues<byte> Special = System.Buffers.SearchValues.Create("\"\\(),  \t\n\v\f\r"u8);
}
