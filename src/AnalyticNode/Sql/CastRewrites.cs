using HtapRouter.AnalyticNode.Catalog;
using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// Casts DuckDB carries out differently: <c>numeric</c> without a precision is DECIMAL(18,3) in DuckDB, so 1.5::numeric
/// would print 1.500, where PostgreSQL keeps the value's own scale; a double or an interval cast to text is written as
/// DuckDB writes it (100.0, 2 months) rather than as PostgreSQL does (100, 2 mons). DuckDB has no <c>record</c> type.
/// </summary>
internal static class CastRewrites
{
    private const int MaxPrecision = 38;

    /// <summary>The replacement for <paramref name="cast"/>, or null to keep it.</summary>
    public static Pg.Node? Replace(Pg.TypeCast cast, StatementTypes types)
    {
        if (cast is not { Arg: { } value, TypeName: { ArrayBounds.Count: 0, Names: [.., { String.Sval: var type }] } typeName })
        {
            return null;
        }

        return type switch
        {
            "numeric" when typeName.Typmods.Count == 0 => Numeric(value, types),
            "text" or "varchar" when typeName.Typmods.Count == 0 => types.TypeOf(value)?.Oid switch
            {
                PgTypeOid.Float8 or PgTypeOid.Float4 => PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, "htap_float_text"], value),
                PgTypeOid.Interval => PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, "htap_interval_text"], value),
                _ => null,
            },
            "record" => Record(value, types),
            _ => null,
        };
    }

    /// <summary>
    /// <c>NULL::record</c> is a NULL of a one-field STRUCT, which is sent as a record like ROW(...)'s STRUCT, and
    /// <c>ROW(...)::record</c> is the row itself. PostgreSQL casts nothing else to record: text would be record input,
    /// which it does not implement, and other types have no cast.
    /// </summary>
    private static Pg.Node Record(Pg.Node value, StatementTypes types)
    {
        if (value.AConst is { Isnull: true })
        {
            return NullRecord();
        }

        if (value.RowExpr is not null)
        {
            return value;
        }

        var source = value.AConst?.Sval is not null ? PgTypeOid.Text : types.TypeOf(value)?.Oid;
        throw source switch
        {
            PgTypeOid.Text or PgTypeOid.Varchar or PgTypeOid.BpChar =>
                new PgErrorException(SqlState.FeatureNotSupported, "input of anonymous composite types is not implemented"),
            { } oid => new PgErrorException(SqlState.CannotCoerce, $"cannot cast type {PgTypeCatalog.FormatType(oid)} to record"),
            null => new PgErrorException(SqlState.CannotCoerce, "cannot cast this value to type record"),
        };
    }

    /// <summary><c>CASE WHEN false THEN ROW(NULL::bool) END</c>: DuckDB casts NULL only to a STRUCT type spelt out, which PostgreSQL's syntax cannot.</summary>
    private static Pg.Node NullRecord()
    {
        var row = new Pg.RowExpr { RowFormat = Pg.CoercionForm.CoerceExplicitCall, Location = -1 };
        row.Args.Add(PgNodes.TypeCast(PgNodes.NullConstant(), PgNodes.TypeName("bool")));
        var never = new Pg.A_Const { Boolval = new Pg.Boolean { Boolval = false }, Location = -1 };
        var choice = new Pg.CaseExpr { Location = -1 };
        choice.Args.Add(PgNodes.Wrap(new Pg.CaseWhen { Expr = PgNodes.Wrap(never), Result = PgNodes.Wrap(row), Location = -1 }));
        return PgNodes.Wrap(choice);
    }

    /// <summary>An integer or a number written out keeps its scale; a numeric of declared scale needs no cast.</summary>
    private static Pg.Node? Numeric(Pg.Node value, StatementTypes types)
    {
        var written = value.AConst switch
        {
            { Ival: not null } => "0",
            { Fval.Fval: { } number } => number,
            { Sval.Sval: { } text } => text.Trim(),
            _ => null,
        };
        if (written is not null)
        {
            return Scale(written) is { } scale ? Decimal(value, scale) : null;
        }

        return types.TypeOf(value) switch
        {
            { Oid: PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8 } => Decimal(value, 0),
            { Oid: PgTypeOid.Numeric, Typmod: >= 0 } => value,
            _ => null,
        };
    }

    /// <summary>The digits after the point of a plain decimal number, or null for anything else (exponents, NaN, too long).</summary>
    private static int? Scale(string number)
    {
        var digits = number.AsSpan().TrimStart("+-");
        var point = digits.IndexOf('.');
        var whole = point < 0 ? digits : digits[..point];
        var fraction = point < 0 ? [] : digits[(point + 1)..];
        if (whole.Length + fraction.Length == 0 || whole.ContainsAnyExceptInRange('0', '9') || fraction.ContainsAnyExceptInRange('0', '9')
            || whole.TrimStart('0').Length + fraction.Length > MaxPrecision)
        {
            return null;
        }

        return fraction.Length;
    }

    private static Pg.Node Decimal(Pg.Node value, int scale)
    {
        var typeName = PgNodes.TypeName("numeric");
        typeName.Typmods.Add(PgNodes.IntegerConstant(MaxPrecision));
        typeName.Typmods.Add(PgNodes.IntegerConstant(scale));
        return PgNodes.TypeCast(value, typeName);
    }
}
