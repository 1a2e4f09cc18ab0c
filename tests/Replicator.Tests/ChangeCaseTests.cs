using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Postgres;

namespace HtapRouter.Replicator.Tests;

/// <summary>
/// Change cases the plain insert/update/delete tests leave out: truncates, key changes, identity FULL,
/// unchanged TOAST values, streamed in-progress transactions, schema changes and partitioned tables. Each
/// step is checked by running the same SELECT on the primary and on the node.
/// </summary>
public class ChangeCaseTests : ReplicationTestBase, IClassFixture<PostgresFixture>
{
    public ChangeCaseTests(PostgresFixture fixture)
        : base(fixture.Server)
    {
    }

    /// <summary>Runs <paramref name="test"/> with the primary streaming every transaction larger than 64 kB in progress.</summary>
    private async Task WithSmallDecodingMemoryAsync(Func<Task> test)
    {
        await Primary.ExecuteAsync("alter system set logical_decoding_work_mem = '64kB'");
        await Primary.ExecuteAsync("select pg_reload_conf()");
        try
        {
            await test();
        }
        finally
        {
            await Primary.ExecuteAsync("alter system reset logical_decoding_work_mem");
            await Primary.ExecuteAsync("select pg_reload_conf()");
        }
    }

    [Fact]
    public async Task Truncate_SeveralTablesInOneStatement_EmptiesEveryTable()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("""
            create table a (id int primary key, v text); create table b (id int primary key, v text); create table c (id int primary key);
            insert into a values (1, 'a1'), (2, 'a2'); insert into b values (1, 'b1'); insert into c values (7);
            """, database);
        await using var node = await ReplicaNode.StartAsync(primary, "trunc_many");
        const string Check = "select 'a', count(*) from a union all select 'b', count(*) from b union all select 'c', count(*) from c";
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("insert into a values (3, 'a3'); insert into b values (2, 'b2')", database);
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("truncate a, b", database);
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("insert into a values (10, 'after'); insert into c values (8)", database);
        await AssertConvergesAsync(node, database, Check);
        await AssertConvergesAsync(node, database, "select id, v from a order by id");
    }

    [Fact]
    public async Task Truncate_RestartIdentity_NewRowsGetTheRestartedIds()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("create table ticket (id serial primary key, v text); insert into ticket (v) values ('x'), ('y'), ('z')", database);
        await using var node = await ReplicaNode.StartAsync(primary, "trunc_restart");
        const string Check = "select id, v from ticket order by id";
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("truncate ticket restart identity", database);
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("insert into ticket (v) values ('again'), ('and again')", database);
        await AssertConvergesAsync(node, database, Check);
    }

    [Fact]
    public async Task Truncate_CascadeToPublishedChild_EmptiesParentAndChild()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("""
            create table parent (id int primary key); create table child (id int primary key, parent_id int references parent);
            insert into parent values (1), (2); insert into child values (10, 1), (11, 2);
            """, database);
        await using var node = await ReplicaNode.StartAsync(primary, "trunc_cascade");
        const string Check = "select 'p', id from parent union all select 'c', id from child order by 1, 2";
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("insert into parent values (3); insert into child values (12, 3)", database);
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("truncate parent cascade", database);
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("insert into parent values (4); insert into child values (13, 4)", database);
        await AssertConvergesAsync(node, database, Check);
    }

    [Fact]
    public async Task Update_PrimaryKeyChanges_RowMovesToTheNewKey()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("create table item (id int primary key, name text); insert into item values (1, 'one'), (2, 'two'), (3, 'three')", database);
        await using var node = await ReplicaNode.StartAsync(primary, "pk_update");
        const string Check = "select id, name from item order by id";
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("update item set id = id + 100 where id <= 2", database);
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("update item set id = 1, name = 'back to one' where id = 101; update item set name = 'still two' where id = 102", database);
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("delete from item where id = 102", database);
        await AssertConvergesAsync(node, database, Check);
    }

    [Fact]
    public async Task ReplicaIdentityFull_DuplicateRows_OnlyOneOfTwoIdenticalRowsIsDeleted()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("""
            create table dup (id int, name text, note text); alter table dup replica identity full;
            insert into dup values (1, 'same', null), (1, 'same', null), (2, 'other', 'n');
            """, database);
        await using var node = await ReplicaNode.StartAsync(primary, "ident_full");
        const string Check = "select id, name, note, count(*) from dup group by id, name, note order by id, name, note";
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("insert into dup values (3, 'three', 'x'), (3, 'three', 'x'), (3, 'three', 'x')", database);
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("delete from dup where ctid = (select ctid from dup where id = 1 limit 1)", database);
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("update dup set note = 'changed' where ctid = (select ctid from dup where id = 3 limit 1)", database);
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("update dup set name = 'renamed' where id = 2; delete from dup where id = 1", database);
        await AssertConvergesAsync(node, database, Check);
    }

    [Fact]
    public async Task Update_UnchangedToastedValue_LargeValueIsKept()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("""
            create table doc (id int primary key, big text, note text);
            alter table doc alter column big set storage external;
            insert into doc values (1, repeat('x', 100000), 'first'), (2, repeat('y', 20000) || 'end', 'second');
            """, database);
        await using var node = await ReplicaNode.StartAsync(primary, "toast");
        const string Check = "select id, length(big), md5(big), note from doc order by id";
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("insert into doc values (3, repeat('z', 100000), 'streamed')", database);
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("update doc set note = 'changed'; update doc set note = 'again' where id = 3", database);
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("update doc set big = repeat('w', 50000) where id = 2", database);
        await AssertConvergesAsync(node, database, Check);
    }

    [Fact]
    public async Task StreamedTransaction_FiftyThousandRows_AllArrive()
    {
        await WithSmallDecodingMemoryAsync(async () =>
        {
            var (database, primary) = await NewDatabaseAsync();
            await Primary.ExecuteAsync("create table big (id int primary key, v text)", database);
            await using var node = await ReplicaNode.StartAsync(primary, "stream_commit");
            const string Check = "select count(*), sum(id), count(distinct v) from big";
            await AssertConvergesAsync(node, database, Check);

            await Primary.ExecuteAsync("insert into big select g, 'row ' || g from generate_series(1, 50000) g", database);
            await AssertConvergesAsync(node, database, Check);

            await Primary.ExecuteAsync("begin; update big set v = v || '!' where id % 2 = 0; delete from big where id % 5 = 0; commit", database);
            await AssertConvergesAsync(node, database, Check);
        });
    }

    [Fact]
    public async Task StreamedTransaction_RolledBack_NothingArrives()
    {
        await WithSmallDecodingMemoryAsync(async () =>
        {
            var (database, primary) = await NewDatabaseAsync();
            await Primary.ExecuteAsync("create table big (id int primary key, v text); insert into big values (0, 'seed')", database);
            await using var node = await ReplicaNode.StartAsync(primary, "stream_abort");
            const string Check = "select count(*), sum(id) from big";
            await AssertConvergesAsync(node, database, Check);

            await Primary.ExecuteAsync("begin; insert into big select g, repeat('r', 50) from generate_series(1, 50000) g; rollback", database);

            // A later committed transaction shows that the node has read past the rolled-back one.
            await Primary.ExecuteAsync("insert into big values (-1, 'after')", database);
            await AssertConvergesAsync(node, database, Check);
        });
    }

    [Fact]
    public async Task StreamedTransaction_RollbackToSavepoint_OnlyKeptRowsArrive()
    {
        await WithSmallDecodingMemoryAsync(async () =>
        {
            var (database, primary) = await NewDatabaseAsync();
            await Primary.ExecuteAsync("create table big (id int primary key, v text)", database);
            await using var node = await ReplicaNode.StartAsync(primary, "stream_savepoint");
            const string Check = "select count(*), sum(id), min(id), max(id) from big";
            await AssertConvergesAsync(node, database, Check);

            await Primary.ExecuteAsync("""
                begin;
                insert into big select g, 'kept' from generate_series(1, 20000) g;
                savepoint s1;
                insert into big select g, 'dropped' from generate_series(20001, 40000) g;
                savepoint s2;
                insert into big select g, 'dropped too' from generate_series(40001, 45000) g;
                rollback to savepoint s1;
                insert into big select g, 'kept later' from generate_series(50001, 60000) g;
                savepoint s3;
                insert into big select g, 'kept in savepoint' from generate_series(60001, 65000) g;
                release savepoint s3;
                commit;
                """, database);
            await AssertConvergesAsync(node, database, Check);
            await AssertConvergesAsync(node, database, "select v, count(*) from big group by v order by v");
        });
    }

    [Fact]
    public async Task StreamedTransaction_TableFirstTouchedInRolledBackSavepoint_LaterRowsArrive()
    {
        await WithSmallDecodingMemoryAsync(async () =>
        {
            var (database, primary) = await NewDatabaseAsync();
            await Primary.ExecuteAsync("create table big (id int primary key, v text)", database);
            await using var node = await ReplicaNode.StartAsync(primary, "stream_shape");
            await AssertConvergesAsync(node, database, "select count(*) from big");

            // The primary describes "later" once per streamed transaction, inside the savepoint rolled back.
            await Primary.ExecuteAsync("""
                create table later (id int primary key, v text);
                begin;
                insert into big select g, repeat('b', 50) from generate_series(1, 5000) g;
                savepoint s1;
                insert into later select g, repeat('l', 50) from generate_series(1, 5000) g;
                rollback to savepoint s1;
                insert into later select g, 'kept' from generate_series(10001, 15000) g;
                commit;
                """, database);
            await AssertConvergesAsync(node, database, "select count(*), min(id), max(id) from later");
            await AssertConvergesAsync(node, database, "select count(*) from big");
        });
    }

    [Fact]
    public async Task SchemaChange_AddRenameRetypeDropColumns_RowsFollowEachShape()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("create table shape (id int primary key, qty int, label text); insert into shape values (1, 10, 'one')", database);
        await using var node = await ReplicaNode.StartAsync(primary, "schema");
        const string Check = "select * from shape order by id";
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("alter table shape add column extra text; insert into shape values (2, 20, 'two', 'x'); update shape set extra = 'y' where id = 1", database);
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("alter table shape rename column label to title; insert into shape values (3, 30, 'three', 'z'); update shape set title = 'uno' where id = 1", database);
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("alter table shape alter column qty type bigint; insert into shape values (4, 9000000000, 'four', null); update shape set qty = 8000000000 where id = 2", database);
        await AssertConvergesAsync(node, database, Check);
        await AssertConvergesAsync(node, database, "select pg_typeof(qty)::text from shape where id = 4");

        await Primary.ExecuteAsync("alter table shape drop column extra; insert into shape values (5, 50, 'five'); update shape set title = 'tres' where id = 3", database);
        await AssertConvergesAsync(node, database, Check);
    }

    [Fact]
    public async Task SchemaChange_TableCreatedAfterStart_IsReplicatedWithItsRows()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("create table first (id int primary key); insert into first values (1)", database);
        await using var node = await ReplicaNode.StartAsync(primary, "new_table");
        await AssertConvergesAsync(node, database, "select id from first");

        await Primary.ExecuteAsync("create table later (id int primary key, name text); insert into later values (1, 'a'), (2, 'b')", database);
        await AssertConvergesAsync(node, database, "select id, name from later order by id");

        await Primary.ExecuteAsync("update later set name = 'bee' where id = 2; delete from later where id = 1; insert into later values (3, 'c')", database);
        await AssertConvergesAsync(node, database, "select id, name from later order by id");
    }

    [Fact]
    public async Task SchemaChange_AddColumnWithDefault_OlderRowsReadTheDefault()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("create table stock (id int primary key, qty int); insert into stock values (1, 10), (2, 20)", database);
        await using var node = await ReplicaNode.StartAsync(primary, "add_default");
        const string Check = "select * from stock order by id";
        await AssertConvergesAsync(node, database, Check);

        // The default is stored once in the catalog, not in the older rows, and no change carries it.
        await Primary.ExecuteAsync("""
            alter table stock add column place text default 'it''s {here}';
            alter table stock add column tags int[] default '{1,NULL,3}';
            insert into stock (id, qty) values (3, 30)
            """, database);
        await AssertConvergesAsync(node, database, Check);
    }

    // The node reads a column's missing value (attmissingval) from the primary's catalog when the Relation message
    // arrives, and a table rewrite in between (here adding a column of a domain with a CHECK; also a retype, VACUUM
    // FULL, CLUSTER) has cleared it after writing it into the rows, where no change carries it. The node cannot
    // know older rows' value, so it copies the table again.
    [Fact]
    public async Task SchemaChange_AddColumnWithDefaultThenTableRewrite_OlderRowsReadTheDefault()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("""
            create domain positive as int check (value > 0);
            create table stock (id int primary key, qty int); insert into stock values (1, 10), (2, 20)
            """, database);
        var node = await ReplicaNode.StartAsync(primary, "default_rewrite");
        await using (node)
        {
            const string Check = "select * from stock order by id";
            await AssertConvergesAsync(node, database, Check);

            // The node is down, so it reads the catalog only after the rewrite has written the default into the rows.
            await node.StopAsync();
            await Primary.ExecuteAsync("""
                alter table stock add column place text default 'here'; insert into stock (id, qty) values (3, 30);
                alter table stock add column rank positive; insert into stock (id, qty, rank) values (4, 40, 1);
                """, database);
            await node.StartAsync("default_rewrite");
            await AssertConvergesAsync(node, database, Check);
        }
    }

    // A volatile default is written into every row by a rewrite when the column is added: no missing value, no change.
    [Fact]
    public async Task SchemaChange_AddColumnWithVolatileDefault_OlderRowsReadTheirValues()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("create table stock (id int primary key, qty int); insert into stock select i, i * 10 from generate_series(1, 50) i", database);
        await using var node = await ReplicaNode.StartAsync(primary, "volatile_default");
        const string Check = "select * from stock order by id";
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("""
            create sequence stamps;
            alter table stock add column stamp bigint default nextval('stamps'); insert into stock (id, qty) values (51, 510);
            update stock set qty = qty + 1 where id % 7 = 0;
            """, database);
        await AssertConvergesAsync(node, database, Check);
    }

    // The workload's seed 195017984: a column added with a default and dropped again before the node reads the
    // catalog. Dropping it clears the missing value, and older rows, which read the default on the primary, read NULL
    // on the node; under REPLICA IDENTITY FULL an update or delete of such a row then finds no row to change.
    [Fact]
    public async Task SchemaChange_AddColumnWithDefaultThenDrop_IdentityFullChangesStillFindOlderRows()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("""
            create table mood (id bigint not null, feeling text); alter table mood replica identity full;
            insert into mood select i, 'calm ' || i from generate_series(1, 20) i
            """, database);
        var node = await ReplicaNode.StartAsync(primary, "default_drop_full");
        await using (node)
        {
            const string Check = "select * from mood order by id";
            await AssertConvergesAsync(node, database, Check);

            await node.StopAsync();
            await Primary.ExecuteAsync("""
                alter table mood add column note text default 'n/a'; insert into mood values (21, 'new', 'set');
                update mood set feeling = 'angry' where id = 3; delete from mood where id = 4; update mood set id = 40 where id = 5;
                alter table mood drop column note; insert into mood values (22, 'after');
                update mood set feeling = 'glad' where id in (6, 21);
                """, database);
            await node.StartAsync("default_drop_full");
            await AssertConvergesAsync(node, database, Check);
        }
    }

    // The node reads the missing value when the Relation message arrives; a rename since must not hide it (see
    // PrimaryCatalog.MatchColumns).
    [Fact]
    public async Task SchemaChange_AddColumnWithDefaultThenRename_OlderRowsReadTheDefault()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("create table stock (id int primary key, qty int); insert into stock values (1, 10), (2, 20)", database);
        var node = await ReplicaNode.StartAsync(primary, "default_rename");
        await using (node)
        {
            const string Check = "select * from stock order by id";
            await AssertConvergesAsync(node, database, Check);

            await node.StopAsync();
            await Primary.ExecuteAsync("""
                alter table stock add column place text default 'here'; insert into stock (id, qty) values (3, 30);
                alter table stock rename column place to spot; insert into stock (id, qty) values (4, 40);
                """, database);
            await node.StartAsync("default_rename");
            await AssertConvergesAsync(node, database, Check);
        }
    }

    [Fact]
    public async Task SchemaChange_AfterUpdatesInTheSameBatch_AppliesBoth()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("create table shape (id int primary key, qty int, note text); insert into shape values (1, 10, 'a'), (2, 20, 'b')", database);
        await using var node = await ReplicaNode.StartAsync(primary, "update_then_alter");
        const string Check = "select * from shape order by id";
        await AssertConvergesAsync(node, database, Check);

        // One source transaction, so one DuckDB transaction: rows updated and deleted, then the table altered.
        await Primary.ExecuteAsync("""
            begin;
            update shape set qty = qty + 1; delete from shape where id = 2;
            alter table shape add column extra int; alter table shape alter column qty type bigint; alter table shape drop column note;
            insert into shape values (3, 30, 3); update shape set extra = 7 where id = 1;
            commit;
            """, database);
        await AssertConvergesAsync(node, database, Check);
    }

    [Fact]
    public async Task PartitionedTable_SalesByDate_ReplicatesAsOneTable()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("""
            create table sales (order_id int, order_date date, order_amount numeric) partition by range (order_date);
            create table sales_2023 partition of sales for values from ('2023-01-01') to ('2024-01-01');
            create table sales_2024 partition of sales for values from ('2024-01-01') to ('2025-01-01');
            insert into sales_2023 (order_id, order_date, order_amount) values
                (1, '2023-03-15', 500.00), (2, '2023-06-01', 750.00), (3, '2023-09-20', 300.00), (4, '2023-11-30', 1000.00);
            insert into sales_2024 (order_id, order_date, order_amount) values
                (5, '2024-02-10', 400.00), (6, '2024-05-05', 600.00), (7, '2024-08-15', 850.00), (8, '2024-11-22', 700.00);
            """, database);
        await using var node = await ReplicaNode.StartAsync(primary, "partitioned");
        const string Check = "select order_id, order_date, order_amount from sales order by order_id";
        await AssertConvergesAsync(node, database, Check);

        await Primary.ExecuteAsync("insert into sales values (9, '2023-12-31', 12.50), (10, '2024-01-01', 99.99); insert into sales_2024 values (11, '2024-06-06', 1)", database);
        await AssertConvergesAsync(node, database, Check);

        var tables = await Psql.QueryAsync(node.Endpoint(), "select string_agg(table_name, ',' order by table_name) from information_schema.tables where table_name like 'sales%'");
        Assert.Equal("sales", tables);
    }
}
