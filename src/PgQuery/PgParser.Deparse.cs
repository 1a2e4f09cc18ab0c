using Google.Protobuf;
using HtapRouter.PgQuery.Native;
using HtapRouter.PgQuery.Tree;
using PgQuery;

namespace HtapRouter.PgQuery;

public static partial class PgParser
{
    /// <summary>The parse tree version libpg_query 15 writes into <c>ParseResult.Version</c> (PG_VERSION_NUM).</summary>
    public const int TreeVersion = 150001;

    /// <summary>
    /// Turns the current state of a parse tree back into SQL, statements separated by "; ". The text is
    /// PostgreSQL's canonical spelling (keywords upper case, identifiers quoted only where needed), not the original.
    /// </summary>
    /// <exception cref="ArgumentException">The tree holds something the deparser cannot print.</exception>
    public static string Deparse(PgParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Deparse(result.Tree);
    }

    /// <summary>Turns one statement (e.g. <see cref="PgStatement.Node"/>, possibly built or changed) into SQL.</summary>
    /// <exception cref="ArgumentException">The tree holds something the deparser cannot print.</exception>
    public static string Deparse(Node statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var tree = new ParseResult { Version = TreeVersion };
        tree.Stmts.Add(new RawStmt { Stmt = statement });
        return Deparse(tree);
    }

    /// <summary>Turns a protobuf parse tree (one or more <c>RawStmt</c>s) into SQL.</summary>
    /// <exception cref="ArgumentException">The tree holds something the deparser cannot print.</exception>
    public static string Deparse(ParseResult tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        return DeepStack.Run(PgNodeWalker.MeasureDepth(tree), DeepStack.DeparseBytesPerLevel, tree, static tree => DeparseNative(tree));
    }

    private static unsafe string DeparseNative(ParseResult tree)
    {
        var bytes = tree.ToByteArray();
        fixed (byte* data = bytes)
        {
            var native = PgQueryNative.DeparseProtobuf(new PgQueryNative.Protobuf { Length = (nuint)bytes.Length, Data = data });
            try
            {
                if (native.Error != null)
                {
                    throw new ArgumentException(
                        $"The parse tree cannot be deparsed: {NativeText.ToManaged(native.Error->Message)}", nameof(tree));
                }
                return NativeText.ToManaged(native.Query) ?? string.Empty;
            }
            finally
            {
                PgQueryNative.FreeDeparseResult(native);
            }
        }
    }
}
