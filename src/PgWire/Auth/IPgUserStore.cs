using System.Diagnostics.CodeAnalysis;

namespace HtapRouter.PgWire.Auth;

/// <summary>Looks up the credential of a user by name. Implementations are thread-safe.</summary>
public interface IPgUserStore
{
    /// <param name="userName">The user name from the startup packet; compared exactly, as PostgreSQL role names are.</param>
    /// <param name="credential">The user's credential when found.</param>
    bool TryGetUser(string userName, [NotNullWhen(true)] out PgCredential? credential);
}
