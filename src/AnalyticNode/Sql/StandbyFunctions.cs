using System.Globalization;
using HtapRouter.AnalyticNode.Configuration;
using HtapRouter.AnalyticNode.Sessions;
using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Protocol;
using HtapRouter.Replicator;
using Microsoft.Extensions.Options;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// The functions that make the node a hot standby to its clients: recovery status and replay position,
/// version(), settings (current_setting, set_config) and session identity, each replaced by its value.
/// </summary>
internal sealed class StandbyFunctions
{
    private readonly ReplicationProgress _progress;
    private readonly string _version;

    public StandbyFunctions(ReplicationProgress progress, IOptions<AnalyticNodeOptions> options)
    {
        _progress = progress;
        _version = $"PostgreSQL {options.Value.ServerVersion} (HtapRouter analytic node on DuckDB) on x86_64-pc-linux-gnu, 64-bit";
    }

    /// <summary>The replacement for a function call, or null to leave it to DuckDB.</summary>
    public Pg.Node? Replace(Pg.FuncCall call, SessionSettings settings)
    {
        var name = call.Funcname.Count switch
        {
            1 => call.Funcname[0].String.Sval,
            2 when call.Funcname[0].String.Sval == "pg_catalog" => call.Funcname[1].String.Sval,
            _ => null,
        };
        return name switch
        {
            "version" when call.Args.Count == 0 => Text(_version),
            "pg_is_in_recovery" when call.Args.Count == 0 => Boolean(true),
            "pg_last_wal_replay_lsn" or "pg_last_wal_receive_lsn" when call.Args.Count == 0 =>
                _progress.AppliedLsn is { } lsn ? Text(ReplicationProgress.FormatLsn(lsn)) : Null("varchar"),
            "pg_last_xact_replay_timestamp" when call.Args.Count == 0 =>
                _progress.LastCommitTime is { } time ? Timestamp(time) : Null("timestamptz"),
            "pg_current_wal_lsn" or "pg_current_wal_insert_lsn" or "pg_current_wal_flush_lsn" or "pg_switch_wal" =>
                throw new PgErrorException(new PgError(PgSeverity.Error, "55000", "recovery is in progress")
                {
                    Hint = "WAL control functions cannot be executed during recovery.",
                }),
            "current_database" when call.Args.Count == 0 => Text(settings.Database),
            "current_schema" when call.Args.Count == 0 => Text("public"),
            "pg_backend_pid" when call.Args.Count == 0 => PgNodes.IntegerConstant(settings.ProcessId),
            "current_setting" => CurrentSetting(call, settings),
            "set_config" => SetConfig(call, settings),
            _ => null,
        };
    }

    /// <summary>The replacement for CURRENT_USER, SESSION_USER, CURRENT_CATALOG, CURRENT_SCHEMA and friends.</summary>
    public static Pg.Node? Replace(Pg.SQLValueFunction function, SessionSettings settings) => function.Op switch
    {
        Pg.SQLValueFunctionOp.SvfopCurrentUser or Pg.SQLValueFunctionOp.SvfopCurrentRole
            or Pg.SQLValueFunctionOp.SvfopSessionUser or Pg.SQLValueFunctionOp.SvfopUser =>
            Text(settings.Get("session_authorization") ?? string.Empty),
        Pg.SQLValueFunctionOp.SvfopCurrentCatalog => Text(settings.Database),
        Pg.SQLValueFunctionOp.SvfopCurrentSchema => Text("public"),
        _ => null,
    };

    private static Pg.Node CurrentSetting(Pg.FuncCall call, SessionSettings settings)
    {
        var name = ConstantArgument(call, 0, "current_setting");
        var missingOk = call.Args.Count > 1 && ConstantArgument(call, 1, "current_setting") is "true" or "t" or "on";
        var value = settings.Get(name);
        return value is not null ? Text(value)
            : missingOk ? Null("varchar")
            : throw new PgErrorException(SqlState.UndefinedObject, $"unrecognized configuration parameter \"{name}\"");
    }

    /// <summary>set_config() takes effect when the statement is planned, which is when PostgreSQL would run it for a constant call.</summary>
    private static Pg.Node SetConfig(Pg.FuncCall call, SessionSettings settings)
    {
        var name = ConstantArgument(call, 0, "set_config");
        var value = ConstantArgument(call, 1, "set_config");
        var isLocal = ConstantArgument(call, 2, "set_config") is "true" or "t" or "on";
        return Text(settings.Set(name, value, isLocal, inTransaction: isLocal));
    }

    private static string ConstantArgument(Pg.FuncCall call, int index, string function)
    {
        if (index < call.Args.Count && call.Args[index] is { AConst: { } constant })
        {
            return constant.ValCase switch
            {
                Pg.A_Const.ValOneofCase.Sval => constant.Sval.Sval,
                Pg.A_Const.ValOneofCase.Boolval => constant.Boolval.Boolval ? "true" : "false",
                Pg.A_Const.ValOneofCase.Ival => constant.Ival.Ival.ToString(CultureInfo.InvariantCulture),
                _ => constant.Fval?.Fval ?? string.Empty,
            };
        }

        throw new PgErrorException(SqlState.FeatureNotSupported,
            $"{function}() is supported by the analytic node only with constant arguments");
    }

    private static Pg.Node Text(string value) => PgNodes.StringConstant(value);

    private static Pg.Node Boolean(bool value) =>
        new() { AConst = new Pg.A_Const { Boolval = new Pg.Boolean { Boolval = value }, Location = -1 } };

    private static Pg.Node Null(string type) => PgNodes.TypeCast(PgNodes.NullConstant(), PgNodes.TypeName(type));

    private static Pg.Node Timestamp(DateTimeOffset time) => PgNodes.TypeCast(
        PgNodes.StringConstant(time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff+00", CultureInfo.InvariantCulture)),
        PgNodes.TypeName("timestamptz"));
}
