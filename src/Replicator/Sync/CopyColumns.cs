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
/// conversion (<see cref="ColumnType.StagingExpression"/>), which the copy's INSERT ... SELECT applies to the scan's
/// VARCHAR column.
/// </remarks>
internal sealed class CopyColumns
{
    private CopyColumns(ReplicatedTable table, CopyKind[] kinds, bool[] sentAsText)
    {
        Table = table;
        Kinds = kinds;
        SentAsText = sentAsText;
        Converted = [.. table.Columns.Select((c, i) => sentAsText[i] && !(c.Type.DuckType == "VARCHAR" && c.Type.Conversion == ValueConversion.Cast))];
    }

    public ReplicatedTable Table { get; }

    /// <summary>Each column's decoding.</summary>
    public CopyKind[] Kinds { get; }

    /// <summary>Columns the primary sends as text.</summary>
    public bool[] SentAsText { get; }

    /// <summary>Columns sent as text that DuckDB converts into their column's type.</summary>
    public bool[] Converted { get; }

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

    /// <summary>What the copy's scan produces: each column's name, decoding, and vector type.</summary>
    public CopyLayout Layout()
    {
        var scales = new int[Kinds.Length];
        var widths = new int[Kinds.Length];
        var json = new bool[Kinds.Length];
        for (var i = 0; i < Kinds.Length; i++)
        {
            var type = Table.Columns[i].Type.DuckType;
            if (Kinds[i] is CopyKind.Decimal16 or CopyKind.Decimal32 or CopyKind.Decimal64 or CopyKind.Decimal128)
            {
                (widths[i], scales[i]) = DecimalOf(type) ?? throw new InvalidOperationException($"Column {Table.Columns[i].Name} is {type}, not a DECIMAL.");
            }

            json[i] = !Converted[i] && type == "JSON";
        }

        return new CopyLayout(Table.QualifiedName, [.. Table.Columns.Select(c => c.Name)], Kinds, scales, widths, json);
    }

    /// <summary>The insert that fills the table from <paramref name="source"/>'s columns c0, c1, ..., converting those sent as text.</summary>
    public string InsertFrom(string source)
    {
        var names = string.Join(", ", Table.Columns.Select(c => ReplicatedTable.Quote(c.Name)));
        var values = string.Join(", ", Table.Columns.Select((c, i) => Converted[i] ? c.Type.StagingExpression($"c{i}") : $"c{i}"));
        return $"INSERT INTO {Table.QualifiedName} ({names}) SELECT {values} FROM {source}";
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

    private static CopyKind? DecimalKind(string duckType) => DecimalOf(duckType)?.Precision switch
    {
        null => null,
        <= 4 => CopyKind.Decimal16,
        <= 9 => CopyKind.Decimal32,
        <= 18 => CopyKind.Decimal64,
        <= 38 => CopyKind.Decimal128,
        _ => null,
    };

    /// <summary>Precision and scale of <c>DECIMAL(p,s)</c>.</summary>
    private static (int Precision, int Scale)? DecimalOf(string duckType)
    {
        var open = duckType.IndexOf('(', StringComparison.Ordinal);
        var comma = duckType.IndexOf(',', StringComparison.Ordinal);
        var close = duckType.IndexOf(')', StringComparison.Ordinal);
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return open >= 0 && comma > open && close > comma
               && int.TryParse(duckType.AsSpan(open + 1, comma - open - 1), invariant, out var precision)
               && int.TryParse(duckType.AsSpan(comma + 1, close - comma - 1), invariant, out var scale)
            ? (precision, scale)
            : null;
    }
}

/// <summary>What the copy's scan produces for one table, column by column.</summary>
/// <param name="TableName">The table, for errors.</param>
/// <param name="Columns">Column names, for errors.</param>
/// <param name="Kinds">How each value is decoded into its vector.</param>
/// <param name="Scales">Each DECIMAL column's scale (0 for the others).</param>
/// <param name="Widths">Each DECIMAL column's width (0 for the others).</param>
/// <param name="Json">Columns whose VARCHAR vector carries DuckDB's JSON alias, so that the insert does not parse them again.</param>
internal sealed record CopyLayout(string TableName, string[] Columns, CopyKind[] Kinds, int[] Scales, int[] Widths, bool[] Json);
