using System.Collections.Concurrent;
using System.Text;
using HtapRouter.PgWire.Client;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using HtapRouter.Router.Configuration;
using Microsoft.Extensions.Logging;

namespace HtapRouter.Router.Backends;

/// <summary>
/// Opens backend connections and, with connection_cache on, keeps them after their client leaves, keyed by node,
/// user, database and startup settings, so the next client with the same key starts without a backend login.
/// A returned connection is reset with DISCARD ALL before anyone else gets it (pgpool's reset_query_list and
/// PgBouncer's server_reset_query do the same). Idle connections per key are capped; beyond the cap they are closed.
/// </summary>
public sealed partial class BackendPool : IAsyncDisposable
{
    private readonly RouterOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ConcurrentStack<BackendConnection>> _idle = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _loginParameters = new(StringComparer.Ordinal);
    private int _open;
    private int _idleCount;
    private volatile bool _disposed;

    public BackendPool(RouterOptions options, ILogger<BackendPool> logger)
    {
        _options = options;
        _logger = logger;
    }

    /// <summary>Backend connections open now, in use or idle.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>Backend connections cached and waiting for a client.</summary>
    public int IdleConnections => Volatile.Read(ref _idleCount);

    /// <summary>The idle connections per pool key, for SHOW POOL_POOLS.</summary>
    public IReadOnlyList<(string Key, int Idle)> Snapshot() =>
        [.. _idle.Select(pair => (pair.Key, pair.Value.Count)).Where(pair => pair.Count > 0)];

    /// <summary>A connection to <paramref name="node"/> for a client session: a cached one when there is one.</summary>
    /// <exception cref="PgErrorException">The backend refused the login, or is unreachable (08006).</exception>
    public async ValueTask<BackendConnection> AcquireAsync(BackendNode node, SessionIdentity identity, CancellationToken cancellationToken)
    {
        var key = PoolKey(node, identity);
        if (_idle.TryGetValue(key, out var stack))
        {
            while (stack.TryPop(out var cached))
            {
                Interlocked.Decrement(ref _idleCount);
                if (!cached.IsBroken)
                {
                    return cached;
                }
                await CloseAsync(cached);
            }
        }

        var options = new PgClientOptions
        {
            Host = node.Host,
            Port = node.Port,
            User = identity.User,
            Database = identity.Database,
            Password = BackendPassword(identity),
            StartupParameters = identity.Parameters,
            ConnectTimeout = TimeSpan.FromSeconds(Math.Max(1, _options.HealthCheckTimeout)),
        };
        PgClientConnection client;
        try
        {
            client = await PgClientConnection.ConnectAsync(options, cancellationToken);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or TimeoutException
                                      or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new PgErrorException(SqlState.ConnectionFailure, $"could not connect to {node}: {e.Message}");
        }

        // A backend connection is written to for every statement of its session: its output array stays between flushes.
        client.Transport.Output.KeepsBuffer = true;
        Interlocked.Increment(ref _open);
        _loginParameters[key] = new Dictionary<string, string>(client.ServerParameters, StringComparer.Ordinal);
        return new BackendConnection(node, client, key);
    }

    /// <summary>
    /// The settings a login to <paramref name="node"/> as this identity reported last time, when no cached connection
    /// is waiting for it: a session can tell its client those and open its backend connection at its first statement,
    /// so clients that only sit connected hold no backend (as with PgBouncer's session pooling). False for a key
    /// never logged in, whose login must be tried while the client waits for its own, so its refusal is the client's.
    /// </summary>
    public bool TryGetLoginParameters(BackendNode node, SessionIdentity identity, out IReadOnlyDictionary<string, string> parameters)
    {
        var key = PoolKey(node, identity);
        parameters = null!;
        return !(_idle.TryGetValue(key, out var stack) && !stack.IsEmpty)
               && identity.ClientPassword is null
               && _loginParameters.TryGetValue(key, out parameters!);
    }

    /// <summary>
    /// Takes a connection back from a session that is done with it. Reusable ones are reset and cached; others
    /// (broken, inside a transaction, caching off, cap reached) are closed. Never throws.
    /// </summary>
    public async ValueTask ReleaseAsync(BackendConnection connection)
    {
        if (_disposed || !_options.ConnectionCache || connection.IsBroken
            || connection.TransactionStatus != TransactionStatus.Idle || Volatile.Read(ref _idleCount) >= IdleCap)
        {
            await CloseAsync(connection);
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(1, _options.HealthCheckTimeout)));
            await connection.Client.QueryAsync("DISCARD ALL", timeout.Token);
            connection.Statements.Clear();
        }
        catch (Exception e) when (e is PgErrorException or IOException or OperationCanceledException or PgProtocolException)
        {
            LogResetFailed(connection.Node.Id, e.Message);
            await CloseAsync(connection);
            return;
        }

        _idle.GetOrAdd(connection.PoolKey, _ => new ConcurrentStack<BackendConnection>()).Push(connection);
        Interlocked.Increment(ref _idleCount);
        if (_disposed)
        {
            await DrainAsync();
        }
    }

    /// <summary>Closes a connection without caching it.</summary>
    public async ValueTask CloseAsync(BackendConnection connection)
    {
        Interlocked.Decrement(ref _open);
        try
        {
            await connection.DisposeAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // Already gone.
        }
    }

    /// <summary>Closes the cached connections to a node, after it failed or was detached.</summary>
    public async Task PurgeAsync(BackendNode node)
    {
        var prefix = node.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\0";
        foreach (var (key, stack) in _idle)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            while (stack.TryPop(out var connection))
            {
                Interlocked.Decrement(ref _idleCount);
                await CloseAsync(connection);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await DrainAsync();
    }

    private async Task DrainAsync()
    {
        foreach (var stack in _idle.Values)
        {
            while (stack.TryPop(out var connection))
            {
                Interlocked.Decrement(ref _idleCount);
                await CloseAsync(connection);
            }
        }
    }

    /// <summary>pgpool keeps at most num_init_children × max_pool backend connections per node; so do we, idle ones.</summary>
    private int IdleCap => _options.NumInitChildren * _options.MaxPool * Math.Max(1, _options.Backends.Count);

    private string? BackendPassword(SessionIdentity identity)
    {
        if (_options.BackendPasswords.TryGetValue(identity.User, out var password))
        {
            return password;
        }

        // A plaintext client password (not an md5 hash or SCRAM verifier) is also the backend password.
        if (_options.Users.TryGetValue(identity.User, out var secret)
            && !secret.StartsWith("md5", StringComparison.Ordinal) && !secret.StartsWith("SCRAM-SHA-256$", StringComparison.Ordinal))
        {
            return secret;
        }

        return identity.ClientPassword;
    }

    private static string PoolKey(BackendNode node, SessionIdentity identity)
    {
        var key = new StringBuilder();
        key.Append(node.Id).Append('\0').Append(identity.User).Append('\0').Append(identity.Database);
        foreach (var (name, value) in identity.Parameters)
        {
            key.Append('\0').Append(name).Append('=').Append(value);
        }
        return key.ToString();
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Closing a backend connection to node {NodeId}: its reset failed: {Reason}")]
    private partial void LogResetFailed(int nodeId, string reason);
}

/// <summary>Who a session is, as the backends must see it.</summary>
/// <param name="User">The user the client logged in as, and the backends are logged in as.</param>
/// <param name="Database">The database the client asked for.</param>
/// <param name="Parameters">Startup settings passed through to every backend (application_name, DateStyle, options...).</param>
/// <param name="ClientPassword">The client's cleartext password when it sent one, used when no backend password is configured.</param>
public sealed record SessionIdentity(string User, string Database, IReadOnlyList<KeyValuePair<string, string>> Parameters, string? ClientPassword = null);
