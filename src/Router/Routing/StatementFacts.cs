using HtapRouter.PgQuery.Tree;
using Pg = global::PgQuery;
using Case = global::PgQuery.Node.NodeOneofCase;

namespace HtapRouter.Router.Routing;

/// <summary>What one walk over a statement's tree finds that decides whether it writes, wherever it sits.</summary>
internal sealed class StatementFacts
{
    private readonly HashSet<RelationName> _dmlTargets = [];

    /// <summary>FOR UPDATE, FOR SHARE and the like, in any subquery or WITH query.</summary>
    public bool HasLockingClause { get; private set; }

    /// <summary>A WITH query that is an INSERT, UPDATE, DELETE or MERGE.</summary>
    public bool HasDataModifyingCte { get; private set; }

    /// <summary>A call to a function that writes, when the walk was given the rules for that.</summary>
    public bool CallsWriteFunction { get; private set; }

    /// <summary>The targets of INSERT, UPDATE, DELETE and MERGE, at the top or in WITH queries.</summary>
    public IReadOnlyCollection<RelationName> DmlTargets => _dmlTargets;

    public static StatementFacts Collect(Pg.Node statement, WriteFunctions? functions)
    {
        var facts = new StatementFacts();
        PgNodeWalker.Walk(statement, message =>
        {
            switch (message)
            {
                case Pg.FuncCall call when functions is not null && !facts.CallsWriteFunction:
                    facts.CallsWriteFunction = functions.Writes(PgTreeFacts.ToFunctionName(call));
                    break;
                case Pg.LockingClause:
                    facts.HasLockingClause = true;
                    break;
                case Pg.CommonTableExpr { Ctequery.NodeCase: Case.InsertStmt or Case.UpdateStmt or Case.DeleteStmt or Case.MergeStmt }:
                    facts.HasDataModifyingCte = true;
                    break;
                case Pg.InsertStmt insert:
                    facts.AddTarget(insert.Relation);
                    break;
                case Pg.UpdateStmt update:
                    facts.AddTarget(update.Relation);
                    break;
                case Pg.DeleteStmt delete:
                    facts.AddTarget(delete.Relation);
                    break;
                case Pg.MergeStmt merge:
                    facts.AddTarget(merge.Relation);
                    break;
            }
            return true;
        });
        return facts;
    }

    /// <summary>The relation a RangeVar names; an empty schema is no schema.</summary>
    public static RelationName NameOf(Pg.RangeVar relation) =>
        new(relation.Schemaname is { Length: > 0 } schema ? schema : null, relation.Relname);

    private void AddTarget(Pg.RangeVar? relation)
    {
        if (relation is not null)
        {
            _dmlTargets.Add(NameOf(relation));
        }
    }
}
