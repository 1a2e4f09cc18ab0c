using System.Text;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>The command name PostgreSQL puts in a statement's tag and its read-only errors ("CREATE TABLE", ...).</summary>
internal static class CommandNames
{
    public static string Of(Pg.Node statement) => statement.NodeCase switch
    {
        Pg.Node.NodeOneofCase.CreateStmt => "CREATE TABLE",
        Pg.Node.NodeOneofCase.AlterTableStmt => $"ALTER {ObjectName(statement.AlterTableStmt.Objtype)}",
        Pg.Node.NodeOneofCase.DropStmt => $"DROP {ObjectName(statement.DropStmt.RemoveType)}",
        Pg.Node.NodeOneofCase.RenameStmt => $"ALTER {ObjectName(statement.RenameStmt.RenameType)}",
        Pg.Node.NodeOneofCase.IndexStmt => "CREATE INDEX",
        Pg.Node.NodeOneofCase.ViewStmt => "CREATE VIEW",
        Pg.Node.NodeOneofCase.TruncateStmt => "TRUNCATE TABLE",
        Pg.Node.NodeOneofCase.GrantStmt => statement.GrantStmt.IsGrant ? "GRANT" : "REVOKE",
        Pg.Node.NodeOneofCase.GrantRoleStmt => statement.GrantRoleStmt.IsGrant ? "GRANT ROLE" : "REVOKE ROLE",
        Pg.Node.NodeOneofCase.CreateSchemaStmt => "CREATE SCHEMA",
        Pg.Node.NodeOneofCase.CreateSeqStmt => "CREATE SEQUENCE",
        Pg.Node.NodeOneofCase.AlterSeqStmt => "ALTER SEQUENCE",
        Pg.Node.NodeOneofCase.CreateFunctionStmt => statement.CreateFunctionStmt.IsProcedure ? "CREATE PROCEDURE" : "CREATE FUNCTION",
        Pg.Node.NodeOneofCase.CommentStmt => "COMMENT",
        Pg.Node.NodeOneofCase.CreatedbStmt => "CREATE DATABASE",
        Pg.Node.NodeOneofCase.DropdbStmt => "DROP DATABASE",
        Pg.Node.NodeOneofCase.CreateRoleStmt => "CREATE ROLE",
        Pg.Node.NodeOneofCase.AlterRoleStmt => "ALTER ROLE",
        Pg.Node.NodeOneofCase.DropRoleStmt => "DROP ROLE",
        Pg.Node.NodeOneofCase.CreateExtensionStmt => "CREATE EXTENSION",
        Pg.Node.NodeOneofCase.RefreshMatViewStmt => "REFRESH MATERIALIZED VIEW",
        Pg.Node.NodeOneofCase.CreateTrigStmt => "CREATE TRIGGER",
        Pg.Node.NodeOneofCase.CreateEnumStmt => "CREATE TYPE",
        Pg.Node.NodeOneofCase.CompositeTypeStmt => "CREATE TYPE",
        Pg.Node.NodeOneofCase.CreateDomainStmt => "CREATE DOMAIN",
        Pg.Node.NodeOneofCase.ClusterStmt => "CLUSTER",
        Pg.Node.NodeOneofCase.ReindexStmt => "REINDEX",
        Pg.Node.NodeOneofCase.CallStmt => "CALL",
        Pg.Node.NodeOneofCase.DoStmt => "DO",
        Pg.Node.NodeOneofCase.CopyStmt => statement.CopyStmt.IsFrom ? "COPY FROM" : "COPY",
        Pg.Node.NodeOneofCase.PrepareStmt => "PREPARE",
        Pg.Node.NodeOneofCase.ExecuteStmt => "EXECUTE",
        Pg.Node.NodeOneofCase.DeclareCursorStmt => "DECLARE CURSOR",
        Pg.Node.NodeOneofCase.FetchStmt => statement.FetchStmt.Ismove ? "MOVE" : "FETCH",
        Pg.Node.NodeOneofCase.ClosePortalStmt => "CLOSE CURSOR",
        _ => FromNodeName(statement.NodeCase.ToString()),
    };

    private static string ObjectName(Pg.ObjectType type) => type switch
    {
        Pg.ObjectType.ObjectTable => "TABLE",
        Pg.ObjectType.ObjectIndex => "INDEX",
        Pg.ObjectType.ObjectView => "VIEW",
        Pg.ObjectType.ObjectMatview => "MATERIALIZED VIEW",
        Pg.ObjectType.ObjectSequence => "SEQUENCE",
        Pg.ObjectType.ObjectSchema => "SCHEMA",
        Pg.ObjectType.ObjectFunction => "FUNCTION",
        Pg.ObjectType.ObjectType => "TYPE",
        Pg.ObjectType.ObjectColumn => "TABLE",
        Pg.ObjectType.ObjectDatabase => "DATABASE",
        Pg.ObjectType.ObjectRole => "ROLE",
        Pg.ObjectType.ObjectExtension => "EXTENSION",
        Pg.ObjectType.ObjectForeignTable => "FOREIGN TABLE",
        _ => FromNodeName(type.ToString().Replace("Object", "", StringComparison.Ordinal)),
    };

    /// <summary>"CreatePublicationStmt" becomes "CREATE PUBLICATION".</summary>
    private static string FromNodeName(string name)
    {
        var bare = name.EndsWith("Stmt", StringComparison.Ordinal) ? name[..^4] : name;
        var words = new StringBuilder();
        foreach (var c in bare)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(char.ToUpperInvariant(c));
        }

        return words.ToString();
    }
}
