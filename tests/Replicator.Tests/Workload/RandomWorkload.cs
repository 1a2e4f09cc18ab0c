using Npgsql;

namespace HtapRouter.Replicator.Tests.Workload;

/// <summary>
/// A seeded random workload on a real primary: inserts, updates, key updates, deletes, truncates and DDL
/// in small transactions, some rolled back whole or to a savepoint, and now and then a transaction large
/// enough to be streamed in progress. The same seed replays the same statements on an empty database.
/// </summary>
internal sealed partial class RandomWorkload : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly Random _random;
    private List<WorkTable> _tables;
    private long _nextId = 1;
    private int _nextName = 1;

    private RandomWorkload(NpgsqlConnection connection, int seed, List<WorkTable> tables)
    {
        _connection = connection;
        _random = new Random(seed);
        _tables = tables;
    }

    /// <summary>The tables as of the last commit.</summary>
    public IReadOnlyList<WorkTable> Tables => _tables;

    /// <summary>Statements run so far, for the test's report.</summary>
    public int Statements { get; private set; }

    /// <summary>Transactions committed and rolled back so far.</summary>
    public (int Committed, int RolledBack) Transactions { get; private set; }

    /// <summary>
    /// Transactions the primary rolled back as deadlocked with the node's copy of a table; a run with any does
    /// not replay exactly from its seed, since the point of the deadlock depends on timing.
    /// </summary>
    public int Deadlocks { get; private set; }

    /// <summary>Creates the types and the starting tables, each with <paramref name="rows"/> rows, in a fresh database.</summary>
    public static async Task<RandomWorkload> CreateAsync(string connectionString, int seed, int rows, CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var workload = new RandomWorkload(connection, seed, StartingTables());
        await workload.ExecuteAsync(ColumnKinds.TypesSql, cancellationToken);
        foreach (var table in workload._tables)
        {
            await workload.ExecuteAsync(table.CreateSql(), cancellationToken);
            await workload.InsertAsync(table, rows, cancellationToken);
        }

        return workload;
    }

    /// <summary>
    /// Runs <paramref name="count"/> transactions; every <paramref name="largeEvery"/>-th is large (thousands of
    /// changes), the rest small. Each commits, or one time in seven rolls back.
    /// </summary>
    public async Task RunAsync(int count, int largeEvery, CancellationToken cancellationToken = default)
    {
        for (var i = 1; i <= count; i++)
        {
            await RunTransactionAsync(large: largeEvery > 0 && i % largeEvery == 0, cancellationToken);
        }
    }

    /// <summary>
    /// One transaction. A deadlock, which a copy's snapshot transaction on the node's side can cause by holding
    /// its tables while a truncate or DDL here wants them, rolls the transaction back like any other rollback.
    /// </summary>
    private async Task RunTransactionAsync(bool large, CancellationToken cancellationToken)
    {
        try
        {
            await TryRunTransactionAsync(large, cancellationToken);
        }
        catch (InvalidOperationException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected })
        {
            await ExecuteAsync("rollback", cancellationToken);
            Transactions = (Transactions.Committed, Transactions.RolledBack + 1);
            Deadlocks++;
        }
    }

    private async Task TryRunTransactionAsync(bool large, CancellationToken cancellationToken)
    {
        var working = _tables.Select(t => t.Clone()).ToList();
        List<WorkTable>? savepoint = null;
        await ExecuteAsync("begin", cancellationToken);
        var operations = large ? 4 : _random.Next(1, 7);
        for (var i = 0; i < operations; i++)
        {
            if (savepoint is null && _random.Next(12) == 0)
            {
                await ExecuteAsync("savepoint s", cancellationToken);
                savepoint = working.Select(t => t.Clone()).ToList();
            }
            else if (savepoint is not null && _random.Next(4) == 0)
            {
                await ExecuteAsync("rollback to savepoint s", cancellationToken);
                working = savepoint;
                savepoint = null;
            }

            if (large)
            {
                await LargeOperationAsync(working, cancellationToken);
            }
            else
            {
                await OperationAsync(working, cancellationToken);
            }
        }

        if (_random.Next(7) == 0)
        {
            await ExecuteAsync("rollback", cancellationToken);
            Transactions = (Transactions.Committed, Transactions.RolledBack + 1);
        }
        else
        {
            await ExecuteAsync("commit", cancellationToken);
            Transactions = (Transactions.Committed + 1, Transactions.RolledBack);
            _tables = working;
        }
    }

    private static List<WorkTable> StartingTables() =>
    [
        new("numbers", Columns(ColumnKinds.Int2, ColumnKinds.Int4, ColumnKinds.Int8, ColumnKinds.Numeric12, ColumnKinds.NumericFree,
            ColumnKinds.Numeric50, ColumnKinds.Float4, ColumnKinds.Float8, ColumnKinds.Bool), identityFull: false),
        new("texts", Columns(ColumnKinds.Text, ColumnKinds.Varchar, ColumnKinds.Char, ColumnKinds.Bytea, ColumnKinds.Uuid, ColumnKinds.Json,
            ColumnKinds.Jsonb, ColumnKinds.Mood, ColumnKinds.PosInt, ColumnKinds.ShortText), identityFull: false),
        new("times", Columns(ColumnKinds.Date, ColumnKinds.Time, ColumnKinds.TimeTz, ColumnKinds.Timestamp, ColumnKinds.TimestampTz,
            ColumnKinds.Interval), identityFull: false),
        new("nets_arrays", Columns(ColumnKinds.Inet, ColumnKinds.Cidr, ColumnKinds.MacAddr, ColumnKinds.Int4.ArrayOf(), ColumnKinds.Text.ArrayOf(),
            ColumnKinds.NumericFree.ArrayOf(), ColumnKinds.Float8.ArrayOf(), ColumnKinds.Bool.ArrayOf(), ColumnKinds.Date.ArrayOf(),
            ColumnKinds.TimestampTz.ArrayOf(), ColumnKinds.Uuid.ArrayOf(), ColumnKinds.Mood.ArrayOf()), identityFull: false),
        new("Full Mixed", [new WorkColumn("Odd \"Name\"", ColumnKinds.Text), .. Columns(ColumnKinds.Float8, ColumnKinds.Date,
            ColumnKinds.Int4.ArrayOf(), ColumnKinds.Jsonb, ColumnKinds.Numeric12)], identityFull: true),
    ];

    private static IEnumerable<WorkColumn> Columns(params ColumnKind[] kinds) => kinds.Select(k => new WorkColumn(k.Name, k));

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e)
        {
            throw new InvalidOperationException($"The workload's statement failed ({e.SqlState}: {e.MessageText}): {sql}", e);
        }

        Statements++;
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
