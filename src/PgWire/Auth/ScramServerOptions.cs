namespace HtapRouter.PgWire.Auth;

/// <summary>Settings shared by every <see cref="ScramServerExchange"/> of a server.</summary>
public sealed record ScramServerOptions
{
    /// <summary>Smallest accepted <see cref="MockSaltKey"/>.</summary>
    public const int MinMockSaltKeyLength = 16;

    /// <summary>
    /// Secret from which the fake salt of a user without a verifier is derived, so that repeated probes for
    /// one name see one salt, as they would for a real user. Keep it secret and stable: the same for every
    /// instance of the server and across restarts. At least <see cref="MinMockSaltKeyLength"/> bytes.
    /// </summary>
    public required ReadOnlyMemory<byte> MockSaltKey { get; init; }

    /// <summary>
    /// Iteration count advertised to a user without a verifier. Default 4096, PostgreSQL's default; set it
    /// to what the real verifiers use, or it tells them apart.
    /// </summary>
    public int MockIterations { get; init; } = ScramVerifier.DefaultIterations;

    /// <summary>Source of server nonces. Default: 18 cryptographically random bytes in base64.</summary>
    public IScramNonceSource NonceSource { get; init; } = ScramNonceSource.Shared;
}
