using System.Collections.Frozen;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace HtapRouter.Router.Configuration;

/// <summary>The <see cref="RouterOptions"/> properties that pgpool-II has a key for, with the kind of each value.</summary>
internal static class RouterSettings
{
    public static readonly IReadOnlyList<RouterSetting> All =
    [
        new("listen_addresses", nameof(RouterOptions.ListenAddresses), SettingKind.Text),
        new("port", nameof(RouterOptions.Port), SettingKind.Int32),
        new("num_init_children", nameof(RouterOptions.NumInitChildren), SettingKind.Int32),
        new("max_pool", nameof(RouterOptions.MaxPool), SettingKind.Int32),
        new("connection_cache", nameof(RouterOptions.ConnectionCache), SettingKind.Boolean),
        new("load_balance_mode", nameof(RouterOptions.LoadBalanceMode), SettingKind.Boolean),
        new("statement_level_load_balance", nameof(RouterOptions.StatementLevelLoadBalance), SettingKind.Boolean),
        new("disable_load_balance_on_write", nameof(RouterOptions.DisableLoadBalanceOnWrite), SettingKind.DisableLoadBalanceOnWrite),
        new("read_only_function_list", nameof(RouterOptions.ReadOnlyFunctionList), SettingKind.CommaList),
        new("write_function_list", nameof(RouterOptions.WriteFunctionList), SettingKind.CommaList),
        new("primary_routing_query_pattern_list", nameof(RouterOptions.PrimaryRoutingQueryPatternList), SettingKind.PatternList),
        new("database_redirect_preference_list", nameof(RouterOptions.DatabaseRedirectPreferenceList), SettingKind.CommaList),
        new("app_name_redirect_preference_list", nameof(RouterOptions.AppNameRedirectPreferenceList), SettingKind.CommaList),
        new("allow_sql_comments", nameof(RouterOptions.AllowSqlComments), SettingKind.Boolean),
        new("delay_threshold", nameof(RouterOptions.DelayThreshold), SettingKind.Int64, SettingUnit.Bytes),
        new("prefer_lower_delay_standby", nameof(RouterOptions.PreferLowerDelayStandby), SettingKind.Boolean),
        new("sr_check_period", nameof(RouterOptions.SrCheckPeriod), SettingKind.Int32, SettingUnit.Seconds),
        new("sr_check_user", nameof(RouterOptions.SrCheckUser), SettingKind.Text),
        new("sr_check_password", nameof(RouterOptions.SrCheckPassword), SettingKind.Secret),
        new("sr_check_database", nameof(RouterOptions.SrCheckDatabase), SettingKind.Database),
        new("health_check_period", nameof(RouterOptions.HealthCheckPeriod), SettingKind.Int32, SettingUnit.Seconds),
        new("health_check_timeout", nameof(RouterOptions.HealthCheckTimeout), SettingKind.Int32, SettingUnit.Seconds),
        new("health_check_max_retries", nameof(RouterOptions.HealthCheckMaxRetries), SettingKind.Int32),
        new("health_check_retry_delay", nameof(RouterOptions.HealthCheckRetryDelay), SettingKind.Int32, SettingUnit.Seconds),
        new("health_check_user", nameof(RouterOptions.HealthCheckUser), SettingKind.Text),
        new("health_check_password", nameof(RouterOptions.HealthCheckPassword), SettingKind.Secret),
        new("health_check_database", nameof(RouterOptions.HealthCheckDatabase), SettingKind.Database),
        new("auto_failback", nameof(RouterOptions.AutoFailback), SettingKind.Boolean),
        new("log_per_node_statement", nameof(RouterOptions.LogPerNodeStatement), SettingKind.Boolean),
    ];

    /// <summary>By pgpool key; pgpool compares keys case-sensitively, and so does this.</summary>
    public static readonly FrozenDictionary<string, RouterSetting> ByPgpoolKey =
        All.ToFrozenDictionary(setting => setting.PgpoolKey, StringComparer.Ordinal);

    /// <summary>By configuration key (Router:Port), ignoring case as configuration does.</summary>
    public static readonly FrozenDictionary<string, RouterSetting> ByConfigurationKey =
        All.ToFrozenDictionary(setting => setting.ConfigurationKey, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Replaces whatever <paramref name="data"/> holds for <paramref name="configurationKey"/> with a converted value:
    /// a scalar, list items under :0, :1…, or for an empty list the key with an empty value, so the source still
    /// counts as setting the list (see <see cref="RouterOptionsSetup"/>). Null for both leaves the key unset.
    /// </summary>
    public static void Write(IDictionary<string, string?> data, string configurationKey, string? scalar, List<string>? items)
    {
        Remove(data, configurationKey);
        if (items is null)
        {
            if (scalar is not null)
            {
                data[configurationKey] = scalar;
            }

            return;
        }

        if (items.Count == 0)
        {
            data[configurationKey] = string.Empty;
        }

        for (var i = 0; i < items.Count; i++)
        {
            data[ConfigurationPath.Combine(configurationKey, i.ToString(CultureInfo.InvariantCulture))] = items[i];
        }
    }

    /// <summary>Removes <paramref name="key"/> and every key under it.</summary>
    public static void Remove(IDictionary<string, string?> data, string key)
    {
        data.Remove(key);
        var prefix = key + ConfigurationPath.KeyDelimiter;
        foreach (var child in data.Keys.Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            data.Remove(child);
        }
    }
}
