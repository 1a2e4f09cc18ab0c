namespace HtapRouter.AnalyticNode.Tests;

/// <summary>
/// Tests that need the machine's cores to themselves: long DuckDB queries beside short ones, and large result
/// streams. xunit runs this collection after the parallel ones, alone, so two cores shared with a dozen other
/// test classes do not decide whether "a long query does not block another" holds.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CpuBoundTests
{
    public const string Name = "CPU-bound";
}
