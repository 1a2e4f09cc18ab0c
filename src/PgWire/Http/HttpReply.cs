namespace HtapRouter.PgWire.Http;

/// <summary>What a <see cref="PlainHttpServer"/> answers to one GET.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="ContentType">The Content-Type header, with its charset.</param>
/// <param name="Body">The body, sent as UTF-8.</param>
public sealed record HttpReply(int Status, string ContentType, string Body)
{
    public const string PrometheusText = "text/plain; version=0.0.4; charset=utf-8";

    public static HttpReply Ok(string contentType, string body) => new(200, contentType, body);

    public static readonly HttpReply NotFound = new(404, "text/plain; charset=utf-8", "not found\n");
}
