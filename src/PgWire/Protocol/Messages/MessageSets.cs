namespace HtapRouter.PgWire.Protocol.Messages;

/// <summary>
/// One reusable instance of every message a client sends after startup, so a connection decodes without
/// allocating a message object per message. Not thread-safe: one set per connection.
/// </summary>
public sealed class FrontendMessages
{
    public QueryMessage Query { get; } = new();
    public ParseMessage Parse { get; } = new();
    public BindMessage Bind { get; } = new();
    public TargetMessage Describe { get; } = TargetMessage.Describe();
    public TargetMessage Close { get; } = TargetMessage.Close();
    public ExecuteMessage Execute { get; } = new();
    public CopyDataMessage CopyData { get; } = new();
    public CopyFailMessage CopyFail { get; } = new();
    public FunctionCallMessage FunctionCall { get; } = new();
    public EmptyMessage Sync { get; } = new(FrontendCode.Sync);
    public EmptyMessage Flush { get; } = new(FrontendCode.Flush);
    public EmptyMessage Terminate { get; } = new(FrontendCode.Terminate);
    public EmptyMessage CopyDone { get; } = new(FrontendCode.CopyDone);

    /// <summary>GSSResponse/SASLResponse shape: after startup a 'p' carries no meaning we could decode further.</summary>
    public SaslResponseMessage Password { get; } = new();

    /// <summary>Decodes <paramref name="message"/> into its reusable instance and returns it.</summary>
    public IPgMessage Read(in PgMessage message)
    {
        IPgMessage target = message.Code switch
        {
            FrontendCode.Query => Query,
            FrontendCode.Parse => Parse,
            FrontendCode.Bind => Bind,
            FrontendCode.Describe => Describe,
            FrontendCode.Close => Close,
            FrontendCode.Execute => Execute,
            FrontendCode.CopyData => CopyData,
            FrontendCode.CopyFail => CopyFail,
            FrontendCode.FunctionCall => FunctionCall,
            FrontendCode.Sync => Sync,
            FrontendCode.Flush => Flush,
            FrontendCode.Terminate => Terminate,
            FrontendCode.CopyDone => CopyDone,
            FrontendCode.Password => Password,
            _ => throw new PgProtocolException($"invalid frontend message type {message.Code}"),
        };
        target.Read(message.Payload);
        return target;
    }
}

/// <summary>One reusable instance of every message a server sends after authentication. One set per connection.</summary>
public sealed class BackendMessages
{
    public AuthenticationMessage Authentication { get; } = new();
    public BackendKeyDataMessage BackendKeyData { get; } = new();
    public ParameterStatusMessage ParameterStatus { get; } = new();
    public ReadyForQueryMessage ReadyForQuery { get; } = new();
    public RowDescriptionMessage RowDescription { get; } = new();
    public DataRowMessage DataRow { get; } = new();
    public CommandCompleteMessage CommandComplete { get; } = new();
    public ErrorResponseMessage Error { get; } = new();
    public ErrorResponseMessage Notice { get; } = new(notice: true);
    public ParameterDescriptionMessage ParameterDescription { get; } = new();
    public NotificationResponseMessage Notification { get; } = new();
    public NegotiateProtocolVersionMessage NegotiateProtocolVersion { get; } = new();
    public FunctionCallResponseMessage FunctionCallResponse { get; } = new();
    public CopyDataMessage CopyData { get; } = new();
    public CopyResponseMessage CopyIn { get; } = new(BackendCode.CopyInResponse);
    public CopyResponseMessage CopyOut { get; } = new(BackendCode.CopyOutResponse);
    public CopyResponseMessage CopyBoth { get; } = new(BackendCode.CopyBothResponse);
    public EmptyMessage ParseComplete { get; } = new(BackendCode.ParseComplete);
    public EmptyMessage BindComplete { get; } = new(BackendCode.BindComplete);
    public EmptyMessage CloseComplete { get; } = new(BackendCode.CloseComplete);
    public EmptyMessage NoData { get; } = new(BackendCode.NoData);
    public EmptyMessage PortalSuspended { get; } = new(BackendCode.PortalSuspended);
    public EmptyMessage EmptyQueryResponse { get; } = new(BackendCode.EmptyQueryResponse);
    public EmptyMessage CopyDone { get; } = new(BackendCode.CopyDone);

    /// <summary>Decodes <paramref name="message"/> into its reusable instance and returns it.</summary>
    public IPgMessage Read(in PgMessage message)
    {
        IPgMessage target = message.Code switch
        {
            BackendCode.Authentication => Authentication,
            BackendCode.BackendKeyData => BackendKeyData,
            BackendCode.ParameterStatus => ParameterStatus,
            BackendCode.ReadyForQuery => ReadyForQuery,
            BackendCode.RowDescription => RowDescription,
            BackendCode.DataRow => DataRow,
            BackendCode.CommandComplete => CommandComplete,
            BackendCode.ErrorResponse => Error,
            BackendCode.NoticeResponse => Notice,
            BackendCode.ParameterDescription => ParameterDescription,
            BackendCode.NotificationResponse => Notification,
            BackendCode.NegotiateProtocolVersion => NegotiateProtocolVersion,
            BackendCode.FunctionCallResponse => FunctionCallResponse,
            BackendCode.CopyData => CopyData,
            BackendCode.CopyInResponse => CopyIn,
            BackendCode.CopyOutResponse => CopyOut,
            BackendCode.CopyBothResponse => CopyBoth,
            BackendCode.ParseComplete => ParseComplete,
            BackendCode.BindComplete => BindComplete,
            BackendCode.CloseComplete => CloseComplete,
            BackendCode.NoData => NoData,
            BackendCode.PortalSuspended => PortalSuspended,
            BackendCode.EmptyQueryResponse => EmptyQueryResponse,
            BackendCode.CopyDone => CopyDone,
            _ => throw new PgProtocolException($"invalid backend message type {message.Code}"),
        };
        target.Read(message.Payload);
        return target;
    }
}
