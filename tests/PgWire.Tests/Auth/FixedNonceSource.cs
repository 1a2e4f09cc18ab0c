using HtapRouter.PgWire.Auth;

namespace HtapRouter.PgWire.Tests.Auth;

/// <summary>Hands out the given nonces in order.</summary>
internal sealed class FixedNonceSource(params string[] nonces) : IScramNonceSource
{
    private int _next;

    public string CreateNonce() => nonces[_next++];
}
