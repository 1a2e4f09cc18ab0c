using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using HtapRouter.PgQuery.Native;
using PgQuery;

namespace HtapRouter.PgQuery;

/// <summary>
/// PostgreSQL 15's own parser (libpg_query). Safe to call from any number of threads at once: libpg_query keeps its
/// memory per thread.
/// </summary>
public static partial class PgParser
{
    /// <summary>
    /// Parses SQL text (one or more statements) into its raw parse tree.
    /// </summary>
    /// <exception cref="PgSqlSyntaxException">The text is not valid PostgreSQL 15 SQL.</exception>
    public static PgParseResult Parse(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return ParseCore(sql, out var error) ?? throw error!;
    }

    /// <summary>Parses SQL text; on a syntax error returns false.</summary>
    public static bool TryParse(string sql, [NotNullWhen(true)] out PgParseResult? result) =>
        TryParse(sql, out result, out _);

    /// <summary>Parses SQL text; on a syntax error returns false and the error PostgreSQL would report.</summary>
    public static bool TryParse(
        string sql, [NotNullWhen(true)] out PgParseResult? result, [NotNullWhen(false)] out PgSqlSyntaxException? error)
    {
        ArgumentNullException.ThrowIfNull(sql);
        result = ParseCore(sql, out error);
        return result is not null;
    }

    private static PgParseResult? ParseCore(string sql, out PgSqlSyntaxException? error)
    {
        using var text = NativeText.From(sql);
        ParseResult? tree;
        try
        {
            (tree, error) = DeepStack.Run(
                ParseDepthBound.Of(text.Bytes), DeepStack.ParseBytesPerLevel, text, static text => ParseNative(text));
        }
        catch (PgSqlSyntaxException tooDeep)
        {
            // 54001 from DeepStack: the text is refused like a syntax error, so TryParse reports it the same way.
            (tree, error) = (null, tooDeep);
        }
        return tree is null ? null : new PgParseResult(sql, tree, StatementSlicer.Slice(sql, text, tree));
    }

    private static unsafe (ParseResult? Tree, PgSqlSyntaxException? Error) ParseNative(NativeText text)
    {
        fixed (byte* input = text.Buffer)
        {
            var native = PgQueryNative.ParseProtobuf(input);
            try
            {
                if (native.Error != null)
                {
                    return (null, NativeErrors.ToException(native.Error));
                }
                using var bytes = new UnmanagedMemoryStream(native.ParseTree.Data, checked((long)native.ParseTree.Length));
                // Protobuf's default nesting limit of 100 is a few dozen SQL levels; the stack is sized for the tree.
                var coded = CodedInputStream.CreateWithLimits(bytes, int.MaxValue, int.MaxValue);
                return (ParseResult.Parser.ParseFrom(coded), null);
            }
            finally
            {
                PgQueryNative.FreeProtobufParseResult(native);
            }
        }
    }
}
