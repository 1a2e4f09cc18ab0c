namespace HtapRouter.AnalyticNode.Configuration;

/// <summary>The node's command-line switches, each the short form of a "Node:*" setting.</summary>
internal static class CommandLine
{
    public static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--listen"] = "Node:ListenAddress",
        ["--port"] = "Node:Port",
        ["--http-port"] = "Node:HttpPort",
        ["--data"] = "Node:DataPath",
        ["--primary"] = "Replicator:Primary",
        ["--publication"] = "Replicator:Publication",
        ["--slot"] = "Replicator:Slot",
        ["--auth"] = "Node:AuthMethod",
        ["--cert"] = "Node:CertificatePath",
        ["--key"] = "Node:CertificateKeyPath",
        ["--max-connections"] = "Node:MaxConnections",
        ["--server-version"] = "Node:ServerVersion",
        ["--timezone"] = "Node:TimeZone",
        ["--threads"] = "Node:DuckDbThreads",
        ["--memory-limit"] = "Node:DuckDbMemoryLimit",
    };

    public const string Help = """
        HtapRouter analytic node: a read-only PostgreSQL hot standby over a DuckDB file.

        Usage: HtapRouter.AnalyticNode [options]

          --port <n>              TCP port (default 5433)
          --listen <address>      address to listen on (default 127.0.0.1)
          --http-port <n>         HTTP port for Prometheus metrics at /metrics (default 0, off)
          --data <path>           DuckDB file to serve, created when missing (default ./analytic.duckdb)
          --primary "<conn>"      Npgsql connection string of the primary to replicate from (its user needs
                                  REPLICATION); without it the file is served as it is
          --publication <name>    publication to subscribe to (default htap_pub, created FOR ALL TABLES)
          --slot <name>           logical replication slot (default htap_slot, created when missing)
          --auth <method>         scram-sha-256 (default), md5, password or trust, for configured users
          --cert <pem> --key <pem>  TLS certificate and key; SSLRequest is then accepted
          --max-connections <n>   sessions allowed at once (default 100)
          --server-version <v>    PostgreSQL version to report (default 15.0)
          --timezone <zone>       default session TimeZone (default UTC)
          --threads <n>           DuckDB worker threads (default: all cores)
          --memory-limit <size>   DuckDB memory_limit, e.g. 4GB
          --help                  this text

        Users: Node:Users:<name>=<password | md5 hash | SCRAM verifier>, e.g. --Node:Users:alice=secret
        or HTAP_Node__Users__alice=secret. With no users, every client is trusted.
        Every option can also be set in appsettings.json (sections "Node" and "Replicator") or as
        HTAP_Node__<Name> / HTAP_Replicator__<Name> (e.g. Replicator:BatchMaxChanges, Replicator:BatchMaxDelay).
        """;
}
