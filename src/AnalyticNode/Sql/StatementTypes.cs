using HtapRouter.AnalyticNode.Catalog;
using HtapRouter.AnalyticNode.Engine.Types;
using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>A PostgreSQL type the planner knows an expression has; <paramref name="CharWidth"/> is n for character(n).</summary>
internal readonly record struct PgType(uint Oid, int Typmod = -1, int CharWidth = 0);

/// <summary>
/// The PostgreSQL types of the column references and simple expressions of one statement, where DuckDB's would differ
/// or lose what PostgreSQL keeps: a character(n) column, EXTRACT's argument. Names resolve against every table, CTE and
/// subquery the statement names; a column name that means different types in different places is left unknown.
/// Build it before the statement is rewritten.
/// </summary>
internal sealed partial class StatementTypes
{
    private const int MaxDepth = 32;

    private readonly RelationColumns _tables;
    private readonly Dictionary<string, List<Relation>> _relations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pg.CommonTableExpr> _ctes = new(StringComparer.Ordinal);

    public StatementTypes(Pg.Node statement, RelationColumns tables)
    {
        _tables = tables;
        foreach (var message in PgNodeWalker.DescendantsAndSelf(statement))
        {
            switch (message)
            {
                case Pg.CommonTableExpr cte:
                    _ctes.TryAdd(cte.Ctename, cte);
                    Add(cte.Ctename, new Relation(() => Rename(OutputColumns(cte.Ctequery), cte.Aliascolnames)));
                    break;
                case Pg.RangeFunction function when JsonRewrites.SetColumns(function) is { } setColumns:
                    Add(function.Alias?.Aliasname is { Length: > 0 } setAlias ? setAlias : function.Functions[0].List.Items[0].FuncCall.Funcname[^1].String.Sval,
                        new Relation(() => setColumns));
                    break;
                case Pg.RangeVar range when TableColumns(range) is { } columns:
                    Add(range.Alias?.Aliasname is { Length: > 0 } alias ? alias : range.Relname,
                        new Relation(() => Rename(columns, range.Alias?.Colnames)));
                    break;
                case Pg.RangeSubselect { Alias: { } subqueryAlias } subselect:
                    Add(subqueryAlias.Aliasname, new Relation(() => Rename(OutputColumns(subselect.Subquery), subqueryAlias.Colnames)));
                    break;
            }
        }

        foreach (var relation in _relations.Values.SelectMany(r => r))
        {
            relation.Columns();
        }
    }

    /// <summary>
    /// The character(n), character varying and numeric result columns of a SELECT, by position, as far as its columns
    /// can be counted. A result computed by anything but a column reference or a cast, whose type is not known, is
    /// numeric without modifier should DuckDB compute it as a DECIMAL.
    /// </summary>
    public IReadOnlyList<CharColumn?> CharColumns(Pg.Node statement)
    {
        if (OutputColumns(statement) is not { } columns)
        {
            return [];
        }

        var computed = ComputedColumns(statement.SelectStmt, columns.Count);
        return columns.Select((c, i) => c.Type switch
        {
            { Oid: PgTypeOid.BpChar, CharWidth: > 0 } or { Oid: PgTypeOid.Varchar } => new CharColumn(c.Type.Value.Oid, c.Type.Value.Typmod, c.Type.Value.CharWidth),
            { Oid: PgTypeOid.BpChar } when computed[i] => new CharColumn(PgTypeOid.BpChar, PgTypmod.None, 0),
            { Oid: PgTypeOid.Numeric } => new CharColumn(PgTypeOid.Numeric, c.Type.Value.Typmod, 0, DecimalOnly: true),
            { Oid: PgTypeOid.Inet or PgTypeOid.Cidr or PgTypeOid.Json or PgTypeOid.Jsonb } => new CharColumn(c.Type.Value.Oid, PgTypmod.None, 0),
            null when computed[i] => new CharColumn(PgTypeOid.Numeric, PgTypmod.None, 0, DecimalOnly: true),
            _ => (CharColumn?)null,
        }).ToArray();
    }

    /// <summary>Which of the outermost SELECT's <paramref name="count"/> columns are expressions other than a column or a cast.</summary>
    private bool[] ComputedColumns(Pg.SelectStmt? select, int count)
    {
        var computed = new bool[count];
        if (select is not { Op: Pg.SetOperation.SetopNone, ValuesLists.Count: 0 })
        {
            return computed;
        }

        var position = 0;
        foreach (var item in select.TargetList)
        {
            if (position >= count)
            {
                break;
            }

            var value = item.ResTarget?.Val;
            if (value?.ColumnRef is { } star && star.Fields[^1].NodeCase == Pg.Node.NodeOneofCase.AStar)
            {
                if (Expand(select, star, 0) is not { } expanded)
                {
                    break;
                }

                position += expanded.Count;
                continue;
            }

            computed[position++] = value?.NodeCase is not (Pg.Node.NodeOneofCase.ColumnRef or Pg.Node.NodeOneofCase.TypeCast or null);
        }

        return computed;
    }

    /// <summary>The type of an expression, when it is a known column, a cast, a date/time value function, a number constant, or a sign before one.</summary>
    public PgType? TypeOf(Pg.Node? expression, int depth = 0)
    {
        if (expression is null || depth > MaxDepth)
        {
            return null;
        }

        return expression.NodeCase switch
        {
            Pg.Node.NodeOneofCase.ColumnRef => ColumnType(expression.ColumnRef),
            Pg.Node.NodeOneofCase.TypeCast => CastType(expression.TypeCast.TypeName),
            Pg.Node.NodeOneofCase.SqlvalueFunction => expression.SqlvalueFunction.Op switch
            {
                Pg.SQLValueFunctionOp.SvfopCurrentDate => new PgType(PgTypeOid.Date),
                Pg.SQLValueFunctionOp.SvfopCurrentTimestamp or Pg.SQLValueFunctionOp.SvfopCurrentTimestampN => new PgType(PgTypeOid.TimestampTz),
                Pg.SQLValueFunctionOp.SvfopLocaltimestamp or Pg.SQLValueFunctionOp.SvfopLocaltimestampN => new PgType(PgTypeOid.Timestamp),
                Pg.SQLValueFunctionOp.SvfopCurrentTime or Pg.SQLValueFunctionOp.SvfopCurrentTimeN => new PgType(PgTypeOid.TimeTz),
                Pg.SQLValueFunctionOp.SvfopLocaltime or Pg.SQLValueFunctionOp.SvfopLocaltimeN => new PgType(PgTypeOid.Time),
                _ => null,
            },
            Pg.Node.NodeOneofCase.FuncCall => FunctionType(expression.FuncCall, depth),
            Pg.Node.NodeOneofCase.AConst => ConstantType(expression.AConst),
            Pg.Node.NodeOneofCase.AExpr when expression.AExpr is { Kind: Pg.A_Expr_Kind.AexprOp, Lexpr: null, Name: [{ String.Sval: "-" or "+" }] } =>
                TypeOf(expression.AExpr.Rexpr, depth + 1),
            Pg.Node.NodeOneofCase.AExpr when expression.AExpr is { Kind: Pg.A_Expr_Kind.AexprOp, Name: [{ String.Sval: var op and ("+" or "-" or "*" or "/") }] } =>
                ArithmeticType(op, TypeOf(expression.AExpr.Lexpr, depth + 1), TypeOf(expression.AExpr.Rexpr, depth + 1)),
            Pg.Node.NodeOneofCase.AExpr when expression.AExpr is { Kind: Pg.A_Expr_Kind.AexprOp, Lexpr: { } left, Name: [{ String.Sval: "->" or "->>" or "#>" or "#>>" }] } =>
                JsonRewrites.OperatorType(expression.AExpr.Name[0].String.Sval, TypeOf(left, depth + 1)),
            Pg.Node.NodeOneofCase.AExpr when expression.AExpr is { Kind: Pg.A_Expr_Kind.AexprNullif } => TypeOf(expression.AExpr.Lexpr, depth + 1),
            Pg.Node.NodeOneofCase.CaseExpr => CommonType(expression.CaseExpr.Args.Select(a => a.CaseWhen?.Result).Append(expression.CaseExpr.Defresult), depth),
            Pg.Node.NodeOneofCase.CoalesceExpr => CommonType(expression.CoalesceExpr.Args, depth),
            _ => null,
        };
    }

    private PgType? FunctionType(Pg.FuncCall call, int depth) => call.Funcname[^1].String?.Sval switch
    {
        // min() and max() of character(n) are bpchar without the length: the values keep their padding.
        "min" or "max" when call.Args.Count == 1 && TypeOf(call.Args[0], depth + 1) is { } type =>
            type with { Typmod = type.Oid == PgTypeOid.BpChar ? -1 : type.Typmod },
        "now" or "transaction_timestamp" or "statement_timestamp" or "clock_timestamp" when call.Args.Count == 0 => new PgType(PgTypeOid.TimestampTz),
        "sum" when call.Args.Count == 1 && TypeOf(call.Args[0], depth + 1) is { } type => NumberRank(type) switch
        {
            1 => new PgType(PgTypeOid.Int8),
            2 or 3 => new PgType(PgTypeOid.Numeric),
            4 => new PgType(PgTypeOid.Float8),
            _ => null,
        },
        "avg" when call.Args.Count == 1 && TypeOf(call.Args[0], depth + 1) is { } type => NumberRank(type) switch
        {
            1 or 2 or 3 => new PgType(PgTypeOid.Numeric),
            4 => new PgType(PgTypeOid.Float8),
            _ => null,
        },
        "count" => new PgType(PgTypeOid.Int8),
        "div" when call.Args.Count == 2 => new PgType(PgTypeOid.Numeric),
        "justify_hours" or "justify_days" or "justify_interval" when call.Args.Count == 1 => new PgType(PgTypeOid.Interval),
        "btrim" or "ltrim" or "rtrim" => new PgType(PgTypeOid.Text),
        "to_char" when call.Args.Count == 2 => new PgType(PgTypeOid.Text),
        "percentile_cont" when call is { AggWithinGroup: true, AggOrder.Count: 1, Args: [{ AConst: not null }] }
            && TypeOf(call.AggOrder[0].SortBy?.Node, depth + 1)?.Oid != PgTypeOid.Interval => new PgType(PgTypeOid.Float8),
        "network" when call.Args.Count == 1 => new PgType(PgTypeOid.Cidr),
        "broadcast" or "netmask" or "hostmask" when call.Args.Count == 1 => new PgType(PgTypeOid.Inet),
        "set_masklen" when call.Args.Count == 2 => TypeOf(call.Args[0], depth + 1)?.Oid == PgTypeOid.Cidr ? new PgType(PgTypeOid.Cidr) : new PgType(PgTypeOid.Inet),
        "host" or "abbrev" when call.Args.Count == 1 => new PgType(PgTypeOid.Text),
        "text" when call.Args.Count == 1 => new PgType(PgTypeOid.Text),
        "family" or "masklen" when call.Args.Count == 1 => new PgType(PgTypeOid.Int4),
        { } name => JsonRewrites.FunctionType(name, call),
        _ => null,
    };

    /// <summary>The columns of the one FROM item named <paramref name="name"/>; null when there is none, or several.</summary>
    public List<(string Name, PgType? Type)>? RelationColumns(string name) =>
        _relations.TryGetValue(name, out var named) && named.Count == 1 ? named[0].Columns() : null;

    /// <summary>The columns a SELECT (or VALUES, or set operation) returns; null when they cannot be counted.</summary>
    private List<(string Name, PgType? Type)>? OutputColumns(Pg.Node? query, int depth = 0)
    {
        if (query?.SelectStmt is not { } select || depth > MaxDepth)
        {
            return null;
        }

        if (select.Op != Pg.SetOperation.SetopNone)
        {
            var left = OutputColumns(PgNodes.Wrap(select.Larg), depth + 1);
            var right = OutputColumns(PgNodes.Wrap(select.Rarg), depth + 1);
            return left is null || right is null || left.Count != right.Count ? left
                : left.Select((c, i) => (c.Name, c.Type == right[i].Type ? c.Type : null)).ToList();
        }

        if (select.ValuesLists.Count > 0)
        {
            // Each column resolves as CASE's results do: VALUES (1), (2) is integer, (1.5), (2) numeric, ('a') text.
            return select.ValuesLists[0].List.Items.Select((_, i) =>
                ($"column{i + 1}", CommonType(select.ValuesLists.Select(row => i < row.List.Items.Count ? row.List.Items[i] : null), depth))).ToList();
        }

        var columns = new List<(string, PgType?)>();
        foreach (var item in select.TargetList)
        {
            var target = item.ResTarget;
            if (target.Val?.ColumnRef is { } star && star.Fields[^1].NodeCase == Pg.Node.NodeOneofCase.AStar)
            {
                if (Expand(select, star, depth) is not { } expanded)
                {
                    return columns.Count == 0 ? null : columns;
                }

                columns.AddRange(expanded);
                continue;
            }

            columns.Add((target.Name is { Length: > 0 } name ? name : FigureName(target.Val), TypeOf(target.Val, depth + 1)));
        }

        return columns;
    }

    /// <summary><c>*</c> or <c>t.*</c> over the FROM clause; null when a FROM item's columns are not known exactly.</summary>
    private List<(string, PgType?)>? Expand(Pg.SelectStmt select, Pg.ColumnRef star, int depth)
    {
        if (star.Fields.Count == 2)
        {
            return _relations.TryGetValue(star.Fields[0].String.Sval, out var named) && named.Count == 1 ? named[0].Columns() : null;
        }

        var columns = new List<(string, PgType?)>();
        foreach (var item in select.FromClause)
        {
            if (FromItemColumns(item, depth) is not { } itemColumns)
            {
                return null;
            }

            columns.AddRange(itemColumns);
        }

        return columns;
    }

    private List<(string, PgType?)>? FromItemColumns(Pg.Node item, int depth) => item.NodeCase switch
    {
        Pg.Node.NodeOneofCase.RangeVar when item.RangeVar.Schemaname.Length == 0 && _ctes.TryGetValue(item.RangeVar.Relname, out var cte) =>
            Rename(OutputColumns(cte.Ctequery, depth + 1), cte.Aliascolnames),
        Pg.Node.NodeOneofCase.RangeVar => Rename(TableColumns(item.RangeVar), item.RangeVar.Alias?.Colnames),
        Pg.Node.NodeOneofCase.RangeFunction => JsonRewrites.SetColumns(item.RangeFunction),
        Pg.Node.NodeOneofCase.RangeSubselect => Rename(OutputColumns(item.RangeSubselect.Subquery, depth + 1), item.RangeSubselect.Alias?.Colnames),
        Pg.Node.NodeOneofCase.JoinExpr when item.JoinExpr is { IsNatural: false, UsingClause.Count: 0, Alias: null } join
            && FromItemColumns(join.Larg, depth) is { } left && FromItemColumns(join.Rarg, depth) is { } right => [.. left, .. right],
        _ => null,
    };

    private List<(string, PgType?)>? TableColumns(Pg.RangeVar range)
    {
        if (range.Catalogname.Length > 0 || (range.Schemaname.Length == 0 && _ctes.ContainsKey(range.Relname)))
        {
            return null;
        }

        var schema = range.Schemaname is "" or "public" ? "main" : range.Schemaname;
        return _tables.TryGet(schema, range.Relname, out var columns)
            ? columns.Select(c => (c.Name, (PgType?)TableColumnType(c))).ToList()
            : null;
    }

    private static PgType TableColumnType(ColumnType column) => column.TypeOid == PgTypeOid.BpChar
        ? new PgType(column.TypeOid, column.Typmod, Math.Max(column.Typmod - 4, 0))
        : new PgType(column.TypeOid, column.Typmod);

    private PgType? ColumnType(Pg.ColumnRef reference)
    {
        var fields = reference.Fields;
        if (fields[^1].String?.Sval is not { } column)
        {
            return null;
        }

        IEnumerable<Relation> candidates = fields.Count >= 2
            ? (_relations.TryGetValue(fields[^2].String?.Sval ?? "", out var named) ? named : [])
            : _relations.Values.SelectMany(r => r);
        PgType? found = null;
        foreach (var relation in candidates)
        {
            if (relation.Columns() is not { } columns)
            {
                continue;
            }

            foreach (var (name, type) in columns)
            {
                if (name != column)
                {
                    continue;
                }

                if (type is null || (found is not null && found != type))
                {
                    return null;
                }

                found = type;
            }
        }

        return found;
    }

    private static PgType? CastType(Pg.TypeName typeName)
    {
        if (typeName.ArrayBounds.Count > 0 || typeName.Names[^1].String?.Sval is not { } name)
        {
            return null;
        }

        var length = typeName.Typmods is [{ AConst.Ival.Ival: var n and > 0 }] ? n : 0;
        switch (name)
        {
            case "numeric" or "decimal":
                return typeName.Typmods switch
                {
                    [{ AConst.Ival.Ival: var precision }] => new PgType(PgTypeOid.Numeric, PgTypmod.Numeric(precision, 0)),
                    [{ AConst.Ival.Ival: var precision }, { AConst.Ival.Ival: var scale }] => new PgType(PgTypeOid.Numeric, PgTypmod.Numeric(precision, scale)),
                    _ => new PgType(PgTypeOid.Numeric),
                };
            case "bpchar":
                return length > 0 ? new PgType(PgTypeOid.BpChar, length + 4, length) : null;
            case "varchar":
                return new PgType(PgTypeOid.Varchar, length > 0 ? length + 4 : -1);
        }

        return PgTypeCatalog.TryGetByName(name, out var info) ? new PgType(info.Oid) : null;
    }

    /// <summary>The name PostgreSQL gives an unaliased column, where the planner needs it to find the column again.</summary>
    private static string FigureName(Pg.Node? value) => value?.NodeCase switch
    {
        Pg.Node.NodeOneofCase.ColumnRef when value.ColumnRef.Fields[^1].String?.Sval is { } name => name,
        Pg.Node.NodeOneofCase.FuncCall => value.FuncCall.Funcname[^1].String?.Sval ?? "?column?",
        Pg.Node.NodeOneofCase.TypeCast => value.TypeCast.Arg?.ColumnRef is not null ? FigureName(value.TypeCast.Arg)
            : value.TypeCast.TypeName.Names[^1].String?.Sval ?? "?column?",
        _ => "?column?",
    };

    private static List<(string, PgType?)>? Rename(List<(string Name, PgType? Type)>? columns, Google.Protobuf.Collections.RepeatedField<Pg.Node>? names)
    {
        if (columns is null || names is not { Count: > 0 })
        {
            return columns;
        }

        return columns.Select((c, i) => (i < names.Count ? names[i].String.Sval : c.Name, c.Type)).ToList();
    }

    private void Add(string name, Relation relation)
    {
        if (!_relations.TryGetValue(name, out var list))
        {
            _relations[name] = list = [];
        }

        list.Add(relation);
    }

    /// <summary>A named FROM item; its columns are worked out once, and a reference back to itself (WITH RECURSIVE) finds none.</summary>
    private sealed class Relation(Func<List<(string, PgType?)>?> columns)
    {
        private List<(string, PgType?)>? _columns;
        private int _state;

        public List<(string, PgType?)>? Columns()
        {
            if (_state == 0)
            {
                _state = 1;
                _columns = columns();
                _state = 2;
            }

            return _columns;
        }
    }
}
