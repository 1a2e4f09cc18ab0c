namespace HtapRouter.PgWire.Protocol;

/// <summary>Type bytes of messages a client sends (protocol 3.0).</summary>
public static class FrontendCode
{
    public const byte Bind = (byte)'B';
    public const byte Close = (byte)'C';
    public const byte CopyData = (byte)'d';
    public const byte CopyDone = (byte)'c';
    public const byte CopyFail = (byte)'f';
    public const byte Describe = (byte)'D';
    public const byte Execute = (byte)'E';
    public const byte Flush = (byte)'H';
    public const byte FunctionCall = (byte)'F';
    public const byte Parse = (byte)'P';
    /// <summary>PasswordMessage, SASLInitialResponse, SASLResponse and GSSResponse share this byte.</summary>
    public const byte Password = (byte)'p';
    public const byte Query = (byte)'Q';
    public const byte Sync = (byte)'S';
    public const byte Terminate = (byte)'X';

    public static bool IsKnown(byte code) => code is Bind or Close or CopyData or CopyDone or CopyFail or Describe
        or Execute or Flush or FunctionCall or Parse or Password or Query or Sync or Terminate;
}

/// <summary>Type bytes of messages a server sends (protocol 3.0).</summary>
public static class BackendCode
{
    public const byte Authentication = (byte)'R';
    public const byte BackendKeyData = (byte)'K';
    public const byte BindComplete = (byte)'2';
    public const byte CloseComplete = (byte)'3';
    public const byte CommandComplete = (byte)'C';
    public const byte CopyData = (byte)'d';
    public const byte CopyDone = (byte)'c';
    public const byte CopyInResponse = (byte)'G';
    public const byte CopyOutResponse = (byte)'H';
    public const byte CopyBothResponse = (byte)'W';
    public const byte DataRow = (byte)'D';
    public const byte EmptyQueryResponse = (byte)'I';
    public const byte ErrorResponse = (byte)'E';
    public const byte FunctionCallResponse = (byte)'V';
    public const byte NegotiateProtocolVersion = (byte)'v';
    public const byte NoData = (byte)'n';
    public const byte NoticeResponse = (byte)'N';
    public const byte NotificationResponse = (byte)'A';
    public const byte ParameterDescription = (byte)'t';
    public const byte ParameterStatus = (byte)'S';
    public const byte ParseComplete = (byte)'1';
    public const byte PortalSuspended = (byte)'s';
    public const byte ReadyForQuery = (byte)'Z';
    public const byte RowDescription = (byte)'T';

    public static bool IsKnown(byte code) => code is Authentication or BackendKeyData or BindComplete or CloseComplete
        or CommandComplete or CopyData or CopyDone or CopyInResponse or CopyOutResponse or CopyBothResponse or DataRow
        or EmptyQueryResponse or ErrorResponse or FunctionCallResponse or NegotiateProtocolVersion or NoData
        or NoticeResponse or NotificationResponse or ParameterDescription or ParameterStatus or ParseComplete
        or PortalSuspended or ReadyForQuery or RowDescription;
}

/// <summary>The 32-bit codes that open an untyped startup-phase packet.</summary>
public static class StartupCode
{
    /// <summary>Protocol 3.0: major 3 in the high 16 bits, minor 0.</summary>
    public const int ProtocolVersion3 = 3 << 16;
    public const int CancelRequest = (1234 << 16) | 5678;
    public const int SslRequest = (1234 << 16) | 5679;
    public const int GssEncRequest = (1234 << 16) | 5680;
}

/// <summary>Which side wrote a stream of typed messages; decides which type bytes are legal.</summary>
public enum PgMessageSource
{
    Frontend,
    Backend,
}
