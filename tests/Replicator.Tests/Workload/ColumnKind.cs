namespace HtapRouter.Replicator.Tests.Workload;

/// <summary>A column type the workload uses, and how to make a random SQL literal of it (NULL included).</summary>
/// <param name="Name">Short name, used in generated column names.</param>
/// <param name="SqlType">The PostgreSQL type as written in DDL.</param>
/// <param name="Literal">A random non-NULL value as a SQL expression of <paramref name="SqlType"/>.</param>
internal sealed record ColumnKind(string Name, string SqlType, Func<Random, string> Literal)
{
    /// <summary>A value for an insert or update: NULL one time in ten.</summary>
    public string NextValue(Random random) => random.Next(10) == 0 ? "NULL" : Literal(random);

    /// <summary>A one-dimensional array of this kind, NULL elements and empty arrays included.</summary>
    public ColumnKind ArrayOf() => new($"{Name}_arr", $"{SqlType}[]", random =>
    {
        var length = random.Next(5);
        if (length == 0)
        {
            return $"'{{}}'::{SqlType}[]";
        }

        var elements = Enumerable.Range(0, length).Select(_ => random.Next(6) == 0 ? "NULL" : Literal(random));
        return $"ARRAY[{string.Join(", ", elements)}]::{SqlType}[]";
    });

    public override string ToString() => SqlType;
}
