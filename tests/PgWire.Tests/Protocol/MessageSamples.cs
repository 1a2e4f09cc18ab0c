using System.Buffers;
using System.Text;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;

namespace HtapRouter.PgWire.Tests.Protocol;

/// <summary>One filled-in instance of every protocol message, and a way to make an empty one to read into.</summary>
internal static class MessageSamples
{
    public sealed record Sample(string Name, PgMessageSource Source, IPgMessage Message, Func<IPgMessage> CreateEmpty)
    {
        public override string ToString() => Name;
    }

    private static PgValue Bytes(string text) => new(Encoding.UTF8.GetBytes(text).AsMemory());

    public static IEnumerable<Sample> All()
    {
        const PgMessageSource F = PgMessageSource.Frontend;
        const PgMessageSource B = PgMessageSource.Backend;

        yield return new("Query", F, new QueryMessage { Sql = "select 'ünïcode', 1; select 2" }, () => new QueryMessage());
        yield return new("Query.Empty", F, new QueryMessage { Sql = "" }, () => new QueryMessage());
        var parse = new ParseMessage { StatementName = "s1", Sql = "select $1::int + $2" };
        parse.ParameterTypes.AddRange([23u, 0u]);
        yield return new("Parse", F, parse, () => new ParseMessage());
        var bind = new BindMessage { PortalName = "p1", StatementName = "s1" };
        bind.ParameterFormats.AddRange([(short)0, (short)1]);
        bind.Parameters.AddRange([Bytes("42"), PgValue.Null]);
        bind.ResultFormats.Add(1);
        yield return new("Bind", F, bind, () => new BindMessage());
        yield return new("Bind.Empty", F, new BindMessage(), () => new BindMessage());
        yield return new("Describe.Statement", F, Target(TargetMessage.Describe(), PgTargetKind.Statement, "s1"), TargetMessage.Describe);
        yield return new("Describe.Portal", F, Target(TargetMessage.Describe(), PgTargetKind.Portal, ""), TargetMessage.Describe);
        yield return new("Close.Statement", F, Target(TargetMessage.Close(), PgTargetKind.Statement, "s1"), TargetMessage.Close);
        yield return new("Execute", F, new ExecuteMessage { PortalName = "p1", MaxRows = 100 }, () => new ExecuteMessage());
        yield return new("Sync", F, new EmptyMessage(FrontendCode.Sync), () => new EmptyMessage(FrontendCode.Sync));
        yield return new("Flush", F, new EmptyMessage(FrontendCode.Flush), () => new EmptyMessage(FrontendCode.Flush));
        yield return new("Terminate", F, new EmptyMessage(FrontendCode.Terminate), () => new EmptyMessage(FrontendCode.Terminate));
        yield return new("CopyData.Frontend", F, new CopyDataMessage { Data = new ReadOnlySequence<byte>("1\tone\n"u8.ToArray()) }, () => new CopyDataMessage());
        yield return new("CopyDone.Frontend", F, new EmptyMessage(FrontendCode.CopyDone), () => new EmptyMessage(FrontendCode.CopyDone));
        yield return new("CopyFail", F, new CopyFailMessage { Reason = "client gave up" }, () => new CopyFailMessage());
        var call = new FunctionCallMessage { FunctionOid = 1598, ResultFormat = 1 };
        call.ArgumentFormats.Add(1);
        call.Arguments.AddRange([Bytes("\u0001\u0002"), PgValue.Null]);
        yield return new("FunctionCall", F, call, () => new FunctionCallMessage());
        yield return new("PasswordMessage", F, new PasswordMessage { Password = "md5" + new string('a', 32) }, () => new PasswordMessage());
        yield return new("SASLInitialResponse", F, new SaslInitialResponseMessage { Mechanism = "SCRAM-SHA-256", Data = Bytes("n,,n=,r=abc") }, () => new SaslInitialResponseMessage());
        yield return new("SASLInitialResponse.NoData", F, new SaslInitialResponseMessage { Mechanism = "X" }, () => new SaslInitialResponseMessage());
        yield return new("SASLResponse", F, new SaslResponseMessage { Data = Bytes("c=biws,r=abc,p=xyz").Bytes }, () => new SaslResponseMessage());

        yield return new("AuthenticationOk", B, new AuthenticationMessage { Request = AuthenticationRequest.Ok }, () => new AuthenticationMessage());
        yield return new("AuthenticationCleartextPassword", B, new AuthenticationMessage { Request = AuthenticationRequest.CleartextPassword }, () => new AuthenticationMessage());
        yield return new("AuthenticationMD5Password", B, new AuthenticationMessage { Request = AuthenticationRequest.Md5Password, Md5Salt = 0xDEADBEEF }, () => new AuthenticationMessage());
        var sasl = new AuthenticationMessage { Request = AuthenticationRequest.Sasl };
        sasl.Mechanisms.AddRange(["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"]);
        yield return new("AuthenticationSASL", B, sasl, () => new AuthenticationMessage());
        yield return new("AuthenticationSASLContinue", B, new AuthenticationMessage { Request = AuthenticationRequest.SaslContinue, Data = Bytes("r=abc,s=c2FsdA==,i=4096").Bytes }, () => new AuthenticationMessage());
        yield return new("AuthenticationSASLFinal", B, new AuthenticationMessage { Request = AuthenticationRequest.SaslFinal, Data = Bytes("v=c2lnbmF0dXJl").Bytes }, () => new AuthenticationMessage());
        yield return new("AuthenticationGSS", B, new AuthenticationMessage { Request = AuthenticationRequest.Gss }, () => new AuthenticationMessage());
        yield return new("AuthenticationGSSContinue", B, new AuthenticationMessage { Request = AuthenticationRequest.GssContinue, Data = Bytes("tok").Bytes }, () => new AuthenticationMessage());
        yield return new("AuthenticationSSPI", B, new AuthenticationMessage { Request = AuthenticationRequest.Sspi }, () => new AuthenticationMessage());
        yield return new("AuthenticationKerberosV5", B, new AuthenticationMessage { Request = AuthenticationRequest.KerberosV5 }, () => new AuthenticationMessage());
        yield return new("BackendKeyData", B, new BackendKeyDataMessage { ProcessId = 4242, SecretKey = -17 }, () => new BackendKeyDataMessage());
        yield return new("ParameterStatus", B, new ParameterStatusMessage { Name = "TimeZone", Value = "Europe/Paris" }, () => new ParameterStatusMessage());
        yield return new("ReadyForQuery", B, new ReadyForQueryMessage { Status = TransactionStatus.Failed }, () => new ReadyForQueryMessage());
        var rowDescription = new RowDescriptionMessage();
        rowDescription.Fields.AddRange([new("id", 16384, 1, 23, 4, -1, 0), new("prix", 16384, 2, 1700, -1, (10 << 16 | 2) + 4, 1)]);
        yield return new("RowDescription", B, rowDescription, () => new RowDescriptionMessage());
        var row = new DataRowMessage();
        row.Values.AddRange([Bytes("1"), PgValue.Null, Bytes("")]);
        yield return new("DataRow", B, row, () => new DataRowMessage());
        yield return new("CommandComplete", B, new CommandCompleteMessage { Tag = "INSERT 0 1" }, () => new CommandCompleteMessage());
        yield return new("EmptyQueryResponse", B, new EmptyMessage(BackendCode.EmptyQueryResponse), () => new EmptyMessage(BackendCode.EmptyQueryResponse));
        var error = PgError.Error(SqlState.UndefinedTable, "relation \"nope\" does not exist") with
        {
            Position = 15, Detail = "d", Hint = "h", InternalPosition = 3, InternalQuery = "q", Where = "w",
            SchemaName = "public", TableName = "t", ColumnName = "c", DataTypeName = "int4", ConstraintName = "k",
            File = "parse_relation.c", Line = "1392", Routine = "parserOpenTable",
        };
        yield return new("ErrorResponse", B, new ErrorResponseMessage { Error = error }, () => new ErrorResponseMessage());
        yield return new("NoticeResponse", B, new ErrorResponseMessage(notice: true) { Error = new PgError(PgSeverity.Notice, "00000", "note") }, () => new ErrorResponseMessage(notice: true));
        yield return new("ParseComplete", B, new EmptyMessage(BackendCode.ParseComplete), () => new EmptyMessage(BackendCode.ParseComplete));
        yield return new("BindComplete", B, new EmptyMessage(BackendCode.BindComplete), () => new EmptyMessage(BackendCode.BindComplete));
        yield return new("CloseComplete", B, new EmptyMessage(BackendCode.CloseComplete), () => new EmptyMessage(BackendCode.CloseComplete));
        yield return new("NoData", B, new EmptyMessage(BackendCode.NoData), () => new EmptyMessage(BackendCode.NoData));
        yield return new("PortalSuspended", B, new EmptyMessage(BackendCode.PortalSuspended), () => new EmptyMessage(BackendCode.PortalSuspended));
        var parameters = new ParameterDescriptionMessage();
        parameters.TypeOids.AddRange([23u, 25u, 1700u]);
        yield return new("ParameterDescription", B, parameters, () => new ParameterDescriptionMessage());
        foreach (var code in new[] { BackendCode.CopyInResponse, BackendCode.CopyOutResponse, BackendCode.CopyBothResponse })
        {
            var copy = new CopyResponseMessage(code) { OverallFormat = 1 };
            copy.ColumnFormats.AddRange([(short)1, (short)1]);
            yield return new($"CopyResponse.{(char)code}", B, copy, () => new CopyResponseMessage(code));
        }

        yield return new("CopyData.Backend", B, new CopyDataMessage { Data = new ReadOnlySequence<byte>(new byte[] { 0, 1, 2, 255 }) }, () => new CopyDataMessage());
        yield return new("CopyDone.Backend", B, new EmptyMessage(BackendCode.CopyDone), () => new EmptyMessage(BackendCode.CopyDone));
        yield return new("NotificationResponse", B, new NotificationResponseMessage { ProcessId = 7, Channel = "jobs", Payload = "{\"id\":1}" }, () => new NotificationResponseMessage());
        yield return new("FunctionCallResponse", B, new FunctionCallResponseMessage { Result = Bytes("t") }, () => new FunctionCallResponseMessage());
        yield return new("FunctionCallResponse.Null", B, new FunctionCallResponseMessage { Result = PgValue.Null }, () => new FunctionCallResponseMessage());
        var negotiate = new NegotiateProtocolVersionMessage { NewestMinorVersion = 0 };
        negotiate.UnrecognizedOptions.Add("_pq_.compression");
        yield return new("NegotiateProtocolVersion", B, negotiate, () => new NegotiateProtocolVersionMessage());
    }

    public static byte[] Encode(IPgMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        message.Write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static TargetMessage Target(TargetMessage message, PgTargetKind kind, string name)
    {
        message.Kind = kind;
        message.Name = name;
        return message;
    }
}
