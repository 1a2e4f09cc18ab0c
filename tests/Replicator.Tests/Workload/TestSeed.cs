using System.Globalization;
using Xunit.Abstractions;

namespace HtapRouter.Replicator.Tests.Workload;

/// <summary>The seed of a randomized test: HTAP_TEST_SEED when set, to replay a failure, else a new one.</summary>
internal static class TestSeed
{
    public const string Variable = "HTAP_TEST_SEED";

    /// <summary>Picks the seed and writes it to the test output, so that every failure can be replayed.</summary>
    public static int Next(ITestOutputHelper output)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var fixedSeed)
            ? fixedSeed
            : Random.Shared.Next();
        output.WriteLine($"seed {seed} (replay with {Variable}={seed})");
        return seed;
    }
}
