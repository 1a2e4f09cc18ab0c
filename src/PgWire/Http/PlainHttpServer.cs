using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;

namespace HtapRouter.PgWire.Http;

/// <summary>
/// A small HTTP/1.1 server for the status page and metrics endpoints: GET and HEAD only, each request answered
/// from a synchronous handler given the path, the connection closed after it. Built on
/// <see cref="HttpListener"/>, so that the router and the node need no web framework.
/// </summary>
public sealed partial class PlainHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<string, HttpReply> _handle;
    private readonly ILogger _logger;
    private Task _accepting = Task.CompletedTask;

    /// <param name="address">Where to listen: "*", "0.0.0.0" or "::" for every interface, else an address or host name.</param>
    /// <param name="port">The TCP port (HttpListener cannot pick a free one).</param>
    /// <param name="handle">Answers a GET for a path (without the query string).</param>
    /// <param name="logger">Where failures of the handler are logged.</param>
    public PlainHttpServer(string address, int port, Func<string, HttpReply> handle, ILogger logger)
    {
        var host = address switch
        {
            "*" or "0.0.0.0" or "::" or "" => "*",
            _ when address.Contains(':', StringComparison.Ordinal) => $"[{address}]",
            _ => address,
        };
        Prefix = $"http://{host}:{port}/";
        _listener.Prefixes.Add(Prefix);
        _handle = handle;
        _logger = logger;
    }

    /// <summary>The URL prefix listened on.</summary>
    public string Prefix { get; }

    public void Start()
    {
        _listener.Start();
        LogListening(Prefix);
        _accepting = AcceptAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener.IsListening)
        {
            _listener.Stop();
        }
        await _accepting;
        _listener.Close();
    }

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Serve(context));
        }
    }

    private void Serve(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var method = context.Request.HttpMethod;
            var reply = method is "GET" or "HEAD"
                ? Answer(context.Request.Url?.AbsolutePath ?? "/")
                : new HttpReply(405, "text/plain; charset=utf-8", "only GET and HEAD\n");
            var body = Encoding.UTF8.GetBytes(reply.Body);
            response.StatusCode = reply.Status;
            response.ContentType = reply.ContentType;
            response.Headers["Cache-Control"] = "no-store";
            response.KeepAlive = false;
            response.ContentLength64 = body.Length;
            if (method != "HEAD")
            {
                response.OutputStream.Write(body);
            }
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away before the answer was written: nothing is left to tell it.
            response.Abort();
        }
    }

    private HttpReply Answer(string path)
    {
        try
        {
            return _handle(path);
        }
        catch (Exception e)
        {
            LogRequestFailed(path, e);
            return new HttpReply(500, "text/plain; charset=utf-8", "internal error\n");
        }
    }

    [LoggerMessage(EventId = PgWireEventIds.HttpListening, Level = LogLevel.Information, Message = "HTTP endpoint listening on {Prefix}")]
    private partial void LogListening(string prefix);

    [LoggerMessage(EventId = PgWireEventIds.HttpRequestFailed, Level = LogLevel.Error, Message = "Answering GET {Path} failed")]
    private partial void LogRequestFailed(string path, Exception exception);
}
