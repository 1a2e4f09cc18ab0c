using DuckDB.NET.Native;
using HtapRouter.AnalyticNode.Engine.Encoders;
using HtapRouter.AnalyticNode.Engine.Types;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine;

/// <summary>
/// The columns of an executed result and their encoders. Bound parameters can settle a type the statement
/// could only describe as text (SELECT $1); such a column keeps its text description and sends text.
/// </summary>
internal static class ResultColumns
{
    public static (PgFieldDescription[] Columns, ValueEncoder[] Encoders) Describe(
        ref DuckDBResult result, IReadOnlyList<PgFieldDescription> described, IReadOnlyList<CharColumn?> charColumns)
    {
        var count = (int)NativeMethods.Query.DuckDBColumnCount(ref result);
        var columns = new PgFieldDescription[count];
        var encoders = new ValueEncoder[count];
        for (var i = 0; i < count; i++)
        {
            using var logicalType = NativeMethods.Query.DuckDBColumnLogicalType(ref result, i);
            var type = DuckDbTypeMap.Map(logicalType);
            var name = i < described.Count ? described[i].Name : NativeMethods.Query.DuckDBColumnName(ref result, i);
            var encoder = type.Encoder ?? throw new PgErrorException(
                SqlState.FeatureNotSupported, $"column \"{name}\" has a type that cannot be sent to PostgreSQL clients");
            if (i < described.Count && described[i].TypeOid == PgTypeOid.Text && type.Oid != PgTypeOid.Text)
            {
                columns[i] = described[i];
                encoders[i] = new TextFormEncoder(encoder);
                continue;
            }

            var charColumn = CharColumnAt(charColumns, i, type);
            columns[i] = Field(name, type, charColumn);
            encoders[i] = charColumn switch
            {
                { Width: > 0 } padded => new PaddedCharEncoder(padded.Width),
                { TypeOid: PgTypeOid.Numeric } when type.Oid == PgTypeOid.Text => new NumericTextEncoder(),
                { TypeOid: PgTypeOid.Inet or PgTypeOid.Cidr } when type.Oid == PgTypeOid.Text => new InetTextEncoder(charColumn.Value.TypeOid == PgTypeOid.Cidr),
                { TypeOid: PgTypeOid.Jsonb } => new JsonbEncoder(),
                { Fields: { } fields } when encoder is RecordEncoder record => record.WithDeclaredFields(fields),
                _ => encoder,
            };
        }

        return (columns, encoders);
    }

    /// <summary>A column's RowDescription field: the declared type of a character column, else the DuckDB type's counterpart.</summary>
    public static PgFieldDescription Field(string name, PgColumnType type, CharColumn? charColumn) => charColumn is { } declared
        ? new PgFieldDescription(name, 0, 0, declared.TypeOid, -1, declared.Typmod, 0)
        : new PgFieldDescription(name, 0, 0, type.Oid, type.TypeSize, type.Typmod, 0);

    /// <summary>
    /// The planner's mark for column <paramref name="index"/>: a character(n) or numeric text one where DuckDB sends plain
    /// text, a numeric one where DuckDB sends a DECIMAL, a record one where DuckDB sends a STRUCT.
    /// </summary>
    public static CharColumn? CharColumnAt(IReadOnlyList<CharColumn?> charColumns, int index, PgColumnType type) =>
        index < charColumns.Count ? (charColumns[index], type) switch
        {
            ({ DecimalOnly: false } mark, { Oid: PgTypeOid.Text, Encoder: VarcharEncoder }) => mark,
            ({ TypeOid: PgTypeOid.Numeric } mark, { Oid: PgTypeOid.Numeric }) => mark,
            ({ TypeOid: PgTypeOid.Json or PgTypeOid.Jsonb } mark, { Oid: PgTypeOid.Json, Encoder: VarcharEncoder }) => mark,
            ({ TypeOid: PgTypeOid.Record } mark, { Oid: PgTypeOid.Record }) => mark,
            _ => null,
        } : null;
}
