using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>The types of number constants, arithmetic and CASE, as PostgreSQL resolves them.</summary>
internal sealed partial class StatementTypes
{
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

    private static int NumberRank(PgType? type) => type?.Oid switch
    {
        PgTypeOid.Int2 or PgTypeOid.Int4 => 1,
        PgTypeOid.Int8 => 2,
        PgTypeOid.Numeric => 3,
        PgTypeOid.Float4 or PgTypeOid.Float8 => 4,
        _ => 0,
    };

    /// <summary>CASE over numbers: the type all its results resolve to (NULL results aside).</summary>
    private PgType? CaseType(Pg.CaseExpr expression, int depth)
    {
        PgType? result = null;
        foreach (var value in expression.Args.Select(a => a.CaseWhen?.Result).Append(expression.Defresult))
        {
            if (value is null || value.AConst is { Isnull: true })
            {
                continue;
            }

            if (NumberType(TypeOf(value, depth + 1), result ?? TypeOf(value, depth + 1)) is not { } type)
            {
                return null;
            }

            result = type;
        }

        return result;
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
