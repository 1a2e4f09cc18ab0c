using HtapRouter.AnalyticNode.Engine;
using HtapRouter.PgWire.Protocol;
using Microsoft.Extensions.Logging;

namespace HtapRouter.AnalyticNode.Catalog;

/// <summary>
/// Installs the PostgreSQL-shaped catalog in a DuckDB database when it opens: attaches an in-memory database
/// and creates pg_catalog's and information_schema's relations and functions there as views, tables and macros
/// over DuckDB's own metadata. The views are evaluated when queried, so objects created later show up.
/// </summary>
internal sealed partial class PgCatalogInstaller
{
    private const string Attach = $"ATTACH ':memory:' AS {PgCatalog.Database}";

    private readonly CatalogContents _contents;
    private readonly RelationColumns _columns;
    private readonly ILogger<PgCatalogInstaller> _logger;

    public PgCatalogInstaller(CatalogContents contents, RelationColumns columns, ILogger<PgCatalogInstaller> logger)
    {
        _contents = contents;
        _columns = columns;
        _logger = logger;
    }

    /// <summary>Installs the catalog; once per opened database.</summary>
    public void Install(DuckDbDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        using (var connection = database.CreateConnection())
        {
            NumericDivision.Register(connection);
            NumericArithmetic.Register(connection);
            NumericAggregates.Register(connection);
            NumericVariance.Register(connection);
            IntervalArithmetic.Register(connection);
            IntervalJustify.Register(connection);
            InetFunctions.Register(connection);
            NumberFormats.Register(connection);
            JsonFunctions.Register(connection);
        }

        using var session = database.OpenSession();
        session.ExecuteNonQuery(Attach);
        session.ExecuteNonQuery($"CREATE SCHEMA {PgCatalog.Database}.{PgCatalog.InformationSchema}");
        InstallColumnTypes(database, session, database.Options.Path);

        string[][] pgCatalog =
        [
            CatalogSql.Identity, CatalogSql.BasicFunctions, CatalogSql.ExpressionFunctions, CatalogSql.Relations, CatalogSql.Types(), CatalogSql.Columns,
            CatalogSql.Cluster, CatalogSql.EmptyCatalogs, CatalogSql.Functions,
        ];
        var relations = new List<string>();
        var functions = new List<string>();
        foreach (var sql in pgCatalog.SelectMany(script => script))
        {
            var (kind, name) = Run(session, sql);
            if (name.StartsWith("htap_", StringComparison.Ordinal))
            {
                continue;
            }

            (kind == "MACRO" ? functions : relations).Add(name);
        }

        var views = new List<string>();
        foreach (var sql in CatalogSql.InformationSchema)
        {
            views.Add(Run(session, sql).Name);
        }

        _contents.Set(relations, views, functions);
        if (!database.Options.ReadOnly)
        {
            PaddedCharMigration.Run(database);
        }

        _columns.Load(database);
        LogInstalled(relations.Count, views.Count, functions.Count);
    }

    /// <summary>
    /// Sets what the catalog shows of a session: the database and user it connected as. Call once per DuckDB
    /// session before the client's first query.
    /// </summary>
    public static void BindSession(DuckDbSession session, string database, string user)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.ExecuteNonQuery($"SET VARIABLE {PgCatalog.DatabaseVariable} = {Quote(database)}");
        session.ExecuteNonQuery($"SET VARIABLE {PgCatalog.UserVariable} = {Quote(user)}");
    }

    /// <summary>
    /// What the replicator records of the primary's tables, when the served file has it: column types
    /// (htap_column_type) and primary key and unique constraints (htap_table_key); else empty tables of the same shape.
    /// </summary>
    private void InstallColumnTypes(DuckDbDatabase database, DuckDbSession session, string path)
    {
        if (!database.Options.ReadOnly)
        {
            using var connection = database.CreateConnection();
            HtapRouter.Replicator.Apply.ReplicationStateStore.EnsureCreated(connection);
        }

        var metadata = $"\"{Path.GetFileNameWithoutExtension(path).Replace("\"", "\"\"", StringComparison.Ordinal)}\".{PgCatalog.MetadataSchema}";
        // A file opened read-only may be older than the default_expr column.
        const string ColumnTypes = "schema_name, table_name, column_name, CAST(type_oid AS BIGINT) AS type_oid, CAST(typmod AS INTEGER) AS typmod";
        if (InstallRecorded(session, "htap_column_type",
            [$"SELECT {ColumnTypes}, default_expr FROM {metadata}.column_types", $"SELECT {ColumnTypes}, NULL::VARCHAR AS default_expr FROM {metadata}.column_types"],
            "schema_name VARCHAR, table_name VARCHAR, column_name VARCHAR, type_oid BIGINT, typmod INTEGER, default_expr VARCHAR"))
        {
            LogColumnTypesFound(PgCatalog.MetadataSchema);
        }

        InstallRecorded(session, "htap_table_key",
            [$"""
            SELECT schema_name, table_name, constraint_name, constraint_type, list(column_name ORDER BY position) AS column_names
            FROM {metadata}.table_keys GROUP BY ALL
            """],
            "schema_name VARCHAR, table_name VARCHAR, constraint_name VARCHAR, constraint_type VARCHAR, column_names VARCHAR[]");
    }

    /// <summary>
    /// A catalog view <paramref name="name"/> over the file's htap_meta, as the first of <paramref name="selects"/> the
    /// file can answer, or an empty table of <paramref name="columns"/> when it answers none; true for the view.
    /// </summary>
    private static bool InstallRecorded(DuckDbSession session, string name, string[] selects, string columns)
    {
        var qualified = $"{PgCatalog.Database}.{PgCatalog.Schema}.{name}";
        foreach (var select in selects)
        {
            try
            {
                session.ExecuteNonQuery($"CREATE VIEW {qualified} AS {select}");
                return true;
            }
            catch (PgErrorException)
            {
                // The file does not have what this one reads.
            }
        }

        session.ExecuteNonQuery($"CREATE TABLE {qualified} ({columns})");
        return false;
    }

    /// <summary>Runs one of the catalog's statements ("CREATE VIEW|TABLE|MACRO pgc.name ..."), returning its kind and name.</summary>
    private static (string Kind, string Name) Run(DuckDbSession session, string sql)
    {
        var text = sql
            .Replace("pgc.", $"{PgCatalog.Database}.{PgCatalog.Schema}.", StringComparison.Ordinal)
            .Replace("pgi.", $"{PgCatalog.Database}.{PgCatalog.InformationSchema}.", StringComparison.Ordinal);
        try
        {
            session.ExecuteNonQuery(text);
        }
        catch (PgErrorException e)
        {
            throw new InvalidOperationException($"installing the PostgreSQL catalog failed: {e.Error.Message}\n{text}", e);
        }

        var words = sql.Split((char[])[' ', '\n', '\r', '('], 4, StringSplitOptions.RemoveEmptyEntries);
        return (words[1], words[2][(words[2].IndexOf('.', StringComparison.Ordinal) + 1)..]);
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    [LoggerMessage(EventId = NodeEventIds.CatalogInstalled, Level = LogLevel.Debug,
        Message = "Installed the PostgreSQL catalog: {Relations} pg_catalog relations, {Views} information_schema views, {Functions} functions")]
    private partial void LogInstalled(int relations, int views, int functions);

    [LoggerMessage(EventId = NodeEventIds.CatalogColumnTypes, Level = LogLevel.Information,
        Message = "The catalog takes column types recorded in {Schema}.column_types")]
    private partial void LogColumnTypesFound(string schema);
}
