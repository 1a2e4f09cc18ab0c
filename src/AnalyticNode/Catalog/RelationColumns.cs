using System.Collections.Frozen;
using System.Globalization;
using HtapRouter.AnalyticNode.Engine;
using HtapRouter.Replicator;

namespace HtapRouter.AnalyticNode.Catalog;

/// <summary>A table column as PostgreSQL types it: pg_attribute's atttypid and atttypmod.</summary>
internal readonly record struct ColumnType(string Name, uint TypeOid, int Typmod);

/// <summary>
/// The PostgreSQL types of the served file's table columns (the catalog's pg_attribute, so the replicator's recorded
/// types, character(n) among them), for the planner to type what DuckDB cannot: padded char(n) output, EXTRACT's scale.
/// Only the replicator changes tables, and it counts each such change it commits (<see cref="ReplicationProgress.SchemaVersion"/>),
/// so the snapshot is read again when that count has moved since it was read, not for every applied change or
/// keepalive (a read takes milliseconds, which every query would pay); readers on other threads see the old or the new
/// snapshot whole.
/// </summary>
internal sealed class RelationColumns
{
    private const string Query = $"""
        SELECT schema_name, table_name, column_name, atttypid, atttypmod
        FROM {PgCatalog.Database}.{PgCatalog.Schema}.htap_col ORDER BY schema_name, table_name, column_index
        """;

    private readonly ReplicationProgress _progress;
    private readonly Lock _refresh = new();
    private volatile Snapshot _snapshot = new(FrozenDictionary<(string, string), ColumnType[]>.Empty, -1);
    private DuckDbDatabase? _database;

    public RelationColumns(ReplicationProgress progress) => _progress = progress;

    /// <summary>Reads the columns of <paramref name="database"/>, whose catalog is installed; again when it has changed.</summary>
    public void Load(DuckDbDatabase database)
    {
        _database = database;
        lock (_refresh)
        {
            _snapshot = Read(database, _progress.SchemaVersion);
        }
    }

    /// <summary>A table's columns in order; <paramref name="schema"/> as DuckDB names it (public is main).</summary>
    public bool TryGet(string schema, string table, out ColumnType[] columns)
    {
        var snapshot = Current();
        return snapshot.Tables.TryGetValue((schema, table), out columns!);
    }

    private Snapshot Current()
    {
        var snapshot = _snapshot;
        var version = _progress.SchemaVersion;
        if (snapshot.Version == version || _database is not { } database)
        {
            return snapshot;
        }

        lock (_refresh)
        {
            if (_snapshot.Version != version)
            {
                try
                {
                    // The version is taken before the read: a change committed meanwhile moves it again, and the next call reads again.
                    _snapshot = Read(database, version);
                }
                catch (Exception e) when (e is DuckDB.NET.Data.DuckDBException or InvalidOperationException or ObjectDisposedException)
                {
                    // The database is closing; the last snapshot serves until the next try.
                }
            }

            return _snapshot;
        }
    }

    private static Snapshot Read(DuckDbDatabase database, long version)
    {
        var tables = new Dictionary<(string, string), List<ColumnType>>();
        using var connection = database.CreateConnection();
        using var command = connection.CreateCommand();
        command.CommandText = Query;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var key = (reader.GetString(0), reader.GetString(1));
            if (!tables.TryGetValue(key, out var columns))
            {
                tables[key] = columns = [];
            }

            columns.Add(new ColumnType(reader.GetString(2), Convert.ToUInt32(reader.GetValue(3), CultureInfo.InvariantCulture),
                Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture)));
        }

        return new Snapshot(tables.ToFrozenDictionary(t => t.Key, t => t.Value.ToArray()), version);
    }

    private sealed record Snapshot(FrozenDictionary<(string Schema, string Table), ColumnType[]> Tables, long Version);
}
