using System.Buffers;
using System.Buffers.Binary;
using HtapRouter.AnalyticNode.Engine;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Tests.Engine;

/// <summary>A DuckDB database file in a fresh temporary directory, deleted on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly string _directory;

    public TempDatabase(int threads = 2)
    {
        _directory = Path.Combine(Path.GetTempPath(), "htap-engine-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        Database = new DuckDbDatabase(new DuckDbOptions { Path = Path.Combine(_directory, "test.duckdb"), Threads = threads, MemoryLimit = "1GB" });
    }

    public DuckDbDatabase Database { get; }

    public void Dispose()
    {
        Database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>Runs statements and decodes the DataRows they produce.</summary>
public static class Rows
{
    public static readonly IReadOnlyList<PgValue> NoParameters = [];

    public static Func<int, short> Format(short format) => _ => format;

    /// <summary>Executes <paramref name="sql"/> and returns every row's raw values (null for SQL NULL).</summary>
    public static (DuckDbStatement Statement, List<byte[]?[]> Rows, string Tag) Query(
        DuckDbSession session, string sql, short format = 0, PgFormatSettings? settings = null)
    {
        var statement = session.Prepare(sql);
        using var cursor = statement.Execute(NoParameters, Format(0), null);
        var rows = ReadAll(cursor, format, settings);
        return (statement, rows, cursor.CommandTag);
    }

    public static List<byte[]?[]> ReadAll(DuckDbResultCursor cursor, short format = 0, PgFormatSettings? settings = null, int maxRows = 0)
    {
        var output = new ArrayBufferWriter<byte>();
        var builder = new DataRowBuilder();
        while (!cursor.IsExhausted)
        {
            cursor.WriteRows(builder, output, maxRows, Format(format), settings ?? PgFormatSettings.Default);
        }

        return Decode(output.WrittenSpan);
    }

    public static List<byte[]?[]> Decode(ReadOnlySpan<byte> messages)
    {
        var rows = new List<byte[]?[]>();
        while (!messages.IsEmpty)
        {
            Assert.Equal((byte)'D', messages[0]);
            var length = BinaryPrimitives.ReadInt32BigEndian(messages[1..]);
            var body = messages.Slice(5, length - 4);
            var count = BinaryPrimitives.ReadInt16BigEndian(body);
            var values = new byte[]?[count];
            var position = 2;
            for (var i = 0; i < count; i++)
            {
                var valueLength = BinaryPrimitives.ReadInt32BigEndian(body[position..]);
                position += 4;
                if (valueLength >= 0)
                {
                    values[i] = body.Slice(position, valueLength).ToArray();
                    position += valueLength;
                }
            }

            Assert.Equal(body.Length, position);
            rows.Add(values);
            messages = messages[(1 + length)..];
        }

        return rows;
    }

    public static string? Text(byte[]? value) => value is null ? null : System.Text.Encoding.UTF8.GetString(value);
}
