using HtapRouter.TestSupport.Postgres;
using HtapRouter.TestSupport.Postgres.Local;

namespace HtapRouter.EndToEnd.Tests.TestSupport.Postgres;

public sealed class PostgresFixtureLifetimeTests
{
    [Fact]
    public async Task DisposeAsync_LocalServer_RemovesEverythingItCreated()
    {
        using var parent = new TemporaryDirectory();
        var fixture = new LocalFixture(parent.Path);
        await fixture.InitializeAsync();
        var cluster = Assert.IsType<LocalPostgresCluster>(fixture.Server);
        Assert.Equal(parent.Path, Path.GetDirectoryName(cluster.RootDirectory));
        Assert.Equal(1, await cluster.ScalarAsync<int>("SELECT 1"));

        await fixture.DisposeAsync();

        Assert.Empty(Directory.EnumerateFileSystemEntries(parent.Path));
    }

    /// <summary>Forces the local strategy, whatever HTAP_TEST_PG says, and keeps the cluster where the test can see it.</summary>
    private sealed class LocalFixture(string temporaryRoot) : PostgresFixture
    {
        protected override PostgresServerOptions CreateOptions() =>
            new() { ExternalConnectionString = null, TemporaryRoot = temporaryRoot };
    }
}
