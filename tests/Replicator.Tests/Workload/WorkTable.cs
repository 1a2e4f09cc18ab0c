namespace HtapRouter.Replicator.Tests.Workload;

/// <summary>A column of a workload table: its current name and kind.</summary>
/// <param name="Name">The column's name on the primary now.</param>
/// <param name="Kind">Its type.</param>
internal sealed record WorkColumn(string Name, ColumnKind Kind);

/// <summary>
/// What the workload knows of one of its tables: the columns it has now and the ids of its rows, so that
/// updates and deletes hit rows that exist. Every table has a bigint id, unique though not always a key.
/// A transaction works on a copy and keeps it only when it commits.
/// </summary>
internal sealed class WorkTable
{
    public WorkTable(string name, IEnumerable<WorkColumn> columns, bool identityFull)
    {
        Name = name;
        Columns = [.. columns];
        IdentityFull = identityFull;
    }

    public string Name { get; }

    /// <summary>Without a primary key, published with REPLICA IDENTITY FULL.</summary>
    public bool IdentityFull { get; }

    /// <summary>The columns other than id, in table order.</summary>
    public List<WorkColumn> Columns { get; private init; }

    public SortedSet<long> Ids { get; private init; } = [];

    public string QuotedName => Quote(Name);

    public WorkTable Clone() => new(Name, Columns, IdentityFull) { Ids = [.. Ids] };

    /// <summary>CREATE TABLE for this table's columns.</summary>
    public string CreateSql()
    {
        var columns = string.Join(", ", Columns.Select(c => $"{Quote(c.Name)} {c.Kind.SqlType}"));
        return IdentityFull
            ? $"create table {QuotedName} (id bigint not null, {columns}); alter table {QuotedName} replica identity full"
            : $"create table {QuotedName} (id bigint primary key, {columns})";
    }

    /// <summary>Up to <paramref name="count"/> distinct existing ids, picked at random.</summary>
    public List<long> PickIds(Random random, int count)
    {
        var picked = new List<long>();
        var ids = Ids.ToList();
        while (picked.Count < count && ids.Count > 0)
        {
            var index = random.Next(ids.Count);
            picked.Add(ids[index]);
            ids.RemoveAt(index);
        }

        return picked;
    }

    public static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public override string ToString() => Name;
}
