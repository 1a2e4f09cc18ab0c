using System.Globalization;
using HtapRouter.Bench.Stack;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Pgpool;

namespace HtapRouter.Bench.Scenarios;

/// <summary>
/// Scenario 1: pgbench -S with 16 clients straight to the primary, through the router (the primary as its only
/// backend), through PgBouncer in session mode and through pgpool-II in streaming-replication mode with only the
/// primary: each a pure pass-through, so the figures compare the proxies' own cost. A byte relay that only copies
/// bytes runs beside them as the floor: no proxy can beat it, so it shows how much of each proxy's gap to direct
/// connections is the kernel's, which every proxy pays. Rounds interleave the targets, so drift on a shared machine
/// spreads over all of them instead of landing on one.
/// </summary>
public sealed class OltpScenario(BenchContext context)
{
    public const string Table = "OLTP pass-through: pgbench -S, 16 clients (TPS, higher is better)";
    public const string Direct = "PostgreSQL direct";
    public const string Router = "router";
    public const string PgBouncer = "PgBouncer (session)";
    public const string Pgpool = "pgpool-II";
    public const string Relay = "byte relay (floor)";

    /// <summary>
    /// The pgbench runs. Clients authenticate with SCRAM, except in the trust row: there they log in as
    /// <see cref="PrimaryServer.TrustUser"/>, whom every target trusts, so a connection per transaction measures
    /// what connecting costs each target rather than pgbench's own SCRAM key derivation.
    /// </summary>
    private static readonly (string Row, string[] Arguments, bool Trust)[] Variants =
    [
        ("-M simple", ["-M", "simple"], false),
        ("-M extended", ["-M", "extended"], false),
        ("-M prepared", ["-M", "prepared"], false),
        ("-C -M simple (a connection per transaction)", ["-C", "-M", "simple"], false),
        (TrustConnectRow, ["-C", "-M", "simple"], true),
    ];

    private const string TrustConnectRow = "-C -M simple, trust authentication";

    /// <summary>Client connections each proxy must take: the pgbench clients, or the idle-connection test's thousand.</summary>
    private int MaxClients => Math.Max(context.Options.IdleConnections, context.Options.PgbenchClients) + 100;

    public async Task RunAsync()
    {
        var primary = context.Primary;
        Progress.Step($"OLTP: pgbench -i -s {context.Options.PgbenchScale}");
        await Pgbench.InitializeAsync(primary.Endpoint, context.Options.PgbenchScale, context.Cancellation);
        await primary.ExecuteAsync("VACUUM ANALYZE", context.Cancellation);
        await primary.AddTrustUserAsync(context.Cancellation);

        var targets = new Dictionary<string, PgEndpoint?> { [Direct] = primary.Endpoint };
        var unavailable = new Dictionary<string, string>();
        await using var bouncer = await StartAsync(PgBouncer, () => PgBouncerProcess.StartAsync(context.Work, primary, MaxClients, context.Cancellation), targets, unavailable, b => b.Endpoint);
        await using var pgpool = await StartAsync(Pgpool, StartPgpoolAsync, targets, unavailable, p => p.Endpoint(PrimaryServer.Database));
        await using var relay = await StartAsync(Relay, () => ByteRelayProcess.StartAsync(context.Work, context.Programs, primary, context.Cancellation),
            targets, unavailable, r => r.Endpoint);
        var backends = $"0:{primary.Host}:{primary.Port}:1";
        var (router, why) = await RouterProcess.TryStartAsync(context.Work, context.Programs, "router-oltp", backends, primary, MaxClients, context.Cancellation);
        await using var routerLifetime = router;
        if (router is null)
        {
            unavailable[Router] = why!;
        }
        else
        {
            targets[Router] = router.Endpoint;
        }

        // The trust row's targets: the same servers (the router a second instance with no user list), logged in to as the trusted user.
        var (trustingRouter, _) = await RouterProcess.TryStartAsync(context.Work, context.Programs, "router-oltp-trust", backends, primary, MaxClients,
            context.Cancellation, trustClients: true);
        await using var trustingRouterLifetime = trustingRouter;
        var trustTargets = targets.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => (PgEndpoint?)PrimaryServer.TrustEndpoint(t.Value!.Port));
        trustTargets[Router] = trustingRouter is null ? null : PrimaryServer.TrustEndpoint(trustingRouter.Port);

        context.Results.Setting("PgBouncer", PgBouncerProcess.DescribeSettings(MaxClients));
        context.Results.Setting("pgpool-II", "backend_clustering_mode=streaming_replication with the primary as its only backend (a pass-through), " +
            "num_init_children=32, max_pool=1, connection_cache=on, load_balance_mode=on, health_check_period=sr_check_period=10 s, " +
            "log_per_node_statement=off, clients authenticated with SCRAM (pool_hba)");
        context.Results.Setting(Relay, ByteRelayProcess.Describe);
        context.Results.Setting("router (OLTP)", $"--backends \"0:127.0.0.1:<primary port>:1\" (the primary only), num_init_children={MaxClients}, " +
            "clients authenticated with SCRAM; for the trust row a second instance with no user list, which trusts clients as pgpool-II does with pool_hba off");
        context.Results.Setting("pgbench", $"-S -n -c {context.Options.PgbenchClients} -j 2 -T {context.Options.PgbenchSeconds}, scale {context.Options.PgbenchScale}; " +
            $"every client authenticates with SCRAM-SHA-256, directly or to the proxy, except in the trust row: there it logs in as {PrimaryServer.TrustUser}, " +
            "whom PostgreSQL (pg_hba), PgBouncer (auth_hba_file), pgpool-II (pool_hba) and the router all trust on loopback");

        await MeasureAsync(targets, trustTargets, unavailable, router);
        AddClaims();

        await new IdleConnectionsScenario(context).RunAsync(router, bouncer, unavailable.GetValueOrDefault(Router));
    }

    private async Task MeasureAsync(Dictionary<string, PgEndpoint?> targets, Dictionary<string, PgEndpoint?> trustTargets,
        Dictionary<string, string> unavailable, RouterProcess? router)
    {
        var samples = new Dictionary<(string, string), List<double>>();
        var failures = new Dictionary<(string, string), string>();
        for (var round = 0; round < context.Options.Runs; round++)
        {
            foreach (var (row, arguments, trust) in Variants)
            {
                foreach (var (target, endpoint) in trust ? trustTargets : targets)
                {
                    if (endpoint is null || failures.ContainsKey((target, row)))
                    {
                        continue;
                    }

                    Progress.Step($"OLTP round {round + 1}/{context.Options.Runs}: {target}, pgbench -S {row}");
                    try
                    {
                        var report = await PgbenchAsync(endpoint, arguments);
                        samples.TryAdd((target, row), []);
                        samples[(target, row)].Add(report.TransactionsPerSecond);
                    }
                    catch (Exception error) when (error is InvalidOperationException or FormatException or TimeoutException)
                    {
                        failures[(target, row)] = "pgbench failed: " + FirstLines(error.Message);
                    }
                }
            }
        }

        if (router is not null && targets.GetValueOrDefault(Router) is { } routed)
        {
            foreach (var (row, arguments, _) in Variants.Where(v => !v.Trust && !failures.ContainsKey((Router, v.Row))))
            {
                var name = "router-pgbench-S" + string.Concat(arguments.Where(a => a != "-M").Select(a => "-" + a.TrimStart('-')));
                await context.ProfileAsync(name, router.Process.ProcessId, context.Options.PgbenchSeconds, () => PgbenchAsync(routed, arguments));
            }
        }

        foreach (var (row, _, trust) in Variants)
        {
            foreach (var target in (string[])[Direct, Router, PgBouncer, Pgpool, Relay])
            {
                var reason = unavailable.GetValueOrDefault(target) ?? failures.GetValueOrDefault((target, row))
                    ?? (trust && trustTargets.GetValueOrDefault(target) is null ? "the instance that trusts clients did not start" : null);
                if (reason is null && samples.TryGetValue((target, row), out var values))
                {
                    context.Results.Add(Table, row, target, "tps", values);
                }
                else
                {
                    context.Results.Unavailable(Table, row, target, "tps", reason ?? "not measured");
                }
            }
        }
    }

    private Task<PgbenchReport> PgbenchAsync(PgEndpoint endpoint, string[] arguments) => Pgbench.BenchmarkAsync(endpoint, [
        "-S", "-n", "-c", context.Options.PgbenchClients.ToString(CultureInfo.InvariantCulture), "-j", "2",
        "-T", context.Options.PgbenchSeconds.ToString(CultureInfo.InvariantCulture), .. arguments],
        TimeSpan.FromSeconds(context.Options.PgbenchSeconds * 4 + 60), context.Cancellation);

    private void AddClaims()
    {
        var results = context.Results;
        foreach (var row in (string[])["-M simple", "-M extended", "-M prepared"])
        {
            results.Ratio($"router / PgBouncer, pgbench -S {row}", "#5", results.Find(Table, row, Router), results.Find(Table, row, PgBouncer), atLeast: true, 1.0);
            results.Ratio($"router / pgpool-II, pgbench -S {row}", "#5", results.Find(Table, row, Router), results.Find(Table, row, Pgpool), atLeast: true, 2.0);
        }

        // The floor's own ratios: what the least possible proxy reaches, against the targets the claims name.
        foreach (var row in (string[])["-M simple", "-M extended"])
        {
            var floor = results.Find(Table, row, Relay);
            var pgpool = results.Find(Table, row, Pgpool);
            var bouncer = results.Find(Table, row, PgBouncer);
            if (floor.Available && pgpool.Available && bouncer.Available)
            {
                results.Note(Table, string.Create(CultureInfo.InvariantCulture,
                    $"pgbench -S {row}: the byte relay reaches {floor.Median / pgpool.Median:F2}× pgpool-II and {floor.Median / bouncer.Median:F2}× PgBouncer (medians): no proxy can do better on this machine."));
            }
        }

        var connect = Variants[3].Row;
        results.Ratio("router / direct, pgbench -S -C (SCRAM)", "#5", results.Find(Table, connect, Router), results.Find(Table, connect, Direct), atLeast: true, 5.0);
        results.Ratio("router / direct, pgbench -S -C (trust)", "#5", results.Find(Table, TrustConnectRow, Router), results.Find(Table, TrustConnectRow, Direct), atLeast: true, 5.0);
    }

    private Task<PgpoolServer> StartPgpoolAsync() => PgpoolServer.StartAsync(new PgpoolOptions
    {
        Backends = [new PgpoolBackend(context.Primary.Host, context.Primary.Port)],
        Username = context.Primary.Username,
        Password = context.Primary.Password,
        MaxClients = 32,
        TrustedUsers = [PrimaryServer.TrustUser],
        LogPerNodeStatement = false,
        HealthCheckPeriod = TimeSpan.FromSeconds(10),
        StreamingReplicationCheckPeriod = TimeSpan.FromSeconds(10),
        TemporaryRoot = context.Work.Root,
    }, context.Cancellation);

    private static async Task<T?> StartAsync<T>(string name, Func<Task<T>> start, Dictionary<string, PgEndpoint?> targets,
        Dictionary<string, string> unavailable, Func<T, PgEndpoint> endpoint) where T : class
    {
        Progress.Step($"OLTP: starting {name}");
        try
        {
            var server = await start();
            targets[name] = endpoint(server);
            return server;
        }
        catch (Exception error) when (error is InvalidOperationException or FileNotFoundException or TimeoutException)
        {
            unavailable[name] = $"{name} did not start: {FirstLines(error.Message)}";
            return null;
        }
    }

    internal static string FirstLines(string text) => string.Join(" / ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(3));
}
