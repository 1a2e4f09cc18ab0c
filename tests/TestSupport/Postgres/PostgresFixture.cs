using Xunit;

namespace HtapRouter.TestSupport.Postgres;

/// <summary>
/// An xunit class fixture (<c>IClassFixture&lt;PostgresFixture&gt;</c>) giving a test class its own server, chosen as
/// <see cref="PostgresServer.AcquireAsync"/> describes, and removing it after the class's last test. Tests sharing it
/// keep apart with <see cref="PostgresServer.CreateDatabaseAsync"/>. Subclass and override
/// <see cref="CreateOptions"/> to change the options.
/// </summary>
public class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The fixture has not been initialized.");

    public async Task InitializeAsync() => _server = await PostgresServer.AcquireAsync(CreateOptions());

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected virtual PostgresServerOptions CreateOptions() => new();
}
