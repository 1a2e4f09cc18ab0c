using System.Globalization;

namespace HtapRouter.Router.Configuration.Pgpool;

/// <summary>The keys that do not map one to one: backend_clustering_mode, ssl, delay_threshold_by_time and passwords.</summary>
internal sealed partial class PgpoolConfMapper
{
    private const string ClusteringModeKey = "backend_clustering_mode";
    private const string SupportedClusteringMode = "streaming_replication";

    private static readonly string[] ClusteringModes =
        ["streaming_replication", "native_replication", "logical_replication", "slony", "raw", "snapshot_isolation"];

    /// <summary>
    /// pgpool's password forms: "TEXT" before a plaintext password, "md5" and 32 hex digits for a hash (kept, since
    /// md5 authentication can use it), "AES" for pg_enc's encryption, which needs pgpool's key file.
    /// </summary>
    private bool TryPassword(PgpoolConfEntry entry, ref string? password)
    {
        if (password!.StartsWith("AES", StringComparison.Ordinal))
        {
            Error(entry, $"{entry.Key} is encrypted with pg_enc (AES), which the router cannot decrypt: give the password in clear, or as TEXT<password>");
            return false;
        }

        if (password.StartsWith("TEXT", StringComparison.Ordinal))
        {
            password = password["TEXT".Length..];
        }

        return true;
    }

    private void CheckClusteringMode(PgpoolConfEntry entry)
    {
        var mode = Array.Find(ClusteringModes, m => string.Equals(m, entry.Value, StringComparison.OrdinalIgnoreCase));
        if (mode is null)
        {
            Invalid(entry, $"expected {string.Join(", ", ClusteringModes)}");
        }
        else if (mode != SupportedClusteringMode)
        {
            // Any other mode expects writes on several nodes or none balanced; routing for streaming replication
            // there would read stale data or write to a replica, so the router refuses to start.
            Error(entry, $"{ClusteringModeKey} {mode} is not supported: the router routes for {SupportedClusteringMode} (node 0 the primary, the others its standbys)");
        }
    }

    private void MapSsl()
    {
        if (_ssl is not { On: true } ssl)
        {
            return;
        }

        if (_sslCert is not { Value.Length: > 0 } cert || _sslKey is not { Value.Length: > 0 } key)
        {
            _conf.Warnings.Add(new(ssl.Location, "ssl", "ssl is on but ssl_cert or ssl_key is not set, so TLS stays off, as in pgpool-II"));
            return;
        }

        Set(RouterOptions.Section + ":" + nameof(RouterOptions.CertificatePath), Path.GetFullPath(cert.Value, _configurationDirectory), null, cert);
        Set(RouterOptions.Section + ":" + nameof(RouterOptions.CertificateKeyPath), Path.GetFullPath(key.Value, _configurationDirectory), null, key);
    }

    private void MapDelayThresholdByTime()
    {
        if (_delayThresholdByTime is not { } byTime)
        {
            return;
        }

        // As in pgpool, a time threshold above 0 replaces the one in bytes.
        var on = byTime.Milliseconds > 0;
        Set(RouterOptions.Section + ":" + nameof(RouterOptions.DelayThresholdByTime), on ? bool.TrueString : bool.FalseString, null, byTime.Entry);
        if (on)
        {
            Set(RouterOptions.Section + ":" + nameof(RouterOptions.DelayThreshold), byTime.Milliseconds.ToString(CultureInfo.InvariantCulture), null, byTime.Entry);
        }
    }

    private bool TryBoolean(PgpoolConfEntry entry, out bool value)
    {
        if (SettingValues.TryParseBoolean(entry.Value, out value))
        {
            return true;
        }

        Invalid(entry, "expected on or off");
        return false;
    }
}
