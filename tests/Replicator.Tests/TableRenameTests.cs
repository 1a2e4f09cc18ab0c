using HtapRouter.TestSupport.Postgres;

namespace HtapRouter.Replicator.Tests;

/// <summary>
/// Tables renamed (ALTER TABLE ... RENAME TO) or moved to another schema (SET SCHEMA) on the primary: the node's
/// table follows under the same relation OID, rows and all, and no empty table appears under the new name nor a
/// stale one stays under the old. Each step is checked by running the same SELECT on the primary and on the node.
/// </summary>
public class TableRenameTests : ReplicationTestBase, IClassFixture<PostgresFixture>
{
    /// <summary>How many tables of each name the database has outside the system schemas.</summary>
    private const string Tables = """
        select table_schema || '.' || table_name from information_schema.tables
        where table_name in ('item', 'goods', 'other') or table_name like '%htap%' order by 1
        """;

    public TableRenameTests(PostgresFixture fixture)
        : base(fixture.Server)
    {
    }

    [Fact]
    public async Task Rename_RowsBeforeAndAfter_AreAllUnderTheNewName()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("create table item (id int primary key, v text); insert into item values (1, 'a'), (2, 'b')", database);
        await using var node = await ReplicaNode.StartAsync(primary, "rename_rows");
        await AssertConvergesAsync(node, database, "select id, v from item order by id");

        await Primary.ExecuteAsync("insert into item values (3, 'c'); update item set v = 'bb' where id = 2", database);
        await AssertConvergesAsync(node, database, "select id, v from item order by id");

        await Primary.ExecuteAsync("alter table item rename to goods; insert into goods values (4, 'd'); delete from goods where id = 1", database);
        await AssertConvergesAsync(node, database, "select id, v from goods order by id");
        await AssertConvergesAsync(node, database, Tables);

        // Renamed back, and the table keeps working under each name.
        await Primary.ExecuteAsync("alter table goods rename to item; update item set v = 'again' where id = 3", database);
        await AssertConvergesAsync(node, database, "select id, v from item order by id");
        await AssertConvergesAsync(node, database, Tables);
    }

    [Fact]
    public async Task SetSchema_MovesTheTableWithItsRows()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("""
            create schema archive;
            create table item (id int primary key, v text not null, n numeric(10,2)); insert into item values (1, 'a', 1.5), (2, 'b', 2.5);
            """, database);
        await using var node = await ReplicaNode.StartAsync(primary, "set_schema");
        await AssertConvergesAsync(node, database, "select id, v, n from item order by id");

        await Primary.ExecuteAsync("alter table item set schema archive; insert into archive.item values (3, 'c', 3.5); update archive.item set n = 9 where id = 1", database);
        await AssertConvergesAsync(node, database, "select id, v, n from archive.item order by id");
        await AssertConvergesAsync(node, database, Tables);

        // Moved and renamed back in one transaction, with updates before and after.
        await Primary.ExecuteAsync("""
            begin;
            update archive.item set v = 'x' where id = 2; delete from archive.item where id = 3;
            alter table archive.item set schema public; alter table item rename to goods;
            insert into goods values (4, 'd', 4); update goods set v = 'y' where id = 1;
            commit;
            """, database);
        await AssertConvergesAsync(node, database, "select id, v, n from goods order by id");
        await AssertConvergesAsync(node, database, Tables);
    }

    [Fact]
    public async Task RenameThenCreateWithTheOldName_KeepsBothTablesApart()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("create table item (id int primary key, v text); insert into item values (1, 'old'), (2, 'old')", database);
        await using var node = await ReplicaNode.StartAsync(primary, "rename_recreate");
        await AssertConvergesAsync(node, database, "select id, v from item order by id");

        // One transaction: rows of the old table before the rename, the new table under its name, and both after.
        await Primary.ExecuteAsync("""
            begin;
            insert into item values (3, 'old'); update item set v = 'old2' where id = 1;
            alter table item rename to goods;
            create table item (id int primary key, w int); insert into item values (10, 100), (11, 110);
            insert into goods values (4, 'old'); delete from goods where id = 2;
            commit;
            """, database);
        await AssertConvergesAsync(node, database, "select id, v from goods order by id");
        await AssertConvergesAsync(node, database, "select id, w from item order by id");
        await AssertConvergesAsync(node, database, Tables);

        // The same in separate transactions, with the renamed table changed only after the new one exists.
        await Primary.ExecuteAsync("alter table goods rename to other", database);
        await Primary.ExecuteAsync("create table goods (id int primary key, z text); insert into goods values (20, 'new')", database);
        await Primary.ExecuteAsync("update other set v = 'moved' where id = 3; update item set w = 0 where id = 10", database);
        await AssertConvergesAsync(node, database, "select id, v from other order by id");
        await AssertConvergesAsync(node, database, "select id, z from goods order by id");
        await AssertConvergesAsync(node, database, "select id, w from item order by id");
        await AssertConvergesAsync(node, database, Tables);
    }

    [Fact]
    public async Task RenameWhileTheNodeIsStopped_RestartRenamesTheTable()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("create table item (id int primary key, v text); insert into item select g, 'v' || g from generate_series(1, 100) g", database);
        var node = await ReplicaNode.StartAsync(primary, "rename_stopped");
        await using (node)
        {
            await AssertConvergesAsync(node, database, "select count(*), sum(id) from item");

            await node.StopAsync();
            await Primary.ExecuteAsync("""
                alter table item rename to goods; insert into goods values (101, 'new'); update goods set v = 'u' where id <= 10;
                create schema archive; create table other (id int primary key); insert into other values (1);
                alter table other set schema archive;
                """, database);
            await node.StartAsync("rename_stopped");
            await AssertConvergesAsync(node, database, "select id, v from goods order by id");
            await AssertConvergesAsync(node, database, "select id from archive.other");
            await AssertConvergesAsync(node, database, Tables);

            // Renamed again after the restart, then restarted once more: the relation is still found.
            await Primary.ExecuteAsync("alter table goods rename to item; delete from item where id > 50", database);
            await AssertConvergesAsync(node, database, "select id, v from item order by id");
            await node.StopAsync();
            await Primary.ExecuteAsync("insert into item values (500, 'after')", database);
            await node.StartAsync("rename_stopped");
            await AssertConvergesAsync(node, database, "select id, v from item order by id");
            await AssertConvergesAsync(node, database, Tables);
        }
    }

    [Fact]
    public async Task RenameMidBatch_PendingUpdatesAndDeletes_LandInTheRenamedTable()
    {
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync("""
            create table item (id int primary key, v text, big text);
            insert into item select g, 'v' || g, repeat('x', 5000) from generate_series(1, 200) g;
            create table other (id int primary key, v text); insert into other select g, 'o' || g from generate_series(1, 50) g;
            """, database);
        await using var node = await ReplicaNode.StartAsync(primary, "rename_batch");
        const string Check = "select id, v, md5(big) from goods order by id";
        await AssertConvergesAsync(node, database, "select count(*), sum(id) from item");

        // One source transaction, so one DuckDB batch: condensed updates (some keeping the unchanged TOASTed column),
        // deletes and inserts held back for the table when it is renamed, then more changes under the new name.
        await Primary.ExecuteAsync("""
            begin;
            update item set v = 'u' || id where id <= 40;
            delete from item where id between 41 and 60;
            insert into item select g, 'n' || g, null from generate_series(201, 300) g;
            update item set big = 'short' where id between 61 and 70;
            alter table item rename to goods;
            update goods set v = 'after' where id between 30 and 80;
            delete from goods where id between 290 and 300;
            insert into goods values (1000, 'k', 'k');
            commit;
            """, database);
        await AssertConvergesAsync(node, database, Check);

        // Inserts only before the rename, and a rename with a move to another schema in one batch.
        await Primary.ExecuteAsync("""
            begin;
            insert into goods values (2000, 'i', 'i'); insert into other values (100, 'x');
            alter table goods rename to item; create schema archive; alter table other set schema archive;
            update item set v = 'z' where id = 2000; delete from archive.other where id < 10;
            commit;
            """, database);
        await AssertConvergesAsync(node, database, "select id, v, md5(big) from item order by id");
        await AssertConvergesAsync(node, database, "select id, v from archive.other order by id");
        await AssertConvergesAsync(node, database, Tables);
    }
}
