using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace HtapRouter.PgWire.Auth;

/// <summary>An immutable user store built from configuration; swap the whole store to reload.</summary>
public sealed class InMemoryPgUserStore : IPgUserStore
{
    private readonly FrozenDictionary<string, PgCredential> _users;

    /// <exception cref="ArgumentException">A name is empty or appears twice.</exception>
    public InMemoryPgUserStore(IEnumerable<PgUser> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        var byName = new Dictionary<string, PgCredential>(StringComparer.Ordinal);
        foreach (PgUser user in users)
        {
            ArgumentException.ThrowIfNullOrEmpty(user.Name, nameof(users));
            ArgumentNullException.ThrowIfNull(user.Credential, nameof(users));
            if (!byName.TryAdd(user.Name, user.Credential))
            {
                throw new ArgumentException($"User \"{user.Name}\" is configured twice.", nameof(users));
            }
        }

        _users = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Builds a store from user name → secret pairs (password, "md5..." hash or "SCRAM-SHA-256$..." verifier).</summary>
    public static InMemoryPgUserStore FromSecrets(IEnumerable<KeyValuePair<string, string>> userSecrets)
    {
        ArgumentNullException.ThrowIfNull(userSecrets);
        return new InMemoryPgUserStore(userSecrets.Select(pair => PgUser.FromSecret(pair.Key, pair.Value)));
    }

    public int Count => _users.Count;

    public bool TryGetUser(string userName, [NotNullWhen(true)] out PgCredential? credential)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return _users.TryGetValue(userName, out credential);
    }
}
