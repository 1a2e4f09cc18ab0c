using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace HtapRouter.PgWire.Server;

/// <summary>
/// Hands out BackendKeyData (a process id and a random secret) per session and routes CancelRequests to the
/// session that owns the pair. A request with a wrong secret is ignored, as PostgreSQL does.
/// </summary>
public sealed class BackendKeyRegistry
{
    private readonly ConcurrentDictionary<int, Entry> _sessions = new();
    private int _nextProcessId;

    public BackendKeyRegistry(int firstProcessId = 10_000) => _nextProcessId = firstProcessId - 1;

    /// <summary>Registers a session; dispose the returned key to unregister it.</summary>
    public BackendKey Register(Action onCancel)
    {
        var processId = Interlocked.Increment(ref _nextProcessId);
        var secret = RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
        _sessions[processId] = new Entry(secret, onCancel);
        return new BackendKey(this, processId, secret);
    }

    /// <summary>Runs the cancel callback of the session with this id when the secret matches.</summary>
    public bool TryCancel(int processId, int secretKey)
    {
        if (!_sessions.TryGetValue(processId, out var entry) || entry.Secret != secretKey)
        {
            return false;
        }

        entry.OnCancel();
        return true;
    }

    public int Count => _sessions.Count;

    private void Unregister(int processId) => _sessions.TryRemove(processId, out _);

    private sealed record Entry(int Secret, Action OnCancel);

    /// <summary>A session's key pair, valid until disposed.</summary>
    public sealed class BackendKey : IDisposable
    {
        private readonly BackendKeyRegistry _owner;

        internal BackendKey(BackendKeyRegistry owner, int processId, int secretKey)
        {
            _owner = owner;
            ProcessId = processId;
            SecretKey = secretKey;
        }

        public int ProcessId { get; }

        public int SecretKey { get; }

        public void Dispose() => _owner.Unregister(ProcessId);
    }
}
