using DuckDB.NET.Data;
using HtapRouter.Replicator.Schema;

namespace HtapRouter.Replicator.Apply;

/// <summary>How an existing DuckDB table changes into a new shape: by ALTER statements, or by a rebuild.</summary>
internal static partial class SchemaApplier
{
    /// <summary>A column of the new shape and the existing column its values come from, if any.</summary>
    private sealed record ColumnSource(ReplicatedColumn Column, string? From, string? FromType, bool? FromNotNull);

    /// <summary>The new shape column by column, the columns dropped, and the one rename, if it is a rename.</summary>
    private sealed record ShapePlan(List<ColumnSource> Columns, List<string> Dropped, (string From, string To)? Rename)
    {
        /// <summary>
        /// A column added with a missing value, which older rows must read: DuckDB fills it in only through ADD COLUMN
        /// ... DEFAULT, and then commits no later ALTER of the table in the same transaction.
        /// </summary>
        public bool FillsOlderRows => Columns.Any(c => c.From is null && c.Column.MissingValue is not null);

        /// <summary>Anything beyond a rename, which DuckDB cannot commit after updates or deletes to the table.</summary>
        public bool NeedsRebuild => Dropped.Count > 0 || Columns.Any(c => c.From is null || !SameType(c.FromType!, c.Column.Type.DuckType)
                                                                           || c.FromNotNull != c.Column.NotNull);
    }

    private static ShapePlan Plan(ReplicatedTable table, List<(string Name, string Type, bool NotNull)> existing)
    {
        var wanted = table.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var removed = existing.Where(e => !wanted.Contains(e.Name)).ToList();
        var added = table.Columns.Where(c => existing.All(e => e.Name != c.Name)).ToList();

        // A rename arrives as one column gone and one new at the same place with the same type.
        (string, string)? rename = null;
        if (removed.Count == 1 && added.Count == 1 && existing.IndexOf(removed[0]) == table.Columns.IndexOf(added[0])
            && SameType(removed[0].Type, added[0].Type.DuckType))
        {
            rename = (removed[0].Name, added[0].Name);
            removed.Clear();
        }

        var columns = table.Columns.Select(column =>
        {
            var name = rename is var (from, to) && to == column.Name ? from : column.Name;
            var source = existing.FirstOrDefault(e => e.Name == name);
            return source.Name is null
                ? new ColumnSource(column, null, null, null)
                : new ColumnSource(column, source.Name, source.Type, source.NotNull);
        }).ToList();
        return new ShapePlan(columns, removed.Select(r => r.Name).ToList(), rename);
    }

    private static string? Alter(DuckDBConnection connection, ReplicatedTable table, ShapePlan plan)
    {
        var changes = new List<string>();
        if (plan.Rename is var (from, to))
        {
            Run(connection, changes, $"ALTER TABLE {table.QualifiedName} RENAME COLUMN {ReplicatedTable.Quote(from)} TO {ReplicatedTable.Quote(to)}");
        }

        foreach (var column in plan.Dropped)
        {
            Run(connection, changes, $"ALTER TABLE {table.QualifiedName} DROP COLUMN {ReplicatedTable.Quote(column)}");
        }

        foreach (var source in plan.Columns.Where(c => c.From is null))
        {
            Run(connection, changes, $"ALTER TABLE {table.QualifiedName} ADD COLUMN {ReplicatedTable.Quote(source.Column.Name)} {source.Column.Type.DuckType}");
        }

        foreach (var source in plan.Columns.Where(c => c.From is not null))
        {
            var name = ReplicatedTable.Quote(source.Column.Name);
            if (!SameType(source.FromType!, source.Column.Type.DuckType))
            {
                Run(connection, changes, $"ALTER TABLE {table.QualifiedName} ALTER COLUMN {name} TYPE {source.Column.Type.DuckType}");
            }

            if (source.FromNotNull != source.Column.NotNull)
            {
                Run(connection, changes, $"ALTER TABLE {table.QualifiedName} ALTER COLUMN {name} {(source.Column.NotNull ? "SET" : "DROP")} NOT NULL");
            }
        }

        return changes.Count == 0 ? null : string.Join("; ", changes);
    }

    /// <summary>
    /// Copies the table into a new one of the new shape and puts it in the old one's place, all inside the
    /// current transaction: what DuckDB can commit after the table's rows were updated or deleted.
    /// </summary>
    private static string Rebuild(DuckDBConnection connection, ReplicatedTable table, ShapePlan plan)
    {
        var rebuilt = ReplicatedTable.Quote(table.Name + "__htap_rebuild");
        var schema = ReplicatedTable.Quote(table.DuckSchema);
        var values = string.Join(", ", plan.Columns.Select(c =>
            c.From is null
                ? c.Column.MissingValue is null ? "NULL" : MissingValueLiteral(c.Column)
                : $"CAST({ReplicatedTable.Quote(c.From)} AS {c.Column.Type.DuckType})"));
        ReplicationStateStore.Execute(connection, $"""
            CREATE TABLE {schema}.{rebuilt} ({ColumnDefinitions(table)});
            INSERT INTO {schema}.{rebuilt} SELECT {values} FROM {table.QualifiedName};
            DROP TABLE {table.QualifiedName};
            ALTER TABLE {schema}.{rebuilt} RENAME TO {ReplicatedTable.Quote(table.Name)};
            """);
        return $"rebuilt as ({ColumnDefinitions(table)})";
    }

    /// <summary>The column's missing value (see <see cref="ReplicatedColumn.MissingValue"/>) as a DuckDB literal of its type.</summary>
    private static string MissingValueLiteral(ReplicatedColumn column) => ValueConverter.Convert(column.Type, column.MissingValue) switch
    {
        byte[] bytes => $"from_hex('{Convert.ToHexString(bytes)}')",
        var value => column.Type.ParameterExpression($"'{Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!.Replace("'", "''", StringComparison.Ordinal)}'"),
    };
}
