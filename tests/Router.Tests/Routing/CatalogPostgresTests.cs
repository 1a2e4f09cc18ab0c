using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Client;
using HtapRouter.Router.Configuration;
using HtapRouter.Router.Routing;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Postgres;

namespace HtapRouter.Router.Tests.Routing;

/// <summary>The catalogs' SQL on a real PostgreSQL, through the wire client production uses.</summary>
public sealed class CatalogPostgresTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private const string Schema = """
        CREATE TABLE accounts (id int PRIMARY KEY, balance int);
        CREATE UNLOGGED TABLE scratch (id int);
        CREATE SCHEMA app;
        CREATE TABLE app.orders (id int);
        CREATE VIEW app.big_orders AS SELECT * FROM app.orders;
        CREATE MATERIALIZED VIEW totals AS SELECT count(*) FROM accounts;
        CREATE SEQUENCE ids;
        CREATE TABLE events (at timestamptz) PARTITION BY RANGE (at);
        CREATE FUNCTION touch_counter() RETURNS int LANGUAGE sql VOLATILE AS 'SELECT 1';
        CREATE FUNCTION app.lookup(int) RETURNS int LANGUAGE sql STABLE AS 'SELECT $1';
        """;

    [Fact]
    public async Task RelationCatalog_RefreshFromPostgres_KnowsEveryKindOfRelation()
    {
        var db = await PrepareAsync();
        var catalog = new RelationCatalog();

        await using (var connection = await ConnectAsync(fixture.Server.Endpoint(db)))
        {
            // A temporary table of the loading session itself must not be listed: it is nobody else's.
            await connection.QueryAsync("CREATE TEMP TABLE mine (id int)");
            await catalog.RefreshAsync(QueryOn(connection), CancellationToken.None);
        }

        Assert.True(catalog.HasAll(
        [
            new(null, "accounts"), new("public", "scratch"), new("app", "orders"), new("app", "big_orders"),
            new(null, "totals"), new(null, "ids"), new(null, "events"), new(null, "pg_class"),
            new("information_schema", "tables"),
        ]));
        Assert.False(catalog.Contains(new RelationName(null, "mine")));
        Assert.False(catalog.Contains(new RelationName(null, "orders")));
        Assert.Equal(RelationPersistence.Unlogged, catalog.GetPersistence(new RelationName(null, "scratch")));
        Assert.Equal(RelationPersistence.Permanent, catalog.GetPersistence(new RelationName("app", "orders")));
    }

    [Fact]
    public async Task FunctionVolatilityCatalog_RefreshFromPostgres_KnowsVolatileFunctions()
    {
        var db = await PrepareAsync();
        var catalog = new FunctionVolatilityCatalog();

        await using (var connection = await ConnectAsync(fixture.Server.Endpoint(db)))
        {
            await catalog.RefreshAsync(QueryOn(connection), CancellationToken.None);
        }

        Assert.True(catalog.IsVolatile(new PgFunctionName(null, "pg_catalog", "nextval")));
        Assert.True(catalog.IsVolatile(new PgFunctionName(null, null, "random")));
        Assert.True(catalog.IsVolatile(new PgFunctionName(null, "public", "touch_counter")));
        Assert.False(catalog.IsVolatile(new PgFunctionName(null, null, "now")));
        Assert.False(catalog.IsVolatile(new PgFunctionName(null, "app", "lookup")));
        Assert.False(catalog.IsVolatile(new PgFunctionName(null, null, "lower")));
    }

    [Fact]
    public async Task Classifier_WithCatalogsFromPostgres_RoutesByWhatThePrimarySays()
    {
        var db = await PrepareAsync();
        var functions = new FunctionVolatilityCatalog();
        var relations = new RelationCatalog();
        await using (var connection = await ConnectAsync(fixture.Server.Endpoint(db)))
        {
            await functions.RefreshAsync(QueryOn(connection), CancellationToken.None);
            await relations.RefreshAsync(QueryOn(connection), CancellationToken.None);
        }
        var classifier = new QueryClassifier(new RouterOptions(), functions, relations);

        Assert.Equal(QueryTarget.LoadBalance, classifier.Classify("SELECT app.lookup(id) FROM accounts").Target);
        Assert.Equal(PrimaryReason.WriteFunction, classifier.Classify("SELECT touch_counter()").Reason);
        Assert.Equal(PrimaryReason.UnloggedTable, classifier.Classify("SELECT * FROM scratch").Reason);
    }

    private async Task<string> PrepareAsync()
    {
        var db = await fixture.Server.CreateDatabaseAsync();
        await fixture.Server.ExecuteAsync(Schema, db);
        return db;
    }

    private static Task<PgClientConnection> ConnectAsync(PgEndpoint endpoint) => PgClientConnection.ConnectAsync(new PgClientOptions
    {
        Host = endpoint.Host,
        Port = endpoint.Port,
        User = endpoint.Username,
        Password = endpoint.Password,
        Database = endpoint.Database,
    });

    private static CatalogQuery QueryOn(PgClientConnection connection) =>
        async (sql, cancellationToken) => (await connection.QueryAsync(sql, cancellationToken)).Rows;
}
