namespace HtapRouter.Router.Configuration.Pgpool;

/// <summary>
/// Turns pgpool.conf entries into "Router" configuration keys. Keys in <see cref="RouterSettings"/> map one to one;
/// backend_*N keys become Router:Backends:N:*; ssl with ssl_cert and ssl_key gives the certificate; pgpool 4.4+'s
/// delay_threshold_by_time sets <see cref="RouterOptions.DelayThresholdByTime"/>. Keys pgpool knows but the router
/// does not use (<see cref="PgpoolKeys"/>) give a warning, and so does every other line that is read but not acted
/// on. A key no pgpool knows, or a value pgpool would refuse, is an error. A later line overrides an earlier one, as
/// in pgpool.
/// </summary>
internal sealed partial class PgpoolConfMapper
{
    private readonly PgpoolConf _conf;
    private readonly string _configurationDirectory;
    private (bool On, PgpoolConfLocation Location)? _ssl;
    private PgpoolConfEntry? _sslCert;
    private PgpoolConfEntry? _sslKey;
    private (long Milliseconds, PgpoolConfEntry Entry)? _delayThresholdByTime;

    private PgpoolConfMapper(PgpoolConf conf, string configurationDirectory)
    {
        _conf = conf;
        _configurationDirectory = configurationDirectory;
    }

    /// <summary>Maps <paramref name="entries"/> into <paramref name="conf"/>; relative ssl_cert and ssl_key paths are resolved against <paramref name="configurationDirectory"/>.</summary>
    public static void Map(IEnumerable<PgpoolConfEntry> entries, string configurationDirectory, PgpoolConf conf)
    {
        var mapper = new PgpoolConfMapper(conf, configurationDirectory);
        foreach (var entry in entries)
        {
            mapper.MapEntry(entry);
        }

        mapper.MapBackends();
        mapper.MapSsl();
        mapper.MapDelayThresholdByTime();
    }

    private void MapEntry(PgpoolConfEntry entry)
    {
        if (RouterSettings.ByPgpoolKey.TryGetValue(entry.Key, out var setting))
        {
            MapSetting(entry, setting);
            return;
        }

        switch (entry.Key)
        {
            case ClusteringModeKey:
                CheckClusteringMode(entry);
                return;
            case "ssl":
                if (TryBoolean(entry, out var on))
                {
                    _ssl = (on, entry.Location);
                }

                return;
            case "ssl_cert":
                _sslCert = entry;
                return;
            case "ssl_key":
                _sslKey = entry;
                return;
            case "delay_threshold_by_time":
                // pgpool 4.5 and later count it in milliseconds (4.4 in seconds); "2s" means the same in both.
                if (SettingValues.TryParseInteger(entry.Value, SettingUnit.Milliseconds, 0, long.MaxValue, out var milliseconds))
                {
                    _delayThresholdByTime = (milliseconds, entry);
                }
                else
                {
                    Invalid(entry, SettingValues.DescribeInteger(SettingUnit.Milliseconds));
                }

                return;
        }

        if (PgpoolKeys.Ignored.Contains(entry.Key))
        {
            Warn(entry, $"{entry.Key} is ignored: the router does not implement it");
        }
        else if (PgpoolKeys.Added.Contains(entry.Key))
        {
            Warn(entry, $"{entry.Key} is ignored: it is a pgpool-II 4.4-or-later setting the router does not implement");
        }
        else if (PgpoolKeys.Removed.TryGetValue(entry.Key, out var fate))
        {
            Warn(entry, $"{entry.Key} is ignored, as pgpool-II 4.3 ignores it: {fate}");
        }
        else
        {
            MapPerNode(entry);
        }
    }

    private void MapSetting(PgpoolConfEntry entry, RouterSetting setting)
    {
        if (!setting.TryConvert(entry.Value, out var scalar, out var items, out var expected))
        {
            Invalid(entry, expected!);
            return;
        }

        if (setting.Kind == SettingKind.Secret && !TryPassword(entry, ref scalar))
        {
            return;
        }

        Set(setting.ConfigurationKey, scalar, items, entry);
    }

    private void Set(string configurationKey, string? scalar, List<string>? items, PgpoolConfEntry entry)
    {
        RouterSettings.Write(_conf.Data, configurationKey, scalar, items);
        _conf.Origins[configurationKey] = $"{entry.Key} at {entry.Location}";
    }

    /// <summary>An invalid value; it is shown unless the key holds a password.</summary>
    private void Invalid(PgpoolConfEntry entry, string expected)
    {
        var secret = RouterSettings.ByPgpoolKey.TryGetValue(entry.Key, out var setting) && setting.Kind == SettingKind.Secret;
        Error(entry, secret ? $"invalid value for {entry.Key}: {expected}" : $"invalid value '{entry.Value}' for {entry.Key}: {expected}");
    }

    private void Error(PgpoolConfEntry entry, string message) => _conf.Errors.Add($"{entry.Location}: {message}");

    private void Warn(PgpoolConfEntry entry, string message) => _conf.Warnings.Add(new(entry.Location, entry.Key, message));
}
