using System.Buffers.Binary;
using System.Text;

namespace HtapRouter.Replicator.Decoding;

/// <summary>
/// Decodes pgoutput messages (protocol 1 and 2, text values) from the bytes of one XLogData message, synchronously
/// and without a per-value await: the stream reader's hot path. Npgsql's own pgoutput messages read each value
/// through an asynchronous converter, which cost the reader more than applying the changes did.
/// </summary>
/// <remarks>
/// Inside a streamed transaction's block (between Stream Start and Stream Stop), protocol 2 puts the xid of the
/// change's (sub)transaction after the type byte of Relation, Type, Insert, Update, Delete, Truncate and Message;
/// the decoder keeps track of the block to know it.
/// </remarks>
internal sealed class PgOutputDecoder
{
    private static readonly DateTimeOffset PostgresEpoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private bool _inStreamBlock;

    /// <summary>Decodes <paramref name="data"/>, one whole pgoutput message, into <paramref name="message"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a message this decoder knows, or end early.</exception>
    public void Decode(ReadOnlySpan<byte> data, PgOutputMessage message)
    {
        var reader = new Reader(data);
        var kind = (PgOutputKind)reader.Byte();
        message.Kind = kind;
        message.Xid = null;
        switch (kind)
        {
            case PgOutputKind.Begin:
                message.CommitLsn = reader.UInt64();
                message.CommitTime = reader.Timestamp();
                reader.UInt32();
                break;
            case PgOutputKind.Commit:
                reader.Byte();
                message.CommitLsn = reader.UInt64();
                message.EndLsn = reader.UInt64();
                message.CommitTime = reader.Timestamp();
                break;
            case PgOutputKind.Origin:
                reader.UInt64();
                reader.String();
                break;
            case PgOutputKind.StreamStart:
                message.Xid = reader.UInt32();
                reader.Byte();
                _inStreamBlock = true;
                break;
            case PgOutputKind.StreamStop:
                _inStreamBlock = false;
                break;
            case PgOutputKind.StreamCommit:
                message.Xid = reader.UInt32();
                reader.Byte();
                message.CommitLsn = reader.UInt64();
                message.EndLsn = reader.UInt64();
                message.CommitTime = reader.Timestamp();
                break;
            case PgOutputKind.StreamAbort:
                message.Xid = reader.UInt32();
                message.SubXid = reader.UInt32();
                break;
            case PgOutputKind.Relation:
                ReadStreamXid(ref reader, message);
                message.RelationId = reader.UInt32();
                message.Namespace = reader.String();
                message.RelationName = reader.String();
                message.ReplicaIdentity = (char)reader.Byte();
                message.Columns.Clear();
                for (int i = 0, count = reader.UInt16(); i < count; i++)
                {
                    var isKey = (reader.Byte() & 1) != 0;
                    var name = reader.String();
                    message.Columns.Add(new RelationColumn(name, reader.UInt32(), reader.Int32(), isKey));
                }

                break;
            case PgOutputKind.Type:
                ReadStreamXid(ref reader, message);
                reader.UInt32();
                reader.String();
                reader.String();
                break;
            case PgOutputKind.Insert:
                ReadStreamXid(ref reader, message);
                message.RelationId = reader.UInt32();
                reader.Expect((byte)'N');
                message.NewValues = reader.Tuple(out _);
                message.NewUnchanged = null;
                break;
            case PgOutputKind.Update:
                ReadStreamXid(ref reader, message);
                message.RelationId = reader.UInt32();
                message.OldTupleKind = '\0';
                message.OldValues = null;
                var tuple = reader.Byte();
                if (tuple is (byte)'K' or (byte)'O')
                {
                    message.OldTupleKind = (char)tuple;
                    message.OldValues = reader.Tuple(out _);
                    tuple = reader.Byte();
                }

                if (tuple != (byte)'N')
                {
                    throw new InvalidDataException($"pgoutput Update: expected a new tuple ('N'), found '{(char)tuple}'.");
                }

                message.NewValues = reader.Tuple(out var unchanged);
                message.NewUnchanged = unchanged;
                break;
            case PgOutputKind.Delete:
                ReadStreamXid(ref reader, message);
                message.RelationId = reader.UInt32();
                var old = reader.Byte();
                if (old is not ((byte)'K' or (byte)'O'))
                {
                    throw new InvalidDataException($"pgoutput Delete: expected a key ('K') or old row ('O'), found '{(char)old}'.");
                }

                message.OldTupleKind = (char)old;
                message.OldValues = reader.Tuple(out _);
                break;
            case PgOutputKind.Truncate:
                ReadStreamXid(ref reader, message);
                var relations = reader.UInt32();
                reader.Byte();
                message.TruncatedRelations.Clear();
                for (var i = 0u; i < relations; i++)
                {
                    message.TruncatedRelations.Add(reader.UInt32());
                }

                break;
            case PgOutputKind.Message:
                ReadStreamXid(ref reader, message);
                break;
            default:
                throw new InvalidDataException($"Unknown pgoutput message type '{(char)kind}' (0x{(byte)kind:X2}).");
        }
    }

    private void ReadStreamXid(ref Reader reader, PgOutputMessage message)
    {
        if (_inStreamBlock)
        {
            message.Xid = reader.UInt32();
        }
    }

    /// <summary>Big-endian reads over one message, failing with <see cref="InvalidDataException"/> past its end.</summary>
    private ref struct Reader
    {
        private readonly ReadOnlySpan<byte> _data;
        private int _position;

        public Reader(ReadOnlySpan<byte> data) => _data = data;

        public byte Byte() => Take(1)[0];

        public ushort UInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

        public int Int32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

        public uint UInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

        public ulong UInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

        /// <summary>Microseconds since 2000-01-01 UTC.</summary>
        public DateTimeOffset Timestamp() => PostgresEpoch.AddTicks(BinaryPrimitives.ReadInt64BigEndian(Take(8)) * 10);

        public void Expect(byte expected)
        {
            var found = Byte();
            if (found != expected)
            {
                throw new InvalidDataException($"pgoutput: expected '{(char)expected}', found '{(char)found}'.");
            }
        }

        /// <summary>A NUL-terminated string.</summary>
        public string String()
        {
            var end = _data[_position..].IndexOf((byte)0);
            if (end < 0)
            {
                throw new InvalidDataException("pgoutput: a string runs past the end of the message.");
            }

            var text = Encoding.UTF8.GetString(_data.Slice(_position, end));
            _position += end + 1;
            return text;
        }

        /// <summary>
        /// TupleData: each column NULL ('n'), an unchanged TOASTed value ('u', left null and flagged in
        /// <paramref name="unchanged"/>, which stays null when there is none) or text ('t').
        /// </summary>
        public string?[] Tuple(out bool[]? unchanged)
        {
            unchanged = null;
            var values = new string?[UInt16()];
            for (var i = 0; i < values.Length; i++)
            {
                switch (Byte())
                {
                    case (byte)'n':
                        break;
                    case (byte)'u':
                        unchanged ??= new bool[values.Length];
                        unchanged[i] = true;
                        break;
                    case (byte)'t':
                        var length = Int32();
                        values[i] = Encoding.UTF8.GetString(Take(length));
                        break;
                    case var other:
                        throw new InvalidDataException($"pgoutput: column {i + 1} of a tuple has kind '{(char)other}' (binary values are not requested).");
                }
            }

            return values;
        }

        private ReadOnlySpan<byte> Take(int length)
        {
            if (length < 0 || _position + length > _data.Length)
            {
                throw new InvalidDataException("pgoutput: the message ends early.");
            }

            var span = _data.Slice(_position, length);
            _position += length;
            return span;
        }
    }
}
