using System.Globalization;

namespace HtapRouter.AnalyticNode.Sessions;

/// <summary>The settings the node knows, with PostgreSQL's names, defaults and reporting, as a hot standby shows them.</summary>
internal static class NodeSettings
{
    /// <summary>Builds the definitions for a node that reports itself as PostgreSQL <paramref name="serverVersion"/>.</summary>
    public static IReadOnlyDictionary<string, SettingDefinition> Create(string serverVersion, string timeZone)
    {
        var versionNumber = VersionNumber(serverVersion);
        SettingDefinition[] definitions =
        [
            new("application_name", "", Reported: true),
            new("client_encoding", "UTF8", Reported: true, Normalize: SettingRules.ClientEncoding),
            new("DateStyle", "ISO, MDY", Reported: true, Normalize: SettingRules.DateStyle),
            new("default_transaction_read_only", "off", Reported: true, Normalize: v => SettingRules.Boolean("default_transaction_read_only", v)),
            new("in_hot_standby", "on", Reported: true, ReadOnly: true),
            new("integer_datetimes", "on", Reported: true, ReadOnly: true),
            new("IntervalStyle", "postgres", Reported: true, Normalize: SettingRules.IntervalStyle),
            new("is_superuser", "on", Reported: true, ReadOnly: true),
            new("server_encoding", "UTF8", Reported: true, ReadOnly: true),
            new("server_version", serverVersion, Reported: true, ReadOnly: true),
            new("session_authorization", "", Reported: true, ReadOnly: true),
            new("standard_conforming_strings", "on", Reported: true, Normalize: StandardConformingStrings),
            new("TimeZone", timeZone, Reported: true, Normalize: SettingRules.TimeZone),
            new("server_version_num", versionNumber.ToString(CultureInfo.InvariantCulture), ReadOnly: true),
            new("extra_float_digits", "1", Normalize: SettingRules.ExtraFloatDigits),
            new("search_path", "\"$user\", public"),
            new("statement_timeout", "0", Normalize: v => SettingRules.Milliseconds("statement_timeout", v)),
            new("lock_timeout", "0", Normalize: v => SettingRules.Milliseconds("lock_timeout", v)),
            new("idle_in_transaction_session_timeout", "0", Normalize: v => SettingRules.Milliseconds("idle_in_transaction_session_timeout", v)),
            new("idle_session_timeout", "0", Normalize: v => SettingRules.Milliseconds("idle_session_timeout", v)),
            new("transaction_read_only", "on", ReadOnly: true),
            new("transaction_isolation", "read committed"),
            new("default_transaction_isolation", "read committed"),
            new("max_identifier_length", "63", ReadOnly: true),
            new("block_size", "8192", ReadOnly: true),
            new("lc_collate", "C", ReadOnly: true),
            new("lc_ctype", "C", ReadOnly: true),
            new("lc_messages", "C"),
            new("lc_monetary", "C"),
            new("lc_numeric", "C"),
            new("lc_time", "C"),
            new("bytea_output", "hex", Normalize: ByteaOutput),
            new("client_min_messages", "notice"),
            new("row_security", "on"),
            new("synchronous_commit", "on"),
            new("jit", "off"),
            new("work_mem", "4MB"),
            new("enable_seqscan", "on"),
            new("geqo", "on"),
            new("max_connections", "100", ReadOnly: true),
            new("wal_level", "logical", ReadOnly: true),
            new("hot_standby", "on", ReadOnly: true),
            new("data_directory_mode", "0700", ReadOnly: true),
            new("default_tablespace", ""),
            new("timezone_abbreviations", "Default"),
            new("xmloption", "content"),
            new("array_nulls", "on"),
            new("escape_string_warning", "on"),
            new("check_function_bodies", "on"),
            new("default_with_oids", "off"),
        ];
        return definitions.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>"15.4 (anything)" is 150004; "9.6.2" is 90602, as PostgreSQL computes server_version_num.</summary>
    public static int VersionNumber(string serverVersion)
    {
        var numeric = serverVersion.Split(' ', 2)[0].Split('.');
        var major = int.Parse(numeric[0], CultureInfo.InvariantCulture);
        var minor = numeric.Length > 1 && int.TryParse(numeric[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) ? m : 0;
        if (major >= 10)
        {
            return (major * 10000) + minor;
        }

        var patch = numeric.Length > 2 && int.TryParse(numeric[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : 0;
        return (major * 10000) + (minor * 100) + patch;
    }

    private static string StandardConformingStrings(string value) =>
        SettingRules.Boolean("standard_conforming_strings", value) == "on"
            ? "on"
            : throw new PgWire.Protocol.PgErrorException(PgWire.Protocol.SqlState.FeatureNotSupported,
                "standard_conforming_strings = off is not supported by the analytic node");

    private static string ByteaOutput(string value) => value.Equals("hex", StringComparison.OrdinalIgnoreCase)
        ? "hex"
        : throw new PgWire.Protocol.PgErrorException(PgWire.Protocol.SqlState.FeatureNotSupported,
            $"bytea_output = {value} is not supported by the analytic node");
}
