using System.Net;
using System.Net.Sockets;

namespace HtapRouter.TestSupport.Postgres;

/// <summary>
/// Tells quickly whether a Docker engine is listening, before Testcontainers is asked for one: Testcontainers'
/// own discovery is slow and noisy when there is no engine, and that is the common case on developer machines.
/// </summary>
internal static class DockerEngine
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    public static async Task<bool> IsAvailableAsync(CancellationToken cancellationToken)
    {
        foreach (var endpoint in CandidateEndpoints())
        {
            if (await AcceptsConnectionsAsync(endpoint, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>DOCKER_HOST when set, as Testcontainers honours it alone; else the sockets Testcontainers probes.</summary>
    private static IEnumerable<EndPoint> CandidateEndpoints()
    {
        if (Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } dockerHost)
        {
            if (Uri.TryCreate(dockerHost, UriKind.Absolute, out var uri))
            {
                if (uri.Scheme == "unix")
                {
                    yield return new UnixDomainSocketEndPoint(uri.AbsolutePath);
                }
                else if (uri.Scheme == "tcp")
                {
                    yield return new DnsEndPoint(uri.Host, uri.Port);
                }
            }

            yield break;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string?[] sockets =
        [
            "/var/run/docker.sock",
            Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime ? Path.Combine(runtime, "docker.sock") : null,
            home.Length > 0 ? Path.Combine(home, ".docker", "run", "docker.sock") : null,
        ];
        foreach (var socket in sockets)
        {
            if (socket is not null && File.Exists(socket))
            {
                yield return new UnixDomainSocketEndPoint(socket);
            }
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(EndPoint endpoint, CancellationToken cancellationToken)
    {
        using var socket = endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }
}
