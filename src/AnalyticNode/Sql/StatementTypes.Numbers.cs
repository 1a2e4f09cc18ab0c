using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>The types of number constants, arithmetic and CASE, as PostgreSQL resolves them.</summary>
internal sealed partial class StatementTypes
{
    private readonly HashSet<Pg.ColumnRef> _exactTexts = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Marks a reference to a derived table's column that the rewrite made a quotient's exact numeric text
    /// (<see cref="NumericAverages"/>): what reads it must read text, or read it back as a number.
    /// </summary>
    public void AddExactText(Pg.ColumnRef reference) => _exactTexts.Add(reference);

    /// <summary>Whether <paramref name="node"/> is a reference marked by <see cref="AddExactText"/> (this very reference, not an equal one).</summary>
    public bool IsExactText(Pg.Node node) => node.ColumnRef is { } reference && IsExactText(reference);

    /// <inheritdoc cref="IsExactText(Pg.Node)"/>
    public bool IsExactText(Pg.ColumnRef reference) => _exactTexts.Contains(reference);

    /// <summary>The result of arithmetic on two numbers as PostgreSQL resolves it; null for anything but numbers.</summary>
    private static PgType? NumberType(PgType? left, PgType? right)
    {
        if (NumberRank(left) is not > 0 || NumberRank(right) is not > 0)
        {
            return null;
        }

        return Math.Max(NumberRank(left), NumberRank(right)) switch
        {
            1 => new PgType(PgTypeOid.Int4),
            2 => new PgType(PgTypeOid.Int8),
            3 => new PgType(PgTypeOid.Numeric),
            _ => new PgType(PgTypeOid.Float8),
        };
    }

    /// <summary>
    /// +, -, * and / as far as the planner follows them: numbers (not /, which integers make integer and the rewrite of
    /// numeric division types itself), and an interval times or by a number, or plus or minus an interval.
    /// </summary>
    private static PgType? ArithmeticType(string op, PgType? left, PgType? right) => op switch
    {
        "*" when left?.Oid == PgTypeOid.Interval && NumberRank(right) > 0 => left,
        "*" when right?.Oid == PgTypeOid.Interval && NumberRank(left) > 0 => right,
        "/" when left?.Oid == PgTypeOid.Interval && NumberRank(right) > 0 => left,
        "+" or "-" when left?.Oid == PgTypeOid.Interval && right?.Oid == PgTypeOid.Interval => new PgType(PgTypeOid.Interval),
        "/" => null,
        _ => NumberType(left, right),
    };

    private static int NumberRank(PgType? type) => type?.Oid switch
    {
        PgTypeOid.Int2 or PgTypeOid.Int4 => 1,
        PgTypeOid.Int8 => 2,
        PgTypeOid.Numeric => 3,
        PgTypeOid.Float4 or PgTypeOid.Float8 => 4,
        _ => 0,
    };

    /// <summary>
    /// CASE and COALESCE: the type their results resolve to (select_common_type: string constants take the others' type,
    /// numbers the widest), with the type modifier only when every result has the same (exprTypmod; a NULL, a missing ELSE
    /// or a constant has none). character(n) results of one length keep it as the width values are padded to; of
    /// different lengths or with constants their values are padded each to its own (<see cref="CharChoices"/>).
    /// </summary>
    private PgType? CommonType(IEnumerable<Pg.Node?> values, int depth)
    {
        PgType? common = null;
        var sameTypmod = true;
        var sameWidth = true;
        var constants = false;
        foreach (var value in values)
        {
            if (value is null || value.AConst is { Isnull: true })
            {
                sameTypmod = false;
                continue;
            }

            if (value.AConst?.Sval is not null)
            {
                (constants, sameTypmod) = (true, false);
                continue;
            }

            if (TypeOf(value, depth + 1) is not { } type)
            {
                return null;
            }

            if (common is not { } known)
            {
                common = type;
            }
            else if (known.Oid == type.Oid)
            {
                sameTypmod &= known.Typmod == type.Typmod;
                sameWidth &= known.CharWidth == type.CharWidth;
            }
            else if (NumberType(known, type) is { } number)
            {
                (common, sameTypmod) = (number, false);
            }
            else
            {
                return null;
            }
        }

        return common switch
        {
            null => constants ? new PgType(PgTypeOid.Text) : null,
            { } type when sameTypmod => type,
            { } type => type with { Typmod = PgTypmod.None, CharWidth = sameWidth && !constants ? type.CharWidth : 0 },
        };
    }

    /// <summary>A number constant: integer, bigint when it is too big for integer, else numeric (written without exponent).</summary>
    private static PgType? ConstantType(Pg.A_Const constant) => constant switch
    {
        { Ival: not null } => new PgType(PgTypeOid.Int4),
        { Fval.Fval: { } number } when long.TryParse(number, out _) => new PgType(PgTypeOid.Int8),
        // With an exponent the constant is numeric in PostgreSQL but a double in DuckDB: not a decimal to compute with.
        { Fval.Fval: { } number } when !number.Contains('e', StringComparison.OrdinalIgnoreCase) => new PgType(PgTypeOid.Numeric),
        _ => null,
    };
}
