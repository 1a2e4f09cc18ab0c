using HtapRouter.PgQuery.Tree;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Catalog;

/// <summary>
/// Rewrites PostgreSQL-only parts of a parse tree node for DuckDB and the installed catalog: pg_catalog and
/// information_schema relations and functions go to the catalog, regular-expression operators become
/// regexp_matches(), the default collations are dropped, reg* casts become catalog lookups and type names DuckDB
/// lacks become the types it holds them as. Changes the node in place.
/// </summary>
internal sealed partial class CatalogRewriter
{
    private const string PgCatalogSchema = "pg_catalog";

    private readonly CatalogContents _contents;

    public CatalogRewriter(CatalogContents contents) => _contents = contents;

    /// <summary>
    /// Rewrites one node; <paramref name="cteNames"/> are the statement's WITH names, which hide catalog relations
    /// of the same name. Returns true when the node changed (call again: the replacement may need rewriting too).
    /// </summary>
    public bool Rewrite(Pg.Node node, IReadOnlySet<string> cteNames) => node.NodeCase switch
    {
        Pg.Node.NodeOneofCase.RangeVar => RewriteRelation(node.RangeVar, cteNames),
        Pg.Node.NodeOneofCase.FuncCall => RewriteFunction(node.FuncCall),
        Pg.Node.NodeOneofCase.AExpr => RewriteOperator(node),
        Pg.Node.NodeOneofCase.CollateClause => RewriteCollate(node),
        Pg.Node.NodeOneofCase.TypeCast => RewriteCast(node),
        Pg.Node.NodeOneofCase.RangeFunction => NameScalarFunctionColumn(node.RangeFunction),
        _ => false,
    };

    /// <summary>The names a statement's WITH clauses define, anywhere in it.</summary>
    public static IReadOnlySet<string> CteNames(Pg.Node statement)
    {
        HashSet<string>? names = null;
        foreach (var message in PgNodeWalker.DescendantsAndSelf(statement))
        {
            if (message is Pg.CommonTableExpr cte)
            {
                (names ??= new HashSet<string>(StringComparer.Ordinal)).Add(cte.Ctename);
            }
        }

        return names ?? (IReadOnlySet<string>)new HashSet<string>(0);
    }

    private bool RewriteRelation(Pg.RangeVar relation, IReadOnlySet<string> cteNames)
    {
        if (relation.Catalogname.Length > 0)
        {
            return false;
        }

        switch (relation.Schemaname)
        {
            case PgCatalogSchema or "" when _contents.Relations.Contains(relation.Relname)
                && (relation.Schemaname.Length > 0 || !cteNames.Contains(relation.Relname)):
                relation.Catalogname = PgCatalog.Database;
                relation.Schemaname = PgCatalog.Schema;
                return true;
            case "information_schema" when _contents.InformationSchemaViews.Contains(relation.Relname):
                relation.Catalogname = PgCatalog.Database;
                relation.Schemaname = PgCatalog.InformationSchema;
                return true;
            case "public":
                relation.Schemaname = "main";
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>FROM generate_series(...) s</c>: PostgreSQL names the one column of a scalar set function after its alias,
    /// DuckDB makes the alias the row; naming the column <c>s(s)</c> gives PostgreSQL's meaning.
    /// </summary>
    private static bool NameScalarFunctionColumn(Pg.RangeFunction range)
    {
        if (range.Alias is not { Colnames.Count: 0 } alias || range.Ordinality || range.Functions.Count != 1
            || range.Functions[0].List is not { Items.Count: > 0 } function
            || function.Items[0].FuncCall?.Funcname is not { Count: > 0 } name
            || name[^1].String?.Sval is not ("generate_series" or "unnest" or "generate_subscripts"))
        {
            return false;
        }

        alias.Colnames.Add(PgNodes.StringNode(alias.Aliasname));
        return true;
    }

    private bool RewriteFunction(Pg.FuncCall call)
    {
        var names = call.Funcname;
        var qualified = names.Count == 2 && names[0].String?.Sval is PgCatalogSchema or "information_schema";
        if (names.Count != 1 && !qualified)
        {
            return false;
        }

        var name = names[^1].String.Sval;
        if (_contents.Functions.Contains(name))
        {
            names.Clear();
            names.Add(PgNodes.StringNode(PgCatalog.Database));
            names.Add(PgNodes.StringNode(PgCatalog.Schema));
            names.Add(PgNodes.StringNode(name));
            return true;
        }

        if (qualified && names[0].String.Sval == PgCatalogSchema)
        {
            names.RemoveAt(0);
            return true;
        }

        return false;
    }

    /// <summary><c>a ~ b</c>, <c>a !~* b</c>, <c>OPERATOR(pg_catalog.~)</c>; other pg_catalog-qualified operators lose the qualifier.</summary>
    private static bool RewriteOperator(Pg.Node node)
    {
        var expression = node.AExpr;
        if (expression.Kind is not (Pg.A_Expr_Kind.AexprOp or Pg.A_Expr_Kind.AexprOpAny or Pg.A_Expr_Kind.AexprOpAll))
        {
            return false;
        }

        var names = expression.Name;
        var qualified = names.Count == 2 && names[0].String?.Sval == PgCatalogSchema;
        var op = names[^1].String?.Sval;
        if (expression.Kind == Pg.A_Expr_Kind.AexprOp && expression.Lexpr is not null
            && op is "~" or "!~" or "~*" or "!~*")
        {
            var arguments = op.EndsWith('*')
                ? new[] { expression.Lexpr, expression.Rexpr, PgNodes.StringConstant("i") }
                : new[] { expression.Lexpr, expression.Rexpr };
            var match = PgNodes.FuncCall(["regexp_matches"], arguments);
            if (op.StartsWith('!'))
            {
                var not = new Pg.BoolExpr { Boolop = Pg.BoolExprType.NotExpr, Location = -1 };
                not.Args.Add(match);
                match = PgNodes.Wrap(not);
            }

            PgNodes.Set(node, PgNodes.Unwrap(match)!);
            return true;
        }

        if (qualified)
        {
            names.RemoveAt(0);
            return true;
        }

        return false;
    }

    /// <summary>COLLATE "default", "C" and "POSIX" are what DuckDB compares by anyway (binary); other collations stay.</summary>
    private static bool RewriteCollate(Pg.Node node)
    {
        var collate = node.CollateClause;
        var names = collate.Collname;
        var qualifiedOrBare = names.Count == 1 || (names.Count == 2 && names[0].String?.Sval == PgCatalogSchema);
        if (!qualifiedOrBare || names[^1].String?.Sval is not ("default" or "C" or "POSIX") || collate.Arg is null)
        {
            return false;
        }

        PgNodes.Set(node, PgNodes.Unwrap(collate.Arg)!);
        return true;
    }
}
