using System.Security.Cryptography;

namespace HtapRouter.PgWire.Auth;

/// <summary>Nonces of 18 random bytes in base64, as PostgreSQL and libpq make them.</summary>
public sealed class ScramNonceSource : IScramNonceSource
{
    private const int RawNonceLength = 18;

    private readonly RandomNumberGenerator? _random;

    /// <param name="random">Random source; null uses the shared cryptographic generator.</param>
    public ScramNonceSource(RandomNumberGenerator? random = null)
    {
        _random = random;
    }

    public static ScramNonceSource Shared { get; } = new();

    public string CreateNonce()
    {
        Span<byte> raw = stackalloc byte[RawNonceLength];
        if (_random is null)
        {
            RandomNumberGenerator.Fill(raw);
        }
        else
        {
            _random.GetBytes(raw);
        }

        return Convert.ToBase64String(raw);
    }
}
