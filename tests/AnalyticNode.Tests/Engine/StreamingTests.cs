using System.Diagnostics;
using HtapRouter.AnalyticNode.Engine;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Types;
using Xunit.Abstractions;

namespace HtapRouter.AnalyticNode.Tests.Engine;

/// <summary>Streaming large results chunk by chunk, portal suspension, cancellation and concurrent sessions.</summary>
[Collection(CpuBoundTests.Name)]
public sealed class StreamingTests(ITestOutputHelper output) : IDisposable
{
    private static string MixedColumns(int rows) =>
        "SELECT i, i::INTEGER AS i4, i * 1.5 AS f8, 'row ' || i AS s, DATE '2020-01-01' + (i % 1000)::INTEGER AS d, " +
        $"TIMESTAMP '2020-01-01' + to_microseconds(i) AS ts, (i % 10000)::DECIMAL(10,2) / 100 AS n, i % 2 = 0 AS b FROM range({rows}) t(i)";

    private readonly TempDatabase _db = new();

    [Fact]
    public void WriteRows_MillionRows_StreamsChunkByChunkWithoutAllocatingPerRow()
    {
        const int rowCount = 1_200_000;
        using var session = _db.Database.OpenSession();
        using var statement = session.Prepare(MixedColumns(rowCount));
        using var cursor = statement.Execute(Rows.NoParameters, Rows.Format(0), null);
        var builder = new DataRowBuilder();
        var writer = new CountingWriter();
        cursor.WriteRows(builder, writer, 0, Rows.Format(0), PgFormatSettings.Default);

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var calls = 1;
        while (!cursor.IsExhausted)
        {
            Assert.InRange(cursor.WriteRows(builder, writer, 0, Rows.Format(0), PgFormatSettings.Default), 0, 2048);
            calls++;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal(rowCount, writer.DataRows);
        Assert.Equal(rowCount, cursor.RowsAffected);
        Assert.Equal($"SELECT {rowCount}", cursor.CommandTag);
        Assert.True(calls > rowCount / 2048, $"{calls} calls");
        Assert.True(allocated < 4 * 1024 * 1024, $"{allocated} bytes allocated while streaming");
    }

    [Fact]
    public void WriteRows_MaxRows_SuspendsAndResumesWhereItStopped()
    {
        using var session = _db.Database.OpenSession();
        using var statement = session.Prepare("SELECT i FROM range(10) t(i)");
        using var cursor = statement.Execute(Rows.NoParameters, Rows.Format(0), null);

        var batches = new List<List<string?>>();
        while (!cursor.IsExhausted)
        {
            var rows = Rows.ReadAll(cursor, maxRows: 3);
            batches.Add(rows.Select(r => Rows.Text(r[0])).ToList());
        }

        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], batches.SelectMany(b => b));
        Assert.Equal("SELECT 10", cursor.CommandTag);
    }

    [Fact]
    public void WriteRows_MaxRowsAcrossChunks_ReturnsExactlyMaxRows()
    {
        using var session = _db.Database.OpenSession();
        using var statement = session.Prepare("SELECT i FROM range(5000) t(i)");
        using var cursor = statement.Execute(Rows.NoParameters, Rows.Format(1), null);
        var writer = new CountingWriter();
        var builder = new DataRowBuilder();

        Assert.Equal(3000, cursor.WriteRows(builder, writer, 3000, Rows.Format(1), PgFormatSettings.Default));
        Assert.False(cursor.IsExhausted);
        Assert.Equal(2000, cursor.WriteRows(builder, writer, 3000, Rows.Format(1), PgFormatSettings.Default));
        Assert.True(cursor.IsExhausted);
        Assert.Equal(5000, writer.DataRows);
    }

    [Fact]
    public void WriteRows_AnotherStatementRan_FailsToResume()
    {
        using var session = _db.Database.OpenSession();
        using var first = session.Prepare("SELECT i FROM range(10000) t(i)");
        using var cursor = first.Execute(Rows.NoParameters, Rows.Format(0), null);
        cursor.WriteRows(new DataRowBuilder(), new CountingWriter(), 5, Rows.Format(0), PgFormatSettings.Default);

        Rows.Query(session, "SELECT 1");

        var error = Assert.Throws<PgErrorException>(() => cursor.WriteRows(new DataRowBuilder(), new CountingWriter(), 5, Rows.Format(0), PgFormatSettings.Default));
        Assert.Equal("55000", error.Error.SqlState);
    }

    [Fact]
    public async Task Interrupt_FromAnotherThread_CancelsRunningQueryWith57014()
    {
        using var session = _db.Database.OpenSession();
        using var statement = session.Prepare("SELECT sum(i) FROM range(100000000000) t(i)");
        var stopwatch = Stopwatch.StartNew();
        var interrupter = Task.Run(async () =>
        {
            await Task.Delay(300);
            session.Interrupt();
        });

        var error = Assert.Throws<PgErrorException>(() => Rows.ReadAll(statement.Execute(Rows.NoParameters, Rows.Format(0), null))).Error;
        await interrupter;

        Assert.Equal((SqlState.QueryCanceled, "canceling statement due to user request"), (error.SqlState, error.Message));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Equal("1", Rows.Text(Rows.Query(session, "SELECT 1").Rows[0][0]));
    }

    [Fact]
    public async Task Interrupt_WhileStreaming_FailsNextWriteWith57014()
    {
        using var session = _db.Database.OpenSession();
        using var statement = session.Prepare("SELECT i FROM range(1000000000) t(i)");
        using var cursor = statement.Execute(Rows.NoParameters, Rows.Format(0), null);
        var writer = new CountingWriter();
        var builder = new DataRowBuilder();
        cursor.WriteRows(builder, writer, 0, Rows.Format(0), PgFormatSettings.Default);

        await Task.Run(session.Interrupt);

        var error = Assert.Throws<PgErrorException>(() =>
        {
            while (!cursor.IsExhausted)
            {
                cursor.WriteRows(builder, writer, 0, Rows.Format(0), PgFormatSettings.Default);
            }
        });
        Assert.Equal(SqlState.QueryCanceled, error.Error.SqlState);
        Assert.True(writer.DataRows < 1000000000);
    }

    [Fact]
    public async Task Execute_LongQueryInOneSession_DoesNotBlockAnother()
    {
        using var slow = _db.Database.OpenSession();
        using var fast = _db.Database.OpenSession();
        using var slowStatement = slow.Prepare("SELECT sum(i) FROM range(100000000000) t(i)");
        var slowTask = Task.Run(() => Assert.Throws<PgErrorException>(() => Rows.ReadAll(slowStatement.Execute(Rows.NoParameters, Rows.Format(0), null))));
        await Task.Delay(200);

        var stopwatch = Stopwatch.StartNew();
        var (_, rows, _) = Rows.Query(fast, "SELECT count(*) FROM range(1000) t(i)");
        stopwatch.Stop();
        var slowStillRunning = !slowTask.IsCompleted;

        // An interrupt that arrives before the query starts is dropped (as PostgreSQL drops such a cancel), and
        // under load the slow query may start late: interrupt until it has ended.
        while (!slowTask.IsCompleted)
        {
            slow.Interrupt();
            await Task.WhenAny(slowTask, Task.Delay(50));
        }

        var slowError = await slowTask;

        Assert.Equal("1000", Rows.Text(rows[0][0]));
        Assert.True(slowStillRunning);
        Assert.Equal(SqlState.QueryCanceled, slowError.Error.SqlState);
        output.WriteLine($"query beside a running one took {stopwatch.ElapsedMilliseconds} ms");
    }

    /// <summary>A throughput report, not a timing assertion: rows per second for text and binary.</summary>
    [Fact]
    public void WriteRows_MixedColumnsBenchmark_ReportsThroughput()
    {
        const int rowCount = 1_000_000;
        using var session = _db.Database.OpenSession();
        foreach (short format in new short[] { 0, 1 })
        {
            using var statement = session.Prepare(MixedColumns(rowCount));
            var stopwatch = Stopwatch.StartNew();
            using var cursor = statement.Execute(Rows.NoParameters, Rows.Format(0), null);
            var writer = new CountingWriter();
            var builder = new DataRowBuilder();
            while (!cursor.IsExhausted)
            {
                cursor.WriteRows(builder, writer, 0, Rows.Format(format), PgFormatSettings.Default);
            }

            stopwatch.Stop();
            Assert.Equal(rowCount, writer.DataRows);
            output.WriteLine($"format {format}: {rowCount / stopwatch.Elapsed.TotalSeconds:N0} rows/s, {writer.Bytes / stopwatch.Elapsed.TotalSeconds / 1e6:N0} MB/s");
        }
    }

    public void Dispose() => _db.Dispose();
}
