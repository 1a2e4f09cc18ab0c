using HtapRouter.PgWire.Types;
using HtapRouter.Replicator.Schema;

namespace HtapRouter.Replicator.Sync;

/// <summary>How one column's value arrives in the binary COPY and goes into its DuckDB vector.</summary>
internal enum CopyKind
{
    Bool,
    Int2,
    Int4,
    Int8,
    Oid,
    Float4,
    Float8,

    /// <summary>numeric(p,s) into DECIMAL(p,s) stored as a 16-bit integer (p up to 4).</summary>
    Decimal16,

    /// <summary>... as a 32-bit integer (p up to 9).</summary>
    Decimal32,

    /// <summary>... as a 64-bit integer (p up to 18).</summary>
    Decimal64,

    /// <summary>... as a 128-bit integer (p up to 38).</summary>
    Decimal128,

    /// <summary>UTF-8 text, as is: text, varchar, name, and every column the primary sends as text.</summary>
    Text,

    /// <summary>character(n): the text without its trailing blanks.</summary>
    BpChar,

    /// <summary>bytea, as is, into a BLOB.</summary>
    Bytes,

    /// <summary>jsonb: a version byte, then the text.</summary>
    Jsonb,
    Date,
    Time,
    Timestamp,
    TimestampTz,
    Interval,
    Uuid,
}

/// <summary>
/// How the initial copy reads a table: which columns the primary sends in their binary form, decoded here straight
/// into DuckDB's vectors, and which it sends as text (its output function's, by <c>format('%s', ...)</c>), for the types whose binary form has no
/// exact counterpart in DuckDB's memory (arrays, timetz, domains, enums, inet, ...).
/// </summary>
/// <remarks>
/// A text column whose DuckDB type is VARCHAR goes into the table as is. Any other text column needs DuckDB's
/// conversion (<see cref="ColumnType.StagingExpression"/>): such a table is appended into a temporary table of
/// the same columns with those as VARCHAR, and moved into its own table with one INSERT ... SELECT.
/// </remarks>
internal sealed class CopyColumns
{
    private CopyColumns(ReplicatedTable table, CopyKind[] kinds, bool[] sentAsText)
    {
        Table = table;
        Kinds = kinds;
        SentAsText = sentAsText;
        Staged = table.Columns.Where((c, i) => sentAsText[i] && !(c.Type.DuckType == "VARCHAR" && c.Type.Conversion == ValueConversion.Cast)).Any();
    }

    public ReplicatedTable Table { get; }

    /// <summary>Each column's decoding.</summary>
    public CopyKind[] Kinds { get; }

    /// <summary>Columns the primary sends as text.</summary>
    public bool[] SentAsText { get; }

    /// <summary>Some column needs DuckDB's conversion from text: the rows go through a temporary table.</summary>
    public bool Staged { get; }

    /// <summary>Whether the primary can COPY the columns as they are, by name, without a SELECT.</summary>
    public bool PlainColumns => !SentAsText.Any(t => t);

    public static CopyColumns For(ReplicatedTable table)
    {
        var kinds = new CopyKind[table.Columns.Length];
        var text = new bool[table.Columns.Length];
        for (var i = 0; i < kinds.Length; i++)
        {
            var column = table.Columns[i];
            if (Binary(column.TypeOid, column.Type) is { } kind)
            {
                kinds[i] = kind;
            }
            else
            {
                kinds[i] = CopyKind.Text;
                text[i] = true;
            }
        }

        return new CopyColumns(table, kinds, text);
    }

    /// <summary>The primary's expressions for the columns, in order, for <c>COPY (SELECT ...)</c>.</summary>
    public string SelectList() => string.Join(", ", Table.Columns.Select((c, i) =>
    {
        var name = ReplicatedTable.Quote(c.Name);
        if (!SentAsText[i])
        {
            return name;
        }

        // The type's output function, as COPY's text and pgoutput print it: a cast to text may differ (inet's shows
        // the netmask, boolean's spells true).
        var value = c.Type.SourceExpression(name);
        return $"CASE WHEN {value} IS NOT NULL THEN format('%s', {value}) END";
    }));

    /// <summary>The temporary table's column types: the table's, with VARCHAR for the columns sent as text.</summary>
    public string StagingColumns() => string.Join(", ", Table.Columns.Select((c, i) => $"c{i} {(SentAsText[i] ? "VARCHAR" : c.Type.DuckType)}"));

    /// <summary>The insert that moves the staged rows into the table, converting what came as text.</summary>
    public string StagedInsert(string staging)
    {
        var names = string.Join(", ", Table.Columns.Select(c => ReplicatedTable.Quote(c.Name)));
        var values = string.Join(", ", Table.Columns.Select((c, i) => SentAsText[i] ? c.Type.StagingExpression($"c{i}") : $"c{i}"));
        return $"INSERT INTO {Table.QualifiedName} ({names}) SELECT {values} FROM {staging}";
    }

    /// <summary>The DuckDB type id a column's vector must have for its decoding.</summary>
    public static DuckDbChunks.TypeId VectorType(CopyKind kind) => kind switch
    {
        CopyKind.Bool => DuckDbChunks.TypeId.Boolean,
        CopyKind.Int2 => DuckDbChunks.TypeId.SmallInt,
        CopyKind.Int4 => DuckDbChunks.TypeId.Integer,
        CopyKind.Int8 => DuckDbChunks.TypeId.BigInt,
        CopyKind.Oid => DuckDbChunks.TypeId.UInteger,
        CopyKind.Float4 => DuckDbChunks.TypeId.Float,
        CopyKind.Float8 => DuckDbChunks.TypeId.Double,
        CopyKind.Decimal16 or CopyKind.Decimal32 or CopyKind.Decimal64 or CopyKind.Decimal128 => DuckDbChunks.TypeId.Decimal,
        CopyKind.Text or CopyKind.BpChar or CopyKind.Jsonb => DuckDbChunks.TypeId.Varchar,
        CopyKind.Bytes => DuckDbChunks.TypeId.Blob,
        CopyKind.Date => DuckDbChunks.TypeId.Date,
        CopyKind.Time => DuckDbChunks.TypeId.Time,
        CopyKind.Timestamp => DuckDbChunks.TypeId.Timestamp,
        CopyKind.TimestampTz => DuckDbChunks.TypeId.TimestampTz,
        CopyKind.Interval => DuckDbChunks.TypeId.Interval,
        CopyKind.Uuid => DuckDbChunks.TypeId.Uuid,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// The binary decoding of a built-in type whose DuckDB column holds exactly its values; null for the types sent
    /// as text. Domains, enums and arrays have OIDs of their own and are sent as text.
    /// </summary>
    private static CopyKind? Binary(uint typeOid, ColumnType type) => (typeOid, type.DuckType, type.Conversion) switch
    {
        (PgTypeOid.Bool, "BOOLEAN", ValueConversion.Cast) => CopyKind.Bool,
        (PgTypeOid.Int2, "SMALLINT", ValueConversion.Cast) => CopyKind.Int2,
        (PgTypeOid.Int4, "INTEGER", ValueConversion.Cast) => CopyKind.Int4,
        (PgTypeOid.Int8, "BIGINT", ValueConversion.Cast) => CopyKind.Int8,
        (PgTypeOid.Oid, "UINTEGER", ValueConversion.Cast) => CopyKind.Oid,
        (PgTypeOid.Float4, "FLOAT", ValueConversion.Cast) => CopyKind.Float4,
        (PgTypeOid.Float8, "DOUBLE", ValueConversion.Cast) => CopyKind.Float8,
        (PgTypeOid.Numeric, var duck, ValueConversion.Cast) when duck.StartsWith("DECIMAL(", StringComparison.Ordinal) => DecimalKind(duck),
        (PgTypeOid.Text or PgTypeOid.Varchar or PgTypeOid.Name, "VARCHAR", ValueConversion.Cast) => CopyKind.Text,
        (PgTypeOid.BpChar, "VARCHAR", ValueConversion.BpChar) => CopyKind.BpChar,
        (PgTypeOid.Bytea, "BLOB", ValueConversion.Bytea) => CopyKind.Bytes,
        (PgTypeOid.Json, "JSON", ValueConversion.Cast) => CopyKind.Text,
        (PgTypeOid.Jsonb, "JSON", ValueConversion.Cast) => CopyKind.Jsonb,
        (PgTypeOid.Date, "DATE", ValueConversion.Date) => CopyKind.Date,
        (PgTypeOid.Time, "TIME", ValueConversion.Cast) => CopyKind.Time,
        (PgTypeOid.Timestamp, "TIMESTAMP", ValueConversion.Cast) => CopyKind.Timestamp,
        (PgTypeOid.TimestampTz, "TIMESTAMPTZ", ValueConversion.Cast) => CopyKind.TimestampTz,
        (PgTypeOid.Interval, "INTERVAL", ValueConversion.Interval) => CopyKind.Interval,
        (PgTypeOid.Uuid, "UUID", ValueConversion.Cast) => CopyKind.Uuid,
        _ => null,
    };

    private static CopyKind? DecimalKind(string duckType)
    {
        var open = duckType.IndexOf('(', StringComparison.Ordinal);
        var comma = duckType.IndexOf(',', StringComparison.Ordinal);
        if (open < 0 || comma < open || !int.TryParse(duckType.AsSpan(open + 1, comma - open - 1), System.Globalization.CultureInfo.InvariantCulture, out var precision))
        {
            return null;
        }

        return precision switch
        {
            <= 4 => CopyKind.Decimal16,
            <= 9 => CopyKind.Decimal32,
            <= 18 => CopyKind.Decimal64,
            <= 38 => CopyKind.Decimal128,
            _ => null,
        };
    }
}
