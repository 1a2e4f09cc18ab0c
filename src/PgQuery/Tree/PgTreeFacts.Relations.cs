using Google.Protobuf;
using PgQuery;

namespace HtapRouter.PgQuery.Tree;

public static partial class PgTreeFacts
{
    /// <summary>
    /// Every relation named below <paramref name="root"/> (each <c>RangeVar</c>: FROM items, DML targets, COPY,
    /// LOCK, INTO and DDL targets …), in walk order with repeats. References to WITH queries are included and marked
    /// <see cref="PgRelation.IsCteReference"/>, following PostgreSQL's scoping: a WITH query is visible in its
    /// statement and its subqueries, in later WITH queries of the same list, and in itself only under RECURSIVE;
    /// the target of INSERT, UPDATE, DELETE and MERGE is always a table.
    /// </summary>
    public static IReadOnlyList<PgRelation> GetRelations(IMessage root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var relations = new List<PgRelation>();
        var stack = new Stack<Pending>();
        var children = new List<NodeChild>();
        var ordered = new List<Pending>();
        stack.Push(new Pending(root, null, IsTarget: false));
        while (stack.TryPop(out var pending))
        {
            var message = pending.Message is Node node ? NodeFields.Unwrap(node) : pending.Message;
            if (message is RangeVar rangeVar)
            {
                relations.Add(ToRelation(rangeVar, pending.Scope, pending.IsTarget));
                continue;
            }
            if (message is null)
            {
                continue;
            }

            var (with, target) = message switch
            {
                SelectStmt s => (s.WithClause, (RangeVar?)null),
                InsertStmt s => (s.WithClause, s.Relation),
                UpdateStmt s => (s.WithClause, s.Relation),
                DeleteStmt s => (s.WithClause, s.Relation),
                MergeStmt s => (s.WithClause, s.Relation),
                _ => (null, null),
            };
            var bodyScope = CteScope.Extend(pending.Scope, with, with?.Ctes.Count ?? 0);

            children.Clear();
            ordered.Clear();
            NodeFields.AppendChildren(message, children);
            foreach (var child in children)
            {
                if (ReferenceEquals(child.Message, with))
                {
                    for (var i = 0; i < with!.Ctes.Count; i++)
                    {
                        var scope = with.Recursive ? bodyScope : CteScope.Extend(pending.Scope, with, i);
                        ordered.Add(new Pending(with.Ctes[i], scope, IsTarget: false));
                    }
                }
                else
                {
                    ordered.Add(new Pending(child.Message, bodyScope, ReferenceEquals(child.Message, target)));
                }
            }
            for (var i = ordered.Count - 1; i >= 0; i--)
            {
                stack.Push(ordered[i]);
            }
        }
        return relations;
    }

    private static PgRelation ToRelation(RangeVar rangeVar, CteScope? scope, bool isTarget)
    {
        var catalog = NullIfEmpty(rangeVar.Catalogname);
        var schema = NullIfEmpty(rangeVar.Schemaname);
        var persistence = rangeVar.Relpersistence switch
        {
            "t" => PgRelationPersistence.Temporary,
            "u" => PgRelationPersistence.Unlogged,
            _ => PgRelationPersistence.Permanent,
        };
        var isCte = !isTarget && catalog is null && schema is null && CteScope.Contains(scope, rangeVar.Relname);
        return new PgRelation(catalog, schema, rangeVar.Relname, persistence, isCte, rangeVar);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private readonly record struct Pending(IMessage Message, CteScope? Scope, bool IsTarget);

    /// <summary>The WITH query names visible at a point of the tree, innermost first.</summary>
    private sealed record CteScope(string Name, CteScope? Outer)
    {
        /// <summary>The scope with the first <paramref name="count"/> queries of <paramref name="with"/> added.</summary>
        public static CteScope? Extend(CteScope? scope, WithClause? with, int count)
        {
            for (var i = 0; i < count; i++)
            {
                scope = new CteScope(with!.Ctes[i].CommonTableExpr.Ctename, scope);
            }
            return scope;
        }

        public static bool Contains(CteScope? scope, string name)
        {
            for (; scope is not null; scope = scope.Outer)
            {
                if (scope.Name == name)
                {
                    return true;
                }
            }
            return false;
        }
    }
}
