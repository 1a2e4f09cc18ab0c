namespace HtapRouter.Replicator.Tests.Workload;

/// <summary>The workload's statements, each keeping the transaction's copy of the tables in step.</summary>
internal sealed partial class RandomWorkload
{
    private async Task OperationAsync(List<WorkTable> tables, CancellationToken cancellationToken)
    {
        var table = tables[_random.Next(tables.Count)];
        var roll = _random.Next(100);
        switch (roll)
        {
            case < 35:
                await InsertAsync(table, _random.Next(1, 5), cancellationToken);
                break;
            case < 58:
                await UpdateAsync(table, cancellationToken);
                break;
            case < 66:
                await UpdateKeyAsync(table, cancellationToken);
                break;
            case < 80:
                await DeleteAsync(table, _random.Next(1, 4), cancellationToken);
                break;
            case < 82:
                await TruncateAsync(tables, cancellationToken);
                break;
            default:
                await DdlAsync(tables, table, roll, cancellationToken);
                break;
        }
    }

    /// <summary>One step of a large transaction: hundreds to thousands of rows at once.</summary>
    private async Task LargeOperationAsync(List<WorkTable> tables, CancellationToken cancellationToken)
    {
        var table = tables[_random.Next(tables.Count)];
        switch (_random.Next(4))
        {
            case 0:
            case 1:
                for (var i = 0; i < 4; i++)
                {
                    await InsertAsync(table, 300, cancellationToken);
                }

                break;
            case 2:
                var column = table.Columns[_random.Next(table.Columns.Count)];
                var modulus = _random.Next(2, 5);
                await ExecuteAsync($"update {table.QuotedName} set {WorkTable.Quote(column.Name)} = {column.Kind.NextValue(_random)} where id % {modulus} = 1",
                    cancellationToken);
                break;
            default:
                var divisor = _random.Next(3, 7);
                await ExecuteAsync($"delete from {table.QuotedName} where id % {divisor} = 2", cancellationToken);
                table.Ids.RemoveWhere(id => id % divisor == 2);
                break;
        }
    }

    private async Task InsertAsync(WorkTable table, int rows, CancellationToken cancellationToken)
    {
        if (rows == 0)
        {
            return;
        }

        var columns = string.Join("", table.Columns.Select(c => ", " + WorkTable.Quote(c.Name)));
        var values = new List<string>(rows);
        for (var i = 0; i < rows; i++)
        {
            var id = _nextId++;
            table.Ids.Add(id);
            values.Add($"({id}{string.Join("", table.Columns.Select(c => ", " + c.Kind.NextValue(_random)))})");
        }

        await ExecuteAsync($"insert into {table.QuotedName} (id{columns}) values {string.Join(", ", values)}", cancellationToken);
    }

    /// <summary>Sets a random set of columns on one to three rows, each row its own statement and values.</summary>
    private async Task UpdateAsync(WorkTable table, CancellationToken cancellationToken)
    {
        foreach (var id in table.PickIds(_random, _random.Next(1, 4)))
        {
            var assignments = table.Columns.Where(_ => _random.Next(3) == 0).DefaultIfEmpty(table.Columns[_random.Next(table.Columns.Count)])
                .Select(c => $"{WorkTable.Quote(c.Name)} = {c.Kind.NextValue(_random)}");
            await ExecuteAsync($"update {table.QuotedName} set {string.Join(", ", assignments)} where id = {id}", cancellationToken);
        }
    }

    /// <summary>Moves a row to a new id, sometimes changing another column in the same statement.</summary>
    private async Task UpdateKeyAsync(WorkTable table, CancellationToken cancellationToken)
    {
        foreach (var id in table.PickIds(_random, 1))
        {
            var newId = _nextId++;
            var also = _random.Next(2) == 0 && table.Columns.Count > 0
                ? table.Columns[_random.Next(table.Columns.Count)] is var c ? $", {WorkTable.Quote(c.Name)} = {c.Kind.NextValue(_random)}" : ""
                : "";
            await ExecuteAsync($"update {table.QuotedName} set id = {newId}{also} where id = {id}", cancellationToken);
            table.Ids.Remove(id);
            table.Ids.Add(newId);
        }
    }

    private async Task DeleteAsync(WorkTable table, int rows, CancellationToken cancellationToken)
    {
        var ids = table.PickIds(_random, rows);
        if (ids.Count > 0)
        {
            await ExecuteAsync($"delete from {table.QuotedName} where id in ({string.Join(", ", ids)})", cancellationToken);
            table.Ids.ExceptWith(ids);
        }
    }

    /// <summary>Truncates one or two tables in one statement, then refills the first a little.</summary>
    private async Task TruncateAsync(List<WorkTable> tables, CancellationToken cancellationToken)
    {
        var truncated = tables.OrderBy(_ => _random.Next()).Take(_random.Next(1, 3)).ToList();
        await ExecuteAsync($"truncate {string.Join(", ", truncated.Select(t => t.QuotedName))}", cancellationToken);
        foreach (var table in truncated)
        {
            table.Ids.Clear();
        }

        await InsertAsync(truncated[0], _random.Next(1, 4), cancellationToken);
    }

    /// <summary>
    /// One schema change, then a row written in the new shape in the same transaction, so the primary describes
    /// each shape on its own (a drop and an add in one description are indistinguishable from a rename).
    /// </summary>
    private async Task DdlAsync(List<WorkTable> tables, WorkTable table, int roll, CancellationToken cancellationToken)
    {
        switch (roll % 6)
        {
            case 0 when table.Columns.Count > 2:
                var dropped = table.Columns[_random.Next(table.Columns.Count)];
                await ExecuteAsync($"alter table {table.QuotedName} drop column {WorkTable.Quote(dropped.Name)}", cancellationToken);
                table.Columns.Remove(dropped);
                break;
            // A rename, a retype (a table rewrite) or a drop after ADD COLUMN ... DEFAULT, before the node reads the
            // primary's catalog, hides older rows' default from it: the node then copies the table again.
            case 1:
                var renamed = _random.Next(table.Columns.Count);
                var newName = $"renamed_{_nextName++}";
                await ExecuteAsync($"alter table {table.QuotedName} rename column {WorkTable.Quote(table.Columns[renamed].Name)} to {newName}", cancellationToken);
                table.Columns[renamed] = table.Columns[renamed] with { Name = newName };
                break;
            case 2 when table.Columns.FindIndex(c => c.Kind == ColumnKinds.Int4) is var retyped and >= 0:
                await ExecuteAsync($"alter table {table.QuotedName} alter column {WorkTable.Quote(table.Columns[retyped].Name)} type int8", cancellationToken);
                table.Columns[retyped] = table.Columns[retyped] with { Kind = ColumnKinds.Int8 };
                break;
            case 3:
                table = await CreateTableAsync(tables, cancellationToken);
                break;
            default:
                var kind = ColumnKinds.All[_random.Next(ColumnKinds.All.Count)];
                var withDefault = _random.Next(2) == 0 && kind != ColumnKinds.PosInt ? $" default {kind.Literal(_random)}" : "";
                if (kind == ColumnKinds.Int4 && _random.Next(3) == 0)
                {
                    // A volatile default: the table is rewritten with a value per row, which no change carries.
                    withDefault = " default (random() * 1000)::int";
                }

                var added = new WorkColumn($"{kind.Name}_{_nextName++}", kind);
                await ExecuteAsync($"alter table {table.QuotedName} add column {WorkTable.Quote(added.Name)} {kind.SqlType}{withDefault}", cancellationToken);
                table.Columns.Add(added);
                break;
        }

        await InsertAsync(table, 1, cancellationToken);
    }

    private async Task<WorkTable> CreateTableAsync(List<WorkTable> tables, CancellationToken cancellationToken)
    {
        var kinds = Enumerable.Range(0, _random.Next(2, 6)).Select(_ => ColumnKinds.All[_random.Next(ColumnKinds.All.Count)]);
        var table = new WorkTable($"new_{_nextName++}", kinds.Select(k => new WorkColumn($"{k.Name}_{_nextName++}", k)), identityFull: _random.Next(4) == 0);
        await ExecuteAsync(table.CreateSql(), cancellationToken);
        tables.Add(table);
        await InsertAsync(table, _random.Next(0, 5), cancellationToken);
        return table;
    }
}
