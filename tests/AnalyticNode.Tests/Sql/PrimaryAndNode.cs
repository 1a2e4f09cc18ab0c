using HtapRouter.AnalyticNode.Tests.Hosting;
using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Postgres;
using Npgsql;

namespace HtapRouter.AnalyticNode.Tests.Sql;

/// <summary>
/// A PostgreSQL 15 database and a node serving the same rows, and the comparisons the answer tests make between
/// them: psql's text, RowDescription's names, type OIDs and modifiers, the values Npgsql reads in binary, the SQLSTATE.
/// </summary>
internal sealed class PrimaryAndNode(PostgresServer server, string database, NodeHost node)
{
    /// <summary>psql prints the same on both, and both describe the same columns.</summary>
    public async Task AssertSameAnswerAsync(string sql)
    {
        var expected = await Psql.QueryAsync(server.Endpoint(database), sql);
        var actual = await Psql.QueryAsync(node.Endpoint(), sql);
        Assert.Equal(expected, actual);

        var expectedTypes = await DescribeAsync(await server.OpenConnectionAsync(database), sql);
        var actualTypes = await DescribeAsync(await node.OpenAsync(), sql);
        Assert.Equal(expectedTypes, actualTypes);
    }

    /// <summary>The rows as Npgsql (with type loading) reads them in binary are the same on both.</summary>
    public async Task AssertSameBinaryValuesAsync(string sql)
    {
        await using var expected = await server.OpenConnectionAsync(database);
        await using var actual = await node.OpenAsync(typeLoading: true);
        Assert.Equal(await BinaryValuesAsync(expected, sql), await BinaryValuesAsync(actual, sql));
    }

    /// <summary>The SQLSTATE of running <paramref name="sql"/> on the primary; null when it succeeds.</summary>
    public async Task<string?> PrimarySqlStateAsync(string sql) => await SqlStateAsync(await server.OpenConnectionAsync(database), sql);

    /// <summary>The same on the node.</summary>
    public async Task<string?> NodeSqlStateAsync(string sql) => await SqlStateAsync(await node.OpenAsync(), sql);

    /// <summary>Each value with its type name, its binary length, its .NET value and type.</summary>
    public static async Task<List<string>> BinaryValuesAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i)
                ? $"{reader.GetDataTypeName(i)}:null"
                : $"{reader.GetDataTypeName(i)}:{reader.GetStream(i).Length}:{reader.GetValue(i)}:{reader.GetFieldType(i).Name}")));
        }

        return rows;
    }

    /// <summary>Each result column's name, type OID and, for character and numeric types, type modifier, as RowDescription gives them.</summary>
    private static async Task<List<string>> DescribeAsync(NpgsqlConnection connection, string sql)
    {
        await using var owned = connection;
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SchemaOnly);
        var columns = new List<string>();
        foreach (var column in (await reader.GetColumnSchemaAsync()).Cast<Npgsql.Schema.NpgsqlDbColumn>())
        {
            var typmod = column.TypeOID switch
            {
                1042 or 1043 => $"{column.ColumnSize}",
                1700 => $"{column.NumericPrecision},{column.NumericScale}",
                _ => "-1",
            };
            columns.Add($"{column.ColumnName}:{column.TypeOID}({typmod})");
        }

        return columns;
    }

    private static async Task<string?> SqlStateAsync(NpgsqlConnection connection, string sql)
    {
        await using var owned = connection;
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }

            return null;
        }
        catch (PostgresException e)
        {
            return e.SqlState;
        }
    }
}
