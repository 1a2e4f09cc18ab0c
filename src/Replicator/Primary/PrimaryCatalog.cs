using System.Collections.Concurrent;
using System.Collections.Immutable;
using HtapRouter.Replicator.Schema;
using Npgsql;

namespace HtapRouter.Replicator.Primary;

/// <summary>
/// Looks up on the primary what a Relation message leaves out: what a non-built-in type is (enum, domain,
/// array of either), and for the initial copy, a table's columns and replica identity. Types are cached.
/// </summary>
internal sealed class PrimaryCatalog
{
    /// <summary>What the primary's catalog says of a Relation message's column (see <see cref="MatchColumns"/>).</summary>
    /// <param name="NotNull">NOT NULL on the primary.</param>
    /// <param name="MissingValue">The value rows older than the column read for it, or null (see <see cref="ReplicatedColumn.MissingValue"/>).</param>
    /// <param name="OlderRowsUnknown">
    /// Rows older than the column may hold a value for it that the catalog no longer shows: only a copy of the table
    /// can tell.
    /// </param>
    /// <param name="Default">The column's default as pg_get_expr prints it (see <see cref="ReplicatedColumn.Default"/>).</param>
    internal readonly record struct ColumnFacts(bool NotNull, string? MissingValue, bool OlderRowsUnknown = false, string? Default = null);


    private readonly ConcurrentDictionary<(uint, int), ColumnType> _types = new();
    private readonly Action<uint, string> _onUnmapped;

    /// <param name="onUnmapped">Told of each type stored as text for want of a DuckDB type.</param>
    public PrimaryCatalog(Action<uint, string> onUnmapped) => _onUnmapped = onUnmapped;

    public async Task<ColumnType> MapAsync(NpgsqlConnection connection, uint typeOid, int typeModifier, CancellationToken cancellationToken)
    {
        if (PgDuckTypes.MapBuiltIn(typeOid, typeModifier) is { } builtIn)
        {
            return builtIn;
        }

        if (_types.TryGetValue((typeOid, typeModifier), out var cached))
        {
            return cached;
        }

        await using var command = new NpgsqlCommand(
            "SELECT typtype::text, typbasetype, typelem, typname, typcategory = 'A' FROM pg_type t WHERE oid = $1",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = typeOid, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        ColumnType mapped;
        if (!await reader.ReadAsync(cancellationToken))
        {
            mapped = new ColumnType("VARCHAR");
        }
        else
        {
            var kind = reader.GetString(0);
            var baseType = (uint)reader.GetFieldValue<uint>(1);
            var element = (uint)reader.GetFieldValue<uint>(2);
            var name = reader.GetString(3);
            var isArray = reader.GetBoolean(4);
            await reader.DisposeAsync();
            mapped = kind switch
            {
                "e" => new ColumnType("VARCHAR"),
                "d" => await MapAsync(connection, baseType, typeModifier, cancellationToken),
                _ when isArray =>
                    ColumnType.ArrayOf(await MapAsync(connection, element, typeModifier, cancellationToken)) ?? Unmapped(typeOid, name),
                _ => Unmapped(typeOid, name),
            };
        }

        _types[(typeOid, typeModifier)] = mapped;
        return mapped;
    }

    /// <summary>A published table's shape as the initial copy sees it, with its replica identity.</summary>
    public async Task<ReplicatedTable> LoadTableAsync(NpgsqlConnection connection, uint relationId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT n.nspname, c.relname, c.relreplident::text, a.attname, a.atttypid, a.atttypmod,
                   COALESCE(a.attnum = ANY (i.indkey), false), a.attnotnull, pg_get_expr(d.adbin, d.adrelid)
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
            LEFT JOIN pg_index i ON i.indrelid = c.oid
                 AND ((c.relreplident = 'd' AND i.indisprimary) OR (c.relreplident = 'i' AND i.indisreplident))
            LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
            WHERE c.oid = $1
            ORDER BY a.attnum
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = relationId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
        var rows = new List<(string Schema, string Table, string Identity, string Column, uint Type, int Modifier, bool Key, bool NotNull, string? Default)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetFieldValue<uint>(4), reader.GetInt32(5), reader.GetBoolean(6), reader.GetBoolean(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
            }
        }

        var columns = ImmutableArray.CreateBuilder<ReplicatedColumn>(rows.Count);
        foreach (var row in rows)
        {
            columns.Add(new ReplicatedColumn(row.Column, row.Type, row.Modifier, row.Key,
                await MapAsync(connection, row.Type, row.Modifier, cancellationToken), row.NotNull) { Default = row.Default });
        }

        return new ReplicatedTable(relationId, rows[0].Schema, rows[0].Table, columns.MoveToImmutable(), IdentityFull: rows[0].Identity == "f")
        {
            Keys = await KeysAsync(connection, relationId, cancellationToken),
        };
    }

    /// <summary>The primary key and unique constraints of a relation, as its catalog has them now; none for a relation dropped since.</summary>
    public static async Task<ImmutableArray<TableKey>> KeysAsync(NpgsqlConnection connection, uint relationId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT c.conname, c.contype::text, array_agg(a.attname::text ORDER BY k.position)
            FROM pg_constraint c
            CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, position)
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
            WHERE c.conrelid = $1 AND c.contype IN ('p', 'u')
            GROUP BY c.conname, c.contype
            ORDER BY c.contype, c.conname
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = relationId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
        var keys = ImmutableArray.CreateBuilder<TableKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new TableKey(reader.GetString(0), reader.GetString(1)[0], [.. reader.GetFieldValue<string[]>(2)]));
        }

        return keys.ToImmutable();
    }

    /// <summary>
    /// What Relation messages leave out about a relation's columns: NOT NULL, the missing value (see
    /// <see cref="ReplicatedColumn.MissingValue"/>) as text, and whether older rows may hold a value the catalog no
    /// longer shows, one per name in <paramref name="columns"/> (the message's columns), as the primary's catalog has
    /// them now (see <see cref="MatchColumns"/>).
    /// </summary>
    public static async Task<ColumnFacts[]> ColumnFactsAsync(NpgsqlConnection connection, uint relationId,
        IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT a.attname, a.attisdropped, a.attnotnull,
                   CASE WHEN a.atthasmissing AND NOT a.attisdropped THEN (a.attmissingval::text::text[])[1] END,
                   NOT a.attisdropped AND (a.atthasdef OR a.attidentity <> '' OR t.typdefaultbin IS NOT NULL),
                   pg_get_expr(d.adbin, d.adrelid)
            FROM pg_attribute a LEFT JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = $1 AND a.attnum > 0 AND a.attgenerated = '' ORDER BY a.attnum
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = relationId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
        var attributes = new List<CatalogColumn>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                attributes.Add(new CatalogColumn(reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetBoolean(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
        }

        return MatchColumns(columns, attributes);
    }

    /// <summary>
    /// A column in pg_attribute now, in attnum order, dropped ones included. <paramref name="MayFillOlderRows"/>: it
    /// has a default, is an identity column or is of a domain with a default, so adding it may have
    /// given the rows already there a value; with no missing value recorded, that value is written in the rows
    /// (by a volatile default's rewrite, or a later one that cleared the missing value), where no catalog shows it.
    /// </summary>
    internal readonly record struct CatalogColumn(string Name, bool Dropped, bool NotNull, string? MissingValue, bool MayFillOlderRows = false,
        string? Default = null);

    /// <summary>
    /// Finds each of a Relation message's <paramref name="columns"/> among the catalog's <paramref name="attributes"/>
    /// (in attnum order), which may be ahead of the message: columns renamed, dropped or added since.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A column is found by its name first. A column renamed since has lost it, yet older rows still read its
    /// missing value: losing that would leave them NULL on the node. So a run of columns not found by name is paired,
    /// in order, with the live columns not found by name at the same place (between the columns found either side of
    /// it), when both runs are equally long and nothing dropped lies there. That is exact: a message's columns are
    /// the live ones of its time in attnum order, a column added since has a higher attnum than every one of them
    /// (so it lies after the last, where it makes the runs unequal), and one dropped since is still in the catalog,
    /// marked dropped.
    /// </para>
    /// <para>
    /// Anything else is unknown: a column dropped since (which clears its missing value), or not found for certain.
    /// So is a column found without a missing value that may have filled older rows (see
    /// <see cref="CatalogColumn.MayFillOlderRows"/>). A relation the catalog no longer has (dropped since) leaves
    /// nothing to ask: its columns are taken as nullable, without a missing value.
    /// </para>
    /// </remarks>
    internal static ColumnFacts[] MatchColumns(IReadOnlyList<string> columns, IReadOnlyList<CatalogColumn> attributes)
    {
        var liveByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var a = 0; a < attributes.Count; a++)
        {
            if (!attributes[a].Dropped)
            {
                liveByName[attributes[a].Name] = a;
            }
        }

        // Names found in attnum order anchor the columns; one found out of order (names swapped since) does not.
        var matched = new int[columns.Count];
        var previous = -1;
        for (var k = 0; k < columns.Count; k++)
        {
            matched[k] = liveByName.TryGetValue(columns[k], out var a) && a > previous ? previous = a : -1;
        }

        for (var k = 0; k < columns.Count;)
        {
            if (matched[k] >= 0)
            {
                k++;
                continue;
            }

            var first = k;
            while (k < columns.Count && matched[k] < 0)
            {
                k++;
            }

            var low = first == 0 ? -1 : matched[first - 1];
            var high = k == columns.Count ? attributes.Count : matched[k];
            if (high - low - 1 == k - first && Enumerable.Range(low + 1, k - first).All(a => !attributes[a].Dropped))
            {
                for (var i = first; i < k; i++)
                {
                    matched[i] = low + 1 + (i - first);
                }
            }
        }

        var facts = new ColumnFacts[columns.Count];
        for (var k = 0; k < columns.Count; k++)
        {
            if (matched[k] < 0)
            {
                facts[k] = new ColumnFacts(false, null, OlderRowsUnknown: attributes.Count > 0);
                continue;
            }

            var column = attributes[matched[k]];
            facts[k] = new ColumnFacts(column.NotNull, column.MissingValue, OlderRowsUnknown: column.MissingValue is null && column.MayFillOlderRows,
                column.Default);
        }

        return facts;
    }

    /// <summary>The tables a publication publishes now (roots only, under publish_via_partition_root).</summary>
    public static async Task<List<(uint RelationId, string Schema, string Table)>> PublishedTablesAsync(NpgsqlConnection connection,
        string publication, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT c.oid, p.schemaname, p.tablename
            FROM pg_publication_tables p
            JOIN pg_namespace n ON n.nspname = p.schemaname
            JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = p.tablename
            WHERE p.pubname = $1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = publication });
        var tables = new List<(uint, string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add((reader.GetFieldValue<uint>(0), reader.GetString(1), reader.GetString(2)));
        }

        return tables;
    }

    private ColumnType Unmapped(uint typeOid, string name)
    {
        _onUnmapped(typeOid, name);
        return new ColumnType("VARCHAR");
    }
}
