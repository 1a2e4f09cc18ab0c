using HtapRouter.AnalyticNode.Tests.Hosting;
using HtapRouter.TestSupport.Processes;
using Npgsql;
using NpgsqlTypes;

namespace HtapRouter.AnalyticNode.Tests.Catalog;

/// <summary>
/// Real drivers with their default settings against a node: each loads what it needs from the catalog when it
/// connects or describes a result, then runs a parameterized query on a replicated table.
/// </summary>
public sealed class DriverCatalogTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.CreateAsync("""
        create table items (id integer primary key, name varchar not null, price decimal(10,2), flag boolean,
            ratio double, day date, seen_at timestamp, seen_tz timestamptz, data blob, uid uuid, tags varchar[],
            big bigint, small smallint, doc json, span interval);
        insert into items values (1, 'one', 1.50, true, 0.25, '2024-02-29', '2024-02-29 12:34:56', '2024-02-29 12:34:56+00',
            '\x01\x02'::blob, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', ['a', 'b'], 9007199254740993, -7, '{"k": 1}', interval 90 minute);
        insert into items (id, name) values (2, 'two');
        """);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Npgsql_TypeLoadingOn_ConnectsAndReadsManyTypes()
    {
        await using var source = _node.DataSource(typeLoading: true);
        await using var connection = await source.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "select name, price, flag, ratio, day, seen_at, seen_tz, data, uid, tags, big, small, doc, span from items where id = $1",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = 1, NpgsqlDbType = NpgsqlDbType.Integer });
        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.Equal("one", reader.GetString(0));
        Assert.Equal(1.50m, reader.GetDecimal(1));
        Assert.True(reader.GetBoolean(2));
        Assert.Equal(0.25, reader.GetDouble(3));
        Assert.Equal(new DateOnly(2024, 2, 29), reader.GetFieldValue<DateOnly>(4));
        Assert.Equal(new DateTime(2024, 2, 29, 12, 34, 56), reader.GetDateTime(5));
        Assert.Equal(new DateTime(2024, 2, 29, 12, 34, 56, DateTimeKind.Utc), reader.GetFieldValue<DateTime>(6));
        Assert.Equal(new byte[] { 1, 2 }, reader.GetFieldValue<byte[]>(7));
        Assert.Equal(Guid.Parse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), reader.GetGuid(8));
        Assert.Equal(["a", "b"], reader.GetFieldValue<string[]>(9));
        Assert.Equal(9007199254740993L, reader.GetInt64(10));
        Assert.Equal((short)-7, reader.GetInt16(11));
        Assert.Equal("{\"k\": 1}", reader.GetString(12));
        Assert.Equal(TimeSpan.FromMinutes(90), reader.GetTimeSpan(13));
        Assert.Equal("json", reader.GetDataTypeName(12));
    }

    [Fact]
    public async Task Npgsql_TypeLoadingOn_SeesThePostgresTypes()
    {
        await using var source = _node.DataSource(typeLoading: true);
        await using var connection = await source.OpenConnectionAsync();

        // Type loading read pg_type: the built-in types resolve by name, arrays included.
        var types = connection.GetSchema("DataTypes");
        var names = types.Rows.Cast<System.Data.DataRow>().Select(r => (string)r["TypeName"]).ToList();
        Assert.Contains("integer", names);
        Assert.Contains("numeric", names);
        Assert.Contains("integer[]", names);
    }

    [Fact]
    public async Task Psycopg2_ParameterizedQuery_ReturnsTheRow()
    {
        var output = await RunClient("/usr/bin/python3", "catalog_test.py", """
            import os, psycopg2
            conn = psycopg2.connect(host=os.environ["NODE_HOST"], port=os.environ["NODE_PORT"], user="postgres", dbname="postgres")
            cur = conn.cursor()
            cur.execute("select id, name, price, tags from items where id = %s and name = %s", (1, "one"))
            print(cur.fetchall())
            cur.execute("select count(*) from pg_catalog.pg_class c where c.relname = %s", ("items",))
            print(cur.fetchone()[0])
            conn.close()
            """);

        Assert.Equal("[(1, 'one', Decimal('1.50'), ['a', 'b'])]\n1\n", output);
    }

    [Fact]
    public async Task Pgjdbc_PreparedStatementAndMetadata_ReturnRowsAndPostgresTypes()
    {
        var output = await RunClient("java", "CatalogTest.java", """
            import java.sql.*;
            public class CatalogTest {
              public static void main(String[] args) throws Exception {
                String url = "jdbc:postgresql://" + System.getenv("NODE_HOST") + ":" + System.getenv("NODE_PORT") + "/postgres";
                try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
                  try (PreparedStatement s = c.prepareStatement("select id, name, price from items where id = ?")) {
                    s.setInt(1, 1);
                    try (ResultSet r = s.executeQuery()) {
                      ResultSetMetaData m = r.getMetaData();
                      while (r.next()) System.out.println(r.getInt(1) + "|" + r.getString(2) + "|" + r.getBigDecimal(3) + "|" + m.getColumnTypeName(2) + "|" + m.getColumnTypeName(3));
                    }
                  }
                  try (ResultSet r = c.getMetaData().getColumns(null, "public", "items", "p%")) {
                    while (r.next()) System.out.println(r.getString("COLUMN_NAME") + " " + r.getString("TYPE_NAME") + " " + r.getInt("COLUMN_SIZE"));
                  }
                  try (ResultSet r = c.getMetaData().getPrimaryKeys(null, "public", "items")) {
                    while (r.next()) System.out.println("pk " + r.getString("COLUMN_NAME") + " " + r.getString("PK_NAME"));
                  }
                }
              }
            }
            """, "-cp", "/usr/share/java/postgresql.jar");

        Assert.Equal("1|one|1.50|text|numeric\nprice numeric 10\npk id items_pkey\n", output);
    }

    [Fact]
    public async Task NodePostgres_ParameterizedQuery_ReturnsTheRow()
    {
        var modules = await NodePostgresModules();
        var output = await RunClient("node", "catalog_test.js", """
            const { Client } = require('pg');
            (async () => {
              const c = new Client({ host: process.env.NODE_HOST, port: +process.env.NODE_PORT, user: 'postgres', database: 'postgres' });
              await c.connect();
              const r = await c.query('select id, name, tags from items where id = $1', [1]);
              console.log(JSON.stringify(r.rows));
              await c.end();
            })().catch(e => { console.error(e.message); process.exit(1); });
            """, environment: new Dictionary<string, string?> { ["NODE_PATH"] = modules });

        Assert.Equal("[{\"id\":1,\"name\":\"one\",\"tags\":[\"a\",\"b\"]}]\n", output);
    }

    /// <summary>Writes a client program next to the node's file and runs it; fails the test with its output if it fails.</summary>
    private async Task<string> RunClient(string program, string fileName, string source, params string[] arguments) =>
        await RunClient(program, fileName, source, null, arguments);

    private async Task<string> RunClient(string program, string fileName, string source,
        IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var path = Path.Combine(_node.Directory, fileName);
        await File.WriteAllTextAsync(path, source);
        var variables = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
        {
            ["NODE_HOST"] = "127.0.0.1",
            ["NODE_PORT"] = _node.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var result = await ProcessRunner.RunAsync(new ProcessRequest(program, [.. arguments, path])
        {
            Environment = variables,
            WorkingDirectory = _node.Directory,
        });
        Assert.True(result.Succeeded, result.Describe());
        return result.StandardOutput;
    }

    /// <summary>node-postgres from the npm registry, installed once per machine in a temp folder (never committed).</summary>
    private static async Task<string> NodePostgresModules()
    {
        var folder = Path.Combine(Path.GetTempPath(), "htap-test-node-pg");
        var modules = Path.Combine(folder, "node_modules");
        if (!File.Exists(Path.Combine(modules, "pg", "package.json")))
        {
            Directory.CreateDirectory(folder);
            var install = await ProcessRunner.RunAsync(
                new ProcessRequest("npm", ["install", "--no-audit", "--no-fund", "--prefix", folder, "pg@8"]) { Timeout = TimeSpan.FromMinutes(5) });
            Assert.True(install.Succeeded, install.Describe());
        }

        return modules;
    }
}
