namespace HtapRouter.TestSupport.Postgres.Local;

/// <summary>Stopping and starting the server, so tests can simulate a primary going down and coming back.</summary>
public sealed partial class LocalPostgresCluster
{
    // Serialises start, stop and disposal: pg_ctl commands racing on one data directory give confusing failures.
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private bool _disposed;

    /// <summary>Whether the server was last started rather than stopped.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>Starts the stopped server on the same port with the same data; does nothing if it runs.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => UnderLifecycleLockAsync(StartCoreAsync, cancellationToken);

    /// <summary>
    /// Stops the server (fast shutdown, falling back to immediate, then a kill); does nothing if it is stopped.
    /// Open connections are broken, as in a real outage.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => UnderLifecycleLockAsync(StopCoreAsync, cancellationToken);

    /// <summary>Stops and starts the server, as a primary restart would.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) =>
        UnderLifecycleLockAsync(
            async token =>
            {
                await StopCoreAsync(token);
                await StartCoreAsync(token);
            },
            cancellationToken);

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            return;
        }

        var logOffset = _layout.LogLength;
        var result = await _pgCtl.StartAsync(_options.StartTimeout, cancellationToken);
        if (!result.Succeeded)
        {
            await _pgCtl.StopAsync(cancellationToken);
            throw StartFailure(result, _layout.ReadLog(logOffset));
        }

        IsRunning = true;
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        await _pgCtl.StopAsync(cancellationToken);
        IsRunning = false;
    }

    private async Task UnderLifecycleLockAsync(Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await action(cancellationToken);
        }
        finally
        {
            _lifecycle.Release();
        }
    }
}
