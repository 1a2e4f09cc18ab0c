namespace HtapRouter.Router.Configuration.Pgpool;

/// <summary>A pgpool.conf line the router reads but does not act on, such as a pgpool key it does not implement.</summary>
/// <param name="Location">Where the line is.</param>
/// <param name="Key">The pgpool key, for tests and filtering; never its value, which may be a password.</param>
/// <param name="Message">What the router does with it, naming the key.</param>
internal sealed record PgpoolConfWarning(PgpoolConfLocation Location, string Key, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}
