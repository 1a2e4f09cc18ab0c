using System.Buffers;
using System.Runtime.CompilerServices;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using HtapRouter.PgWire.Server;
using HtapRouter.Router.Backends;
using HtapRouter.Router.Configuration;
using HtapRouter.Router.Routing;
using Microsoft.Extensions.Logging;

namespace HtapRouter.Router.Sessions;

/// <summary>
/// One client's session: reads its messages, decides for each statement which backend runs it, forwards it, and
/// relays the answers. Writes go to the primary; reads to the session's load-balance node when that node may
/// serve them (up, not too far behind, holding every relation read, caught up with this session's own commits).
/// The session sends every ReadyForQuery itself, with the transaction status of all its backends taken together.
/// </summary>
internal sealed partial class RouterSession : IAsyncDisposable
{
    private readonly PgServerConnection _client;
    private readonly RouterServices _services;
    private readonly SessionIdentity _identity;
    private readonly ILogger _logger;
    private readonly BackendLink?[] _links;
    private readonly Dictionary<string, SessionStatement> _statements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SessionPortal> _portals = new(StringComparer.Ordinal);
    private readonly List<BackendLink> _batch = [];
    private readonly List<BackendLink> _batchSnapshot = [];
    private readonly List<string> _sessionSets = [];
    private readonly List<string> _pendingSets = [];
    private readonly List<string> _transactionLog = [];
    private readonly HashSet<RelationName> _writtenInTransaction = [];
    private readonly TemporaryTableSet _temporaryTables = new();
    private readonly ArrayBufferWriter<byte> _held = new();
    private readonly ArrayBufferWriter<byte> _batchRecord = new();
    private readonly BackendMessages _backendMessages = new();
    private BackendNode? _readNode;
    private BackendLink? _lead;
    private BackendLink? _active;
    private bool _skipUntilSync;
    private bool _transactionFailed;
    private bool _wroteInTransaction;
    private bool _wroteInSession;
    private bool _wroteInEarlierTransaction;
    private bool _needFence;
    private ulong _fenceLsn;
    private bool _holding;
    private bool _retryWanted;
    private BatchRetry _batchRetry = BatchRetry.None;
    private PgError? _loginRefusal;

    public RouterSession(PgServerConnection client, RouterServices services, SessionIdentity identity)
    {
        _client = client;
        _services = services;
        _identity = identity;
        _logger = services.Logger;
        _links = new BackendLink?[services.Cluster.Nodes.Count];
    }

    private RouterOptions Options => _services.Options;

    private BackendCluster Cluster => _services.Cluster;

    private IBufferWriter<byte> ClientOutput => _holding ? _held : _client.Transport.Output;

    /// <summary>The node this session's reads go to (SHOW POOL_NODES' load_balance_node).</summary>
    public BackendNode? ReadNode => _readNode;

    /// <summary>
    /// Connects the session's first backend (the primary, or the read node when the primary is down), and returns
    /// the settings the client is told at startup. When an earlier login with the same identity reported them and no
    /// cached connection waits, the connection is left to the first statement.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> StartAsync(CancellationToken cancellationToken)
    {
        if (Cluster.Balances && !Options.StatementLevelLoadBalance)
        {
            _readNode = ChooseReadNode(QueryRoute.Empty, sessionChoice: true);
        }

        PgErrorException? failure = null;
        foreach (var node in new[] { Cluster.Primary, _readNode })
        {
            if (node is null || !node.IsUsable)
            {
                continue;
            }
            if (_services.Pool.TryGetLoginParameters(node, _identity, out var known))
            {
                // The backend connection opens at the first statement: an idle client holds none.
                return known;
            }
            try
            {
                var link = await ConnectAsync(node, cancellationToken);
                return link.Connection.Client.ServerParameters;
            }
            catch (PgErrorException e)
            {
                // A login refusal (wrong password, no such database) is the client's answer: say it as the backend did.
                if (e.Error.SqlState != SqlState.ConnectionFailure)
                {
                    throw;
                }
                failure ??= e;
            }
        }

        throw failure ?? new PgErrorException(SqlState.ConnectionFailure, "no backend node is available");
    }

    /// <summary>Serves the client until it terminates or goes away.</summary>
    /// <param name="waitUntil">
    /// Ends the wait for the client's next message (the router is shutting down); a statement in flight, and what the
    /// client has already sent, are still handled.
    /// </param>
    /// <param name="cancellationToken">Ends everything, a statement in flight too.</param>
    public async Task RunAsync(CancellationToken waitUntil, CancellationToken cancellationToken)
    {
        var transport = _client.Transport;
        while (true)
        {
            if (!transport.TryReadBuffered(out var message))
            {
                // Everything that arrived has been handled: push pending output before waiting.
                await FlushBackendsAsync(cancellationToken);
                await transport.FlushAsync(cancellationToken);
                if (!await transport.ReceiveAsync(waitUntil))
                {
                    return;
                }
                continue;
            }

            // The handlers are awaited from here, not from a method of their own: a wait for a backend suspends
            // every frame down to it, on every statement.
            switch (message.Code)
            {
                case FrontendCode.Terminate:
                    return;
                case FrontendCode.Query:
                {
                    var sql = ReadQueryText(message);
                    var route = _services.Classifier.Classify(sql, _temporaryTables);
                    if (ForwardPrimaryRead(message, route, sql) is { } primary)
                    {
                        await DrainAsync(primary, throughReady: true, cancellationToken);
                        await EndQueryAsync(cancellationToken);
                    }
                    else
                    {
                        await SimpleQueryAsync(message, route, sql, cancellationToken);
                    }
                    break;
                }
                case FrontendCode.Parse:
                case FrontendCode.Bind:
                case FrontendCode.Describe:
                case FrontendCode.Execute:
                case FrontendCode.Close:
                    await ExtendedAsync(message, cancellationToken);
                    break;
                case FrontendCode.Sync:
                    if (SyncAlone() is { } alone)
                    {
                        await DrainAsync(alone, throughReady: true, cancellationToken);
                        alone.InBatch = false;
                        EndBatch();
                        await EndSyncAsync(cancellationToken);
                    }
                    else
                    {
                        await SyncAsync(cancellationToken);
                    }
                    break;
                case FrontendCode.Flush:
                    await FlushAsync(cancellationToken);
                    break;
                case FrontendCode.FunctionCall:
                    await FunctionCallAsync(message, cancellationToken);
                    break;
                case FrontendCode.CopyData:
                case FrontendCode.CopyDone:
                case FrontendCode.CopyFail:
                    // Copy messages outside COPY: PostgreSQL ignores them too.
                    break;
                default:
                    throw new PgProtocolException($"invalid frontend message type {message.Code}");
            }
        }
    }

    /// <summary>A CancelRequest for this session: passed to the backend running its statement, if any.</summary>
    public void Cancel()
    {
        if (_active is { } link)
        {
            var client = link.Connection.Client;
            _ = PgWire.Client.PgClientConnection.CancelAsync(link.Node.Host, link.Node.Port, client.ProcessId, client.SecretKey);
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _links.Length; i++)
        {
            if (_links[i] is not { } link)
            {
                continue;
            }
            _links[i] = null;
            if (link.Pending.Count > 0 || link.Unflushed)
            {
                link.Connection.MarkBroken();
            }
            await _services.Pool.ReleaseAsync(link.Connection);
        }
    }
}

/// <summary>A statement prepared by the client: where it is prepared, and the Parse message to prepare it elsewhere.</summary>
internal sealed class SessionStatement(string name, string sql, QueryRoute route, byte[] parseMessage)
{
    public string Name { get; } = name;

    public string Sql { get; } = sql;

    public QueryRoute Route { get; } = route;

    /// <summary>The client's Parse message, whole (type byte, length, payload), to replay on another backend.</summary>
    public byte[] ParseMessage { get; } = parseMessage;

    /// <summary>Where the client's Parse went; -1 for a router command answered by the router.</summary>
    public int HomeIndex { get; set; }
}

/// <summary>A portal the client bound: the backend holding it and the statement's route.</summary>
internal readonly record struct SessionPortal(int LinkIndex, QueryRoute Route, string Sql);

/// <summary>Whether the current extended-protocol batch may run again on the primary if a standby rejects it.</summary>
internal enum BatchRetry
{
    None,
    Eligible,
    Spoiled,
}
