using HtapRouter.PgQuery.Native;

namespace HtapRouter.PgQuery;

public static partial class PgParser
{
    /// <summary>
    /// Replaces the constants in SQL text with $n parameters, keeping everything else as written, the way
    /// pg_stat_statements shows queries.
    /// </summary>
    /// <exception cref="PgSqlSyntaxException">The text is not valid PostgreSQL 15 SQL.</exception>
    public static string Normalize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        using var text = NativeText.From(sql);
        return DeepStack.Run(
            ParseDepthBound.Of(text.Bytes), DeepStack.NativeBytesPerLevel, text, static text => NormalizeNative(text));
    }

    private static unsafe string NormalizeNative(NativeText text)
    {
        fixed (byte* input = text.Buffer)
        {
            var native = PgQueryNative.Normalize(input);
            try
            {
                if (native.Error != null)
                {
                    throw NativeErrors.ToException(native.Error);
                }
                return NativeText.ToManaged(native.NormalizedQuery) ?? string.Empty;
            }
            finally
            {
                PgQueryNative.FreeNormalizeResult(native);
            }
        }
    }

    /// <summary>
    /// libpg_query's fingerprint: equal for statements that differ only in constants, whitespace, comments or the
    /// order of some lists, so it identifies a query shape.
    /// </summary>
    /// <exception cref="PgSqlSyntaxException">The text is not valid PostgreSQL 15 SQL.</exception>
    public static ulong Fingerprint(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        using var text = NativeText.From(sql);
        return DeepStack.Run(
            ParseDepthBound.Of(text.Bytes), DeepStack.NativeBytesPerLevel, text, static text => FingerprintNative(text));
    }

    private static unsafe ulong FingerprintNative(NativeText text)
    {
        fixed (byte* input = text.Buffer)
        {
            var native = PgQueryNative.Fingerprint(input);
            try
            {
                if (native.Error != null)
                {
                    throw NativeErrors.ToException(native.Error);
                }
                return native.Fingerprint;
            }
            finally
            {
                PgQueryNative.FreeFingerprintResult(native);
            }
        }
    }
}
