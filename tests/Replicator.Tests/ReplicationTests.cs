using Setup = HtapRouter.Replicator.Primary;
using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Postgres;
using Npgsql;

namespace HtapRouter.Replicator.Tests;

/// <summary>
/// A real primary replicated into a real node: the initial copy, streamed changes, restarts and lag, checked
/// by running the same SELECT on the primary and on the node with psql.
/// </summary>
public class ReplicationTests : ReplicationTestBase, IClassFixture<PostgresFixture>
{
    public ReplicationTests(PostgresFixture fixture)
        : base(fixture.Server)
    {
    }

    [Fact]
    public async Task Replicate_SeedTable_CopiesThenStreamsInsertsUpdatesDeletes()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("create table test (id integer primary key, name text); insert into test values (1, 'test')", database);
        await using var node = await ReplicaNode.StartAsync(primary, "seed");

        await AssertConvergesAsync(node, database, "select id, name from test order by id");

        await Primary.ExecuteAsync("insert into test values (2, 'test again'), (3, 'three')", database);
        await AssertConvergesAsync(node, database, "select id, name from test order by id");

        await Primary.ExecuteAsync("update test set name = 'renamed' where id = 1; update test set id = 30 where id = 3; delete from test where id = 2", database);
        await AssertConvergesAsync(node, database, "select id, name from test order by id");
    }

    [Fact]
    public async Task Replicate_ManyTypes_SameValuesOnTheNode()
    {
        var (database, primary) = await NewDatabaseAsync();
        const string Columns = """
            id int primary key, i2 int2, i8 int8, n numeric(12,3), nfree numeric, r real, d double precision, b bool,
            t text, vc varchar(20), c char(3), bin bytea, dt date, tm time, ttz timetz, ts timestamp, tstz timestamptz,
            iv interval, u uuid, j json, jb jsonb, ip inet, ia int[], ta text[], mood mood
            """;
        const string Values = """
            (1, -32768, 9223372036854775807, 123456789.125, 3.14159265358979323846264338327950288, 1.5, -2.25e-10, true,
             'ünïcode, "quoted"', 'short', 'ab', '\x00ff10', '2024-02-29', '23:59:59.999999', '04:05:06+02',
             '2000-01-01 00:00:00', '2024-06-30 12:34:56.789+02', '-1 days +02:03:00', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
             '{"b": 1, "a": [1, 2]}', '{"b": 1, "a": [1, 2]}', '192.168.0.1/24', '{1,NULL,3}', '{a,"b c",NULL,"d,e"}', 'happy'),
            (2, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
             null, null, null, null, null, null)
            """;
        await Primary.ExecuteAsync($"create type mood as enum ('sad', 'happy'); create table typed ({Columns}); insert into typed values {Values}", database);
        await using var node = await ReplicaNode.StartAsync(primary, "types");

        const string Check = "select id, i2, i8, n, nfree, r, d, b, t, vc, c, bin, dt, tm, ttz, ts, tstz, iv, u, j::text, ip, ia, ta, mood::text from typed order by id";
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync($"insert into typed select id + 10, i2, i8, n, nfree, r, d, b, t, vc, c, bin, dt, tm, ttz, ts, tstz, iv, u, j, jb, ip, ia, ta, mood from typed", database);
        await AssertConvergesAsync(node, database, Check);
    }

    [Fact]
    public async Task Replicate_CharColumns_ComparedAndPaddedAsOnThePrimary()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("""
            create table seg (code char(4) primary key, segment char(10) not null, flag char(1));
            insert into seg values ('a', 'BUILDING', 'Y'), ('bb  ', 'AUTO', null), ('ccc', 'MACHINERY ', 'N');
            """, database);
        await using var node = await ReplicaNode.StartAsync(primary, "bpchar");

        string[] checks =
        [
            "select code, segment, flag from seg order by code",
            "select code, length(segment), segment || '|' as bar from seg where segment = 'BUILDING' or segment like 'MACH%' order by code",
            "select segment, count(*) from seg group by segment order by segment",
        ];
        foreach (var check in checks)
        {
            await AssertConvergesAsync(node, database, check);
        }

        await Primary.ExecuteAsync("""
            insert into seg values ('dd', 'BUILDING', 'Y');
            update seg set segment = 'FURNITURE' where code = 'bb';
            delete from seg where code = 'a   ';
            """, database);
        foreach (var check in checks)
        {
            await AssertConvergesAsync(node, database, check);
        }
    }

    /// <summary>
    /// The node types char(n) output from the column types it read last; it reads them again when the replicator has
    /// committed a schema change (a new table, an added column), not for every applied change.
    /// </summary>
    [Fact]
    public async Task Replicate_CharColumnsCreatedWhileStreaming_PaddedAsOnThePrimary()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("create table first (id integer primary key); insert into first values (1)", database);
        await using var node = await ReplicaNode.StartAsync(primary, "later_bpchar");
        await AssertConvergesAsync(node, database, "select id from first");

        await Primary.ExecuteAsync("""
            create table later (id integer primary key, code char(5));
            insert into later values (1, 'ab'), (2, null);
            insert into first values (2);
            """, database);
        await AssertConvergesAsync(node, database, "select id, code, code || '|' as bar from later order by id");

        await Primary.ExecuteAsync("""
            alter table later add column flag char(3);
            insert into later values (3, 'cde', 'x');
            """, database);
        await AssertConvergesAsync(node, database, "select id, code, flag, flag || '|' as bar from later order by id");
    }

    [Fact]
    public async Task Restart_ChangesWhileDown_AreAppliedOnceAfterwards()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("create table events (id bigint primary key, note text); insert into events select g, 'n' || g from generate_series(1, 1000) g", database);
        var node = await ReplicaNode.StartAsync(primary, "restart");
        await using (node)
        {
            await AssertConvergesAsync(node, database, "select count(*), sum(id) from events");

            await node.StopAsync();
            await Primary.ExecuteAsync("insert into events select g, 'late' from generate_series(1001, 2000) g; delete from events where id <= 10", database);
            await node.StartAsync("restart");

            await AssertConvergesAsync(node, database, "select count(*), sum(id), count(distinct id) from events");
        }
    }

    [Fact]
    public async Task IdlePrimary_ReplayPositionCatchesUpWithThePrimary()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("create table pulse (id int primary key)", database);
        await using var node = await ReplicaNode.StartAsync(primary, "lag");
        await Primary.ExecuteAsync("insert into pulse values (1)", database);
        await AssertConvergesAsync(node, database, "select count(*) from pulse");

        // The first row may have come with the initial copy; this one is certainly streamed.
        await Primary.ExecuteAsync("insert into pulse values (2)", database);
        await AssertConvergesAsync(node, database, "select count(*) from pulse");

        // With nothing more to replicate, the node's replay position reaches the primary's current position.
        var deadline = DateTime.UtcNow + Patience;
        long lag = -1;
        while (DateTime.UtcNow < deadline)
        {
            var current = await Primary.ScalarAsync<string>("select pg_current_wal_lsn()::text", database);
            var replayed = (await Psql.QueryAsync(node.Endpoint(), "select pg_last_wal_replay_lsn()")).Trim();
            lag = Lsn(current) - Lsn(replayed);
            if (lag <= 0)
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.True(lag <= 0, $"the node still lags {lag} bytes behind an idle primary");
        Assert.Equal("t", await Psql.QueryAsync(node.Endpoint(), "select pg_last_xact_replay_timestamp() is not null"));
    }

    [Fact]
    public async Task InitialCopy_Progress_IsQueryableOnTheNode()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("""
            create table big (id int primary key, note text); insert into big select g, 'row ' || g from generate_series(1, 25000) g;
            create table small (id int primary key); insert into small values (1), (2), (3);
            analyze big; analyze small;
            """, database);
        await using var node = await ReplicaNode.StartAsync(primary, "progress");
        await AssertConvergesAsync(node, database, "select (select count(*) from big), (select count(*) from small)");

        var progress = await Psql.QueryAsync(node.Endpoint(),
            "select table_name, rows_copied, estimated_rows, done, rows_per_second > 0, seconds_left from htap_meta.sync_progress order by 1");

        Assert.Equal("public.big|25000|25000|t|t|0\npublic.small|3|3|t|t|0", progress);
    }

    [Fact]
    public async Task Psql_DescribeReplicatedTable_ShowsThePrimarysTypesDefaultsAndKeys()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("""
            create table accounts (id bigserial primary key, owner varchar(20) not null, code char(3), balance numeric(12,2) default 0,
                opened timestamptz default now(), constraint accounts_owner_code_key unique (owner, code));
            insert into accounts (owner, code) values ('ann', 'a1');
            """, database);
        await using var node = await ReplicaNode.StartAsync(primary, "describe");
        await AssertConvergesAsync(node, database, "select count(*) from accounts");
        await AssertDescribedAlikeAsync(node, database, "accounts");

        // Keys and defaults added later arrive with the next change's Relation message.
        await Primary.ExecuteAsync("""
            alter table accounts add column region text default 'eu', add constraint accounts_code_key unique (code);
            insert into accounts (owner, code) values ('bob', 'b2');
            """, database);
        await AssertConvergesAsync(node, database, "select id, owner, code, region from accounts order by id");
        await AssertDescribedAlikeAsync(node, database, "accounts");
    }

    /// <summary>psql's <c>\d</c> of a replicated table: columns, defaults and indexes to the letter; the node shows no publications.</summary>
    private async Task AssertDescribedAlikeAsync(ReplicaNode node, string database, string table)
    {
        var expected = await Psql.RunAsync(Primary.Endpoint(database), ["-X", "-c", $"\\d {table}"]);
        var actual = await Psql.RunAsync(node.Endpoint(), ["-X", "-c", $"\\d {table}"]);
        Assert.True(actual.Succeeded, actual.Describe());
        Assert.Equal(expected.StandardOutput.Split("Publications:")[0].TrimEnd(), actual.StandardOutput.TrimEnd());
    }

    [Fact]
    public async Task Publication_TablesAddedLater_ExistingRowsCopiedThenStreamedUnderConcurrentWrites()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("""
            create table first (id int primary key, v text); insert into first values (1, 'one');
            create table busy (id int primary key, v text); insert into busy select g, 'old ' || g from generate_series(1, 20000) g;
            create table quiet (id int primary key, v text); insert into quiet select g, 'q' || g from generate_series(1, 500) g;
            create publication pub_added for table first with (publish_via_partition_root = true);
            """, database);
        await using var node = await ReplicaNode.StartAsync(primary, "added");
        await AssertConvergesAsync(node, database, "select id, v from first order by id");
        Assert.Equal("0", await Psql.QueryAsync(node.Endpoint(), "select count(*) from information_schema.tables where table_name in ('busy', 'quiet')"));

        // Writers keep changing busy before, while and after it joins the publication: every change must end up
        // on the node exactly once, whether the copy or the stream carries it.
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            await using var connection = await Primary.OpenConnectionAsync(database);
            for (var i = 1; !stop.IsCancellationRequested; i++)
            {
                await using var command = new NpgsqlCommand(
                    $"insert into busy values ({20000 + i}, 'new'); update busy set v = v || '+' where id = {i * 7 % 20000 + 1}; delete from busy where id = {i * 13 % 20000 + 1}",
                    connection);
                await command.ExecuteNonQueryAsync();
            }
        });
        await Task.Delay(300);
        await Primary.ExecuteAsync("alter publication pub_added add table busy", database);
        await Task.Delay(1500);
        await stop.CancelAsync();
        await writer;

        // quiet joins and is never changed again: the node finds it by looking at the publication.
        await Primary.ExecuteAsync("alter publication pub_added add table quiet", database);

        await AssertConvergesAsync(node, database, "select count(*), sum(id), sum(length(v)), md5(string_agg(v, ',' order by id)) from busy");
        await AssertConvergesAsync(node, database, "select count(*), sum(id), md5(string_agg(v, ',' order by id)) from quiet");

        await Primary.ExecuteAsync("update quiet set v = 'changed' where id <= 10; delete from busy where id > 20000", database);
        await AssertConvergesAsync(node, database, "select count(*), sum(id), md5(string_agg(v, ',' order by id)) from quiet");
        await AssertConvergesAsync(node, database, "select count(*), sum(id), sum(length(v)), md5(string_agg(v, ',' order by id)) from busy");
    }

    [Fact]
    public async Task PrimaryChecks_UserWithoutReplication_SaysWhatToChange()
    {
        var (database, _) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("drop role if exists plain_user; create role plain_user login password 'pw'", database);
        var connectionString = new NpgsqlConnectionStringBuilder(Primary.ConnectionString(database)) { Username = "plain_user", Password = "pw" }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        var error = await Assert.ThrowsAsync<Setup.ReplicatorSetupException>(() => Setup.PrimaryChecks.VerifyAsync(connection, "any_slot", CancellationToken.None));
        Assert.Contains("ALTER ROLE \"plain_user\" REPLICATION", error.Message, StringComparison.Ordinal);
    }

    private static long Lsn(string text)
    {
        var parts = text.Split('/');
        return (long)((Convert.ToUInt64(parts[0], 16) << 32) | Convert.ToUInt64(parts[1], 16));
    }
}
