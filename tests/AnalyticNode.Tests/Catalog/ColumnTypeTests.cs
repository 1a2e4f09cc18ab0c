using HtapRouter.AnalyticNode.Tests.Hosting;
using HtapRouter.TestSupport.Clients;
using Npgsql;

namespace HtapRouter.AnalyticNode.Tests.Catalog;

/// <summary>The catalog's column types agree with what the engine sends, and the replicator's recorded types override them.</summary>
public class ColumnTypeTests
{
    private const string WideTable = """
        create table wide (b boolean, ti tinyint, si smallint, ut utinyint, i integer, us usmallint, bi bigint, ui uinteger,
            hi hugeint, ub ubigint, d decimal(18,3), f float, dbl double, v varchar, j json, bl blob, dt date, t time,
            ttz timetz, ts timestamp, tss timestamp_s, tsms timestamp_ms, tsns timestamp_ns, tstz timestamptz,
            iv interval, u uuid, e enum ('x', 'y'), il integer[], dl decimal(9,2)[], fixed integer[3], nested integer[][],
            st struct(a integer), m map(varchar, integer));
        """;

    [Fact]
    public async Task PgAttribute_EveryDuckDbType_MatchesTheTypeTheEngineSends()
    {
        await using var node = await NodeHost.CreateAsync(WideTable);
        await using var connection = await node.OpenAsync();

        var sent = new Dictionary<string, uint>();
        await using (var command = new NpgsqlCommand("select * from wide", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                sent[reader.GetName(i)] = reader.GetDataTypeOID(i);
            }
        }

        var catalog = new Dictionary<string, uint>();
        await using (var command = new NpgsqlCommand(
            "select attname, atttypid from pg_catalog.pg_attribute where attrelid = 'wide'::regclass and attnum > 0", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                catalog[reader.GetString(0)] = (uint)reader.GetInt64(1);
            }
        }

        Assert.Equal(33, sent.Count);
        Assert.Equal(sent.OrderBy(p => p.Key), catalog.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task FormatType_DecimalColumns_ShowPrecisionAndScale()
    {
        await using var node = await NodeHost.CreateAsync(WideTable);

        var output = await Psql.QueryAsync(node.Endpoint(), """
            select attname, pg_catalog.format_type(atttypid, atttypmod) from pg_catalog.pg_attribute
            where attrelid = 'wide'::regclass and attname in ('d', 'dl', 'hi', 'ts', 'il') order by attnum
            """);

        Assert.Equal("hi|numeric\nd|numeric(18,3)\nts|timestamp without time zone\nil|integer[]\ndl|numeric(9,2)[]", output);
    }

    [Fact]
    public async Task DescribeTable_RecordedColumnTypes_OverrideTheDerivedOnes()
    {
        await using var node = await NodeHost.CreateAsync("""
            create table legacy (id integer primary key, label varchar, code varchar);
            create schema htap_meta;
            create table htap_meta.column_types (schema_name varchar, table_name varchar, column_name varchar, type_oid integer, typmod integer);
            insert into htap_meta.column_types values ('main', 'legacy', 'label', 1043, 24), ('main', 'legacy', 'code', 1042, 7);
            """);

        var output = await Psql.RunAsync(node.Endpoint(), ["-X", "-c", @"\d legacy"]);
        var schemas = await Psql.RunAsync(node.Endpoint(), ["-X", "-c", @"\dn"]);

        Assert.True(output.Succeeded, output.Describe());
        Assert.Contains(" label  | character varying(20) |           |          | \n", output.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(" code   | character(3)          |           |          | \n", output.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("htap_meta", schemas.StandardOutput, StringComparison.Ordinal);
    }
}
