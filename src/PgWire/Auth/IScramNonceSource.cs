namespace HtapRouter.PgWire.Auth;

/// <summary>Supplies the random part of a SCRAM nonce; tests inject fixed nonces through it.</summary>
public interface IScramNonceSource
{
    /// <summary>A fresh nonce of printable ASCII (0x21-0x7E) other than ','.</summary>
    string CreateNonce();
}
