using HtapRouter.AnalyticNode.Tests.Hosting;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Postgres;

namespace HtapRouter.AnalyticNode.Tests.Catalog;

/// <summary>
/// psql 15's describe commands against a node serving tables a replica would hold, compared with real
/// PostgreSQL's output for the same table definitions where the two should agree.
/// </summary>
public sealed class PsqlCatalogTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    /// <summary>Definitions both PostgreSQL and DuckDB accept, with types the node reports as PostgreSQL does.</summary>
    private const string SharedSchema = """
        create table test (id integer primary key, name text not null, price numeric(10,2), flag boolean,
            ratio double precision, r real, day date, seen_at timestamp, seen_tz timestamptz, data bytea, uid uuid,
            ints integer[], names text[], big bigint, small smallint);
        create index test_name_idx on test (name);
        create view test_view as select id, name from test;
        create schema sales;
        create table sales.orders (order_id bigint primary key, code text unique, amount numeric(12,4) not null);
        create table legacy (id integer primary key, label varchar(20), code char(3), qty integer default 0);
        """;

    private NodeHost _node = null!;
    private PgEndpoint _primary = null!;

    public async Task InitializeAsync()
    {
        _node = await NodeHost.CreateAsync(SharedSchema + """
            insert into test (id, name, price) values (1, 'one', 1.50), (2, 'two', 2.25);
            """);
        var database = await postgres.Server.CreateDatabaseAsync();
        await postgres.Server.ExecuteAsync(SharedSchema, database);
        _primary = postgres.Server.Endpoint(database);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private static async Task<string> Describe(PgEndpoint endpoint, string command, string? owner = null)
    {
        var result = await Psql.RunAsync(endpoint, ["-X", "-v", "ON_ERROR_STOP=1", "-c", command]);
        Assert.True(result.Succeeded, $"{command} against {endpoint}: {result.Describe()}");
        Assert.Equal("", result.StandardError);
        // Objects on the test server belong to its login role; on a replica they belong to the primary's owner.
        return owner is null ? result.StandardOutput : result.StandardOutput.Replace($" {owner} ", " postgres ", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"\dt")]
    [InlineData(@"\dv")]
    [InlineData(@"\d")]
    [InlineData(@"\d test")]
    [InlineData(@"\d test_view")]
    [InlineData(@"\d sales.orders")]
    [InlineData(@"\dt sales.*")]
    [InlineData(@"\dn")]
    [InlineData(@"\df")]
    public async Task Psql_Describe_MatchesPostgres(string command)
    {
        var expected = await Describe(_primary, command, postgres.Server.Username);
        var actual = await Describe(_node.Endpoint(), command);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Psql_ListRelations_ShowsReplicatedTableOwnedByPostgres()
    {
        var output = await Describe(_node.Endpoint(), @"\d");

        Assert.Contains(" public | test      | table | postgres\n", output, StringComparison.Ordinal);
        Assert.Contains(" public | test_view | view  | postgres\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Psql_DescribeTable_ShowsEngineTypesNotNullDefaultsAndPrimaryKey()
    {
        // varchar(n) and char(n) are VARCHAR in DuckDB, sent as text until the replicator records the primary's types.
        var output = await Describe(_node.Endpoint(), @"\d legacy");

        Assert.Equal("""
                           Table "public.legacy"
             Column |  Type   | Collation | Nullable | Default 
            --------+---------+-----------+----------+---------
             id     | integer |           | not null | 
             label  | text    |           |          | 
             code   | text    |           |          | 
             qty    | integer |           |          | 0
            Indexes:
                "legacy_pkey" PRIMARY KEY, btree (id)


            """, output);
    }

    [Fact]
    public async Task Psql_ListDatabases_ShowsTheConnectedDatabase()
    {
        var output = await Describe(_node.Endpoint(database: "warehouse"), @"\l");

        Assert.Contains("""
               Name    |  Owner   | Encoding | Collate |  Ctype  | ICU Locale | Locale Provider | Access privileges 
            -----------+----------+----------+---------+---------+------------+-----------------+-------------------
             warehouse | postgres | UTF8     | C.UTF-8 | C.UTF-8 |            | libc            | 
            (1 row)
            """, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Psql_ListRoles_ShowsTheOwnerRole()
    {
        var output = await Describe(_node.Endpoint(), @"\du");

        Assert.Contains(" postgres  | Superuser, Create role, Create DB, Replication, Bypass RLS | {}\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("pg_database_owner", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Psql_ExpandedAndTiming_ShowRecordsAndTimes()
    {
        var result = await Psql.RunAsync(_node.Endpoint(), ["-X", "-v", "ON_ERROR_STOP=1"],
            standardInput: "\\x\n\\timing\nselect id, name from test order by id;\n\\dt\n");

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("-[ RECORD 1 ]\nid   | 1\nname | one\n-[ RECORD 2 ]\nid   | 2\nname | two\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Schema | public\nName   | test\nType   | table\nOwner  | postgres\n", result.StandardOutput, StringComparison.Ordinal);
        // \timing times queries, not backslash commands.
        Assert.Single(result.StandardOutput.Split('\n'), line => line.StartsWith("Time: ", StringComparison.Ordinal));
    }
}
