using System.Buffers;
using System.Runtime.CompilerServices;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using HtapRouter.Router.Backends;

namespace HtapRouter.Router.Sessions;

internal sealed partial class RouterSession
{
    /// <summary>Writes a client message to a backend as it came; the client will see its answer.</summary>
    private static void Forward(BackendLink link, in PgMessage message, Expect expect)
    {
        message.WriteTo(link.Connection.Client.Transport.Output);
        link.Pending.Enqueue(new Pending(expect, Silent: false));
        link.Unflushed = true;
    }

    /// <summary>Writes a client message kept from earlier (see <see cref="PgMessage.ToArray"/>); the client will see its answer.</summary>
    private static void ForwardWhole(BackendLink link, ReadOnlySpan<byte> wholeMessage, Expect expect)
    {
        link.Connection.Client.Transport.Output.Write(wholeMessage);
        link.Pending.Enqueue(new Pending(expect, Silent: false));
        link.Unflushed = true;
    }

    /// <summary>Writes a message of the router's own (whole, header included); its answer is not relayed.</summary>
    private static void SendSilently(BackendLink link, ReadOnlySpan<byte> wholeMessage, Expect expect)
    {
        link.Connection.Client.Transport.Output.Write(wholeMessage);
        link.Pending.Enqueue(new Pending(expect, Silent: true));
        link.Unflushed = true;
    }

    /// <summary>Runs SQL of the router's own (session settings, transaction replay) on a backend, answers unseen.</summary>
    private static void QuerySilently(BackendLink link, string sql)
    {
        QueryMessage.Write(link.Connection.Client.Transport.Output, sql);
        link.Pending.Enqueue(new Pending(Expect.Ready, Silent: true));
        link.Unflushed = true;
    }

    /// <summary>Sends what was written to each backend; at once, without a frame, when every socket takes it all.</summary>
    private ValueTask FlushBackendsAsync(CancellationToken cancellationToken)
    {
        foreach (var link in _links)
        {
            if (link is not null && !TryFlushLink(link))
            {
                return FlushEveryBackendAsync(cancellationToken);
            }
        }
        return ValueTask.CompletedTask;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FlushEveryBackendAsync(CancellationToken cancellationToken)
    {
        foreach (var link in _links)
        {
            if (link is { Unflushed: true })
            {
                await FlushLinkAsync(link, cancellationToken);
            }
        }
    }

    /// <summary>Sends what was written to a backend; a backend lost on the way is handled by <see cref="LinkFailedAsync"/>.</summary>
    private ValueTask FlushLinkAsync(BackendLink link, CancellationToken cancellationToken) =>
        TryFlushLink(link) ? ValueTask.CompletedTask : SendToLinkAsync(link, cancellationToken);

    /// <summary>Whether the backend has nothing left to send, after sending what its socket takes now.</summary>
    private static bool TryFlushLink(BackendLink link)
    {
        if (link.Unflushed && link.Connection.Client.Transport.TryFlush())
        {
            link.Unflushed = false;
        }
        return !link.Unflushed;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendToLinkAsync(BackendLink link, CancellationToken cancellationToken)
    {
        link.Unflushed = false;
        try
        {
            await link.Connection.Client.Transport.FlushAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await LinkFailedAsync(link, e);
        }
    }

    /// <summary>
    /// Relays a backend's answers until it owes nothing more (<paramref name="throughReady"/>), or nothing more
    /// before a ReadyForQuery (to switch to another backend, or answer a Flush). ReadyForQuery is never relayed:
    /// the session writes its own. Returns false when the backend was lost on the way.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> DrainAsync(BackendLink link, bool throughReady, CancellationToken cancellationToken)
    {
        if (link.Pending.Count == 0)
        {
            return true;
        }

        if (!throughReady && !link.OwesAnswersBeforeReady)
        {
            return true;
        }

        if (!throughReady)
        {
            // The backend answers extended-protocol messages only at Sync or Flush; ask for what it has.
            EmptyMessage.Write(link.Connection.Client.Transport.Output, FrontendCode.Flush);
            link.Unflushed = true;
        }

        await FlushLinkAsync(link, cancellationToken);
        if (!IsLinked(link))
        {
            return false;
        }

        _active = link;
        var transport = link.Connection.Client.Transport;
        try
        {
            while (link.Pending.Count > 0 && (throughReady || link.Pending.Peek().Expect != Expect.Ready))
            {
                if (!transport.TryReadBuffered(out var message))
                {
                    if (!_holding)
                    {
                        // Rows keep flowing to the client while the backend produces more.
                        await _client.Transport.FlushAsync(cancellationToken);
                    }
                    if (!await transport.ReceiveAsync(cancellationToken))
                    {
                        throw new IOException("the backend closed the connection");
                    }
                    continue;
                }

                if (Relay(link, message))
                {
                    await CopyInAsync(link, cancellationToken);
                }
            }
            return true;
        }
        catch (Exception e) when (e is IOException or PgProtocolException or ObjectDisposedException
                                      or System.Net.Sockets.SocketException)
        {
            await LinkFailedAsync(link, e);
            return false;
        }
        finally
        {
            _active = null;
        }
    }

    /// <summary>Relays one of a backend's answers; true when it began a COPY FROM STDIN, whose data the client sends next.</summary>
    private bool Relay(BackendLink link, in PgMessage message)
    {
        var head = link.Pending.Peek();
        switch (message.Code)
        {
            case BackendCode.ReadyForQuery:
                link.Connection.Client.Track(message);
                link.Skipping = false;
                if (head.Expect == Expect.Ready)
                {
                    link.Pending.Dequeue();
                }
                break;

            case BackendCode.ErrorResponse:
                link.Node.CountError();
                OnError(link, message, head);
                break;

            case BackendCode.ParameterStatus:
                link.Connection.Client.Track(message);
                RelayUnlessSilent(message, head);
                break;

            case BackendCode.NoticeResponse:
            case BackendCode.NotificationResponse:
            case BackendCode.ParameterDescription:
            case BackendCode.FunctionCallResponse:
                RelayUnlessSilent(message, head);
                break;

            case BackendCode.ParseComplete:
            case BackendCode.BindComplete:
            case BackendCode.CloseComplete:
            case BackendCode.NoData:
                link.Pending.Dequeue();
                RelayUnlessSilent(message, head);
                break;

            case BackendCode.RowDescription:
                if (head.Expect is Expect.DescribeStatement or Expect.DescribePortal)
                {
                    link.Pending.Dequeue();
                }
                RelayUnlessSilent(message, head);
                break;

            case BackendCode.CommandComplete:
            case BackendCode.EmptyQueryResponse:
            case BackendCode.PortalSuspended:
                if (head.Expect == Expect.Execute)
                {
                    link.Pending.Dequeue();
                }
                CommitHeld();
                RelayUnlessSilent(message, head);
                break;

            case BackendCode.CopyInResponse:
                CommitHeld();
                RelayUnlessSilent(message, head);
                return true;

            default:
                // DataRow, CopyOutResponse, CopyData, CopyDone: the answer has begun reaching the client.
                CommitHeld();
                RelayUnlessSilent(message, head);
                break;
        }
        return false;
    }

    private void RelayUnlessSilent(in PgMessage message, Pending head)
    {
        if (!head.Silent)
        {
            message.WriteTo(ClientOutput);
        }
    }

    private void OnError(BackendLink link, in PgMessage message, Pending head)
    {
        var visible = !head.Silent;
        if (head.Expect != Expect.Ready)
        {
            // In the extended protocol the backend now skips everything up to Sync: those messages get no answer.
            while (link.Pending.Count > 0 && link.Pending.Peek().Expect != Expect.Ready)
            {
                visible |= !link.Pending.Dequeue().Silent;
            }
            link.Skipping = true;
            if (visible)
            {
                _skipUntilSync = true;
            }
        }

        if (!visible)
        {
            var error = new ErrorResponseMessage();
            error.Read(message.Payload);
            LogSilentError(link.Node.Id, error.Error.SqlState, error.Error.Message);
            return;
        }

        if (_holding)
        {
            // A read a standby could not run, before anything reached the client: it will run on the primary.
            _retryWanted = true;
            var error = new ErrorResponseMessage();
            error.Read(message.Payload);
            LogFallback(link.Node.Id, error.Error.SqlState, error.Error.Message);
            return;
        }

        message.WriteTo(ClientOutput);
    }

    /// <summary>The answer is reaching the client: what was held back for a possible retry goes out first.</summary>
    private void CommitHeld()
    {
        if (!_holding)
        {
            return;
        }
        _holding = false;
        _client.Transport.Output.Write(_held.WrittenSpan);
        _held.ResetWrittenCount();
    }

    /// <summary>Drops what was held back for a read that will run again elsewhere.</summary>
    private void DiscardHeld()
    {
        _holding = false;
        _retryWanted = false;
        _held.ResetWrittenCount();
    }

    /// <summary>COPY FROM STDIN: passes the client's data to the backend until CopyDone or CopyFail.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask CopyInAsync(BackendLink link, CancellationToken cancellationToken)
    {
        await _client.Transport.FlushAsync(cancellationToken);
        var backend = link.Connection.Client.Transport;
        while (true)
        {
            if (!_client.Transport.TryReadBuffered(out var message))
            {
                await FlushLinkAsync(link, cancellationToken);
                message = await _client.Transport.ReadAsync(cancellationToken)
                          ?? throw new IOException("the client closed the connection during COPY");
            }

            switch (message.Code)
            {
                case FrontendCode.CopyData:
                    message.WriteTo(backend.Output);
                    link.Unflushed = true;
                    if (backend.Output.UnflushedBytes > 64 * 1024)
                    {
                        await FlushLinkAsync(link, cancellationToken);
                    }
                    break;
                case FrontendCode.CopyDone:
                case FrontendCode.CopyFail:
                    message.WriteTo(backend.Output);
                    link.Unflushed = true;
                    await FlushLinkAsync(link, cancellationToken);
                    return;
                case FrontendCode.Flush:
                case FrontendCode.Sync:
                    // Allowed during COPY in the extended protocol, and ignored there, as PostgreSQL does.
                    break;
                default:
                    var reason = $"unexpected message type 0x{message.Code:X2} during COPY from stdin";
                    new CopyFailMessage { Reason = reason }.Write(backend.Output);
                    link.Unflushed = true;
                    await FlushLinkAsync(link, cancellationToken);
                    throw new PgProtocolException(reason);
            }
        }
    }

    private bool IsLinked(BackendLink link) => Array.IndexOf(_links, link) >= 0;

    /// <summary>
    /// A backend connection failed. The node is marked down (a failed standby never takes the primary with it),
    /// and the client hears of it unless its read is about to run again elsewhere.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask LinkFailedAsync(BackendLink link, Exception reason)
    {
        var index = Array.IndexOf(_links, link);
        if (index < 0)
        {
            return;
        }
        _links[index] = null;
        _batch.Remove(link);
        if (_lead == link)
        {
            _lead = null;
        }

        var owedVisible = link.Pending.Any(p => !p.Silent);
        link.Pending.Clear();
        link.Connection.MarkBroken();
        await _services.Pool.CloseAsync(link.Connection);
        LogBackendLost(link.Node.Id, reason.Message);
        _services.Monitor.ReportFailure(link.Node, reason.Message);

        if (!owedVisible)
        {
            return;
        }
        if (_holding)
        {
            _retryWanted = true;
            return;
        }

        var error = new PgError(PgSeverity.Error, SqlState.ConnectionFailure,
            $"server closed the connection unexpectedly: lost {link.Node}")
        {
            Detail = reason.Message,
        };
        ErrorResponseMessage.Write(ClientOutput, error);
        _skipUntilSync = true;
        if (ClientStatus() != TransactionStatus.Idle || link.TransactionStatus != TransactionStatus.Idle)
        {
            _transactionFailed = true;
        }
    }
}
