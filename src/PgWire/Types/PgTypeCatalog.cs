using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace HtapRouter.PgWire.Types;

/// <summary>
/// The built-in types HtapRouter knows, looked up by OID or by any name SQL accepts for them.
/// Immutable and safe to share between threads.
/// </summary>
public static partial class PgTypeCatalog
{
    private static readonly FrozenDictionary<uint, PgTypeInfo> s_byOid =
        CreateTypes().ToFrozenDictionary(t => t.Oid);

    private static readonly FrozenDictionary<string, uint> s_byName = BuildNameIndex();

    private static readonly FrozenDictionary<string, uint>.AlternateLookup<ReadOnlySpan<char>> s_byNameSpan =
        s_byName.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>All known types, scalar and array.</summary>
    public static IReadOnlyCollection<PgTypeInfo> All => s_byOid.Values;

    public static bool TryGetByOid(uint oid, [NotNullWhen(true)] out PgTypeInfo? info) =>
        s_byOid.TryGetValue(oid, out info);

    /// <summary>
    /// Finds a type by typname ("int4", "_text"), SQL spelling ("integer", "double precision",
    /// "character varying", "\"char\"") or either followed by "[]". Unquoted names are case-insensitive
    /// and runs of white space count as one space, as in SQL.
    /// </summary>
    public static bool TryGetByName(ReadOnlySpan<char> name, [NotNullWhen(true)] out PgTypeInfo? info)
    {
        info = null;
        name = name.Trim();
        var isArray = name.EndsWith("[]", StringComparison.Ordinal);
        if (isArray)
        {
            name = name[..^2].TrimEnd();
        }

        if (name.IsEmpty || name.Length > 64)
        {
            return false;
        }

        Span<char> key = stackalloc char[name.Length];
        var keyLength = NormalizeName(name, key);
        if (!s_byNameSpan.TryGetValue(key[..keyLength], out var oid) || !s_byOid.TryGetValue(oid, out info))
        {
            return false;
        }

        if (isArray)
        {
            return info.ArrayOid != 0 && s_byOid.TryGetValue(info.ArrayOid, out info);
        }

        return true;
    }

    /// <summary>Folds case outside double quotes and collapses white space, as the SQL lexer would.</summary>
    private static int NormalizeName(ReadOnlySpan<char> name, Span<char> destination)
    {
        var length = 0;
        var quoted = false;
        var pendingSpace = false;
        foreach (var c in name)
        {
            if (!quoted && char.IsWhiteSpace(c))
            {
                pendingSpace = length > 0;
                continue;
            }

            if (pendingSpace)
            {
                destination[length++] = ' ';
                pendingSpace = false;
            }

            quoted ^= c == '"';
            destination[length++] = quoted ? c : char.ToLowerInvariant(c);
        }

        return length;
    }

    private static FrozenDictionary<string, uint> BuildNameIndex()
    {
        var names = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var type in s_byOid.Values)
        {
            names[type.Name] = type.Oid;
        }

        // "char" without quotes is SQL's character(1); the one-byte internal type needs quotes.
        names["char"] = PgTypeOid.BpChar;
        names["\"char\""] = PgTypeOid.Char;
        foreach (var (alias, oid) in SqlAliases())
        {
            names[alias] = oid;
        }

        return names.ToFrozenDictionary(StringComparer.Ordinal);
    }

    // Spellings from PostgreSQL's grammar (gram.y SimpleTypename) and format_type() output.
    private static (string Alias, uint Oid)[] SqlAliases() =>
    [
        ("boolean", PgTypeOid.Bool),
        ("smallint", PgTypeOid.Int2),
        ("int", PgTypeOid.Int4),
        ("integer", PgTypeOid.Int4),
        ("bigint", PgTypeOid.Int8),
        ("real", PgTypeOid.Float4),
        ("float", PgTypeOid.Float8),
        ("double precision", PgTypeOid.Float8),
        ("decimal", PgTypeOid.Numeric),
        ("dec", PgTypeOid.Numeric),
        ("character", PgTypeOid.BpChar),
        ("character varying", PgTypeOid.Varchar),
        ("char varying", PgTypeOid.Varchar),
        ("bit varying", PgTypeOid.VarBit),
        ("\"bit\"", PgTypeOid.Bit),
        ("time without time zone", PgTypeOid.Time),
        ("time with time zone", PgTypeOid.TimeTz),
        ("timestamp without time zone", PgTypeOid.Timestamp),
        ("timestamp with time zone", PgTypeOid.TimestampTz),
    ];
}
