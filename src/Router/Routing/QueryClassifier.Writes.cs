using HtapRouter.PgQuery.Tree;
using Pg = global::PgQuery;
using Case = global::PgQuery.Node.NodeOneofCase;

namespace HtapRouter.Router.Routing;

public sealed partial class QueryClassifier
{
    /// <summary>
    /// A statement for the primary: what it writes (for dml_adaptive), which temporary objects it creates and which
    /// relations it drops (for the session's <see cref="TemporaryTableSet"/>). <paramref name="facts"/> are the
    /// statement's when already collected; <paramref name="into"/> is the table SELECT ... INTO creates.
    /// </summary>
    private static QueryClass WriteClass(
        Pg.Node node, PgStatementKind kind, PrimaryReason reason, StatementFacts? facts = null, Pg.RangeVar? into = null)
    {
        var created = CreatedRelation(node) ?? into;
        var dropped = DroppedRelations(node);
        var written = new List<RelationName>();
        if (kind is PgStatementKind.Utility or PgStatementKind.Lock or PgStatementKind.CreateTableAs)
        {
            // DDL, TRUNCATE, LOCK ...: every relation the statement names, erring towards the primary for dml_adaptive.
            written.AddRange(ReadRelationsOf(node));
        }
        else
        {
            written.AddRange((facts ?? StatementFacts.Collect(node, functions: null)).DmlTargets);
            if (node.CopyStmt is { IsFrom: true, Relation: { } copied })
            {
                written.Add(StatementFacts.NameOf(copied));
            }
        }
        if (created is not null)
        {
            written.Add(StatementFacts.NameOf(created));
        }
        written.AddRange(dropped);
        var relations = ReadRelationsOf(node);
        return new QueryClass
        {
            Kind = QueryKind.Write,
            Target = QueryTarget.Primary,
            Reason = reason,
            IsWrite = true,
            StatementKind = kind,
            ReadRelations = relations,
            ReadsSystemCatalog = relations.Any(relation => relation.IsSystemCatalog),
            WrittenTables = Distinct(written),
            CreatedTemporaryTables = created is not null && IsTemporary(created) ? [created.Relname] : [],
            DroppedRelations = dropped,
        };
    }

    /// <summary>The relation a CREATE of a table, table-as, view or sequence makes; null for other statements.</summary>
    private static Pg.RangeVar? CreatedRelation(Pg.Node node) => node.NodeCase switch
    {
        Case.CreateStmt => node.CreateStmt.Relation,
        Case.CreateTableAsStmt => node.CreateTableAsStmt.Into?.Rel,
        Case.ViewStmt => node.ViewStmt.View,
        Case.CreateSeqStmt => node.CreateSeqStmt.Sequence,
        _ => null,
    };

    private static bool IsTemporary(Pg.RangeVar relation) =>
        relation.Relpersistence == "t" || relation.Schemaname == RelationName.TemporarySchema;

    /// <summary>The tables, views and sequences a DROP names (its objects are name lists, not RangeVars).</summary>
    private static RelationName[] DroppedRelations(Pg.Node node)
    {
        if (node.DropStmt is not { } drop || drop.RemoveType is not (Pg.ObjectType.ObjectTable or Pg.ObjectType.ObjectView
            or Pg.ObjectType.ObjectMatview or Pg.ObjectType.ObjectSequence or Pg.ObjectType.ObjectForeignTable))
        {
            return [];
        }
        var dropped = new List<RelationName>(drop.Objects.Count);
        foreach (var item in drop.Objects)
        {
            if (item.List is { } names && names.Items.Count > 0)
            {
                var parts = names.Items;
                dropped.Add(new RelationName(parts.Count >= 2 ? parts[^2].String.Sval : null, parts[^1].String.Sval));
            }
        }
        return [.. dropped];
    }
}
