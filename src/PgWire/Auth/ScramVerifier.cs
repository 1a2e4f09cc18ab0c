using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HtapRouter.PgWire.Auth;

/// <summary>
/// A SCRAM-SHA-256 password verifier, as PostgreSQL stores it in pg_authid.rolpassword:
/// <c>SCRAM-SHA-256$&lt;iterations&gt;:&lt;base64 salt&gt;$&lt;base64 StoredKey&gt;:&lt;base64 ServerKey&gt;</c>.
/// </summary>
public sealed record ScramVerifier
{
    /// <summary>PostgreSQL's default scram_iterations.</summary>
    public const int DefaultIterations = 4096;

    /// <summary>Salt length PostgreSQL generates.</summary>
    public const int DefaultSaltLength = 16;

    /// <summary>Length of StoredKey and ServerKey (SHA-256).</summary>
    public const int KeyLength = ScramKeys.KeyLength;

    private const string Scheme = "SCRAM-SHA-256";

    private readonly byte[] _salt;
    private readonly byte[] _storedKey;
    private readonly byte[] _serverKey;

    public ScramVerifier(int iterations, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> storedKey, ReadOnlySpan<byte> serverKey)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        if (salt.IsEmpty)
        {
            throw new ArgumentException("The salt is empty.", nameof(salt));
        }

        if (storedKey.Length != KeyLength || serverKey.Length != KeyLength)
        {
            throw new ArgumentException($"StoredKey and ServerKey must be {KeyLength} bytes.");
        }

        Iterations = iterations;
        _salt = salt.ToArray();
        _storedKey = storedKey.ToArray();
        _serverKey = serverKey.ToArray();
    }

    public int Iterations { get; }

    public ReadOnlyMemory<byte> Salt => _salt;

    public ReadOnlyMemory<byte> StoredKey => _storedKey;

    public ReadOnlyMemory<byte> ServerKey => _serverKey;

    /// <summary>Derives a verifier from a password, SASLprepped as PostgreSQL does (raw bytes when SASLprep refuses it).</summary>
    /// <param name="password">The password; a .NET string, so UTF-8 on the wire.</param>
    /// <param name="iterations">PBKDF2 iteration count.</param>
    /// <param name="salt">Salt to use; null draws <see cref="DefaultSaltLength"/> random bytes.</param>
    public static ScramVerifier Create(string password, int iterations = DefaultIterations, byte[]? salt = null)
    {
        ArgumentNullException.ThrowIfNull(password);
        return Create(Encoding.UTF8.GetBytes(password), iterations, salt ?? RandomNumberGenerator.GetBytes(DefaultSaltLength));
    }

    /// <summary>Derives a verifier from password bytes as a client sent them (UTF-8 expected but not required).</summary>
    public static ScramVerifier Create(ReadOnlySpan<byte> password, int iterations, ReadOnlySpan<byte> salt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        byte[] saltedPassword = ScramKeys.SaltedPassword(SaslPrep.PreparePassword(password), salt, iterations);
        return new ScramVerifier(
            iterations,
            salt,
            ScramKeys.StoredKey(ScramKeys.ClientKey(saltedPassword)),
            ScramKeys.ServerKey(saltedPassword));
    }

    /// <summary>Parses pg_authid's format; false for anything else, as PostgreSQL's parse_scram_secret.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ScramVerifier? verifier)
    {
        verifier = null;
        string[] parts = text?.Split('$') ?? [];
        if (parts.Length != 3 || parts[0] != Scheme)
        {
            return false;
        }

        string[] iterationsAndSalt = parts[1].Split(':');
        string[] keys = parts[2].Split(':');
        if (iterationsAndSalt.Length != 2 || keys.Length != 2
            || !int.TryParse(iterationsAndSalt[0], NumberStyles.None, CultureInfo.InvariantCulture, out int iterations)
            || iterations < 1
            || !TryDecodeBase64(iterationsAndSalt[1], out byte[]? salt) || salt.Length == 0
            || !TryDecodeBase64(keys[0], out byte[]? storedKey) || storedKey.Length != KeyLength
            || !TryDecodeBase64(keys[1], out byte[]? serverKey) || serverKey.Length != KeyLength)
        {
            return false;
        }

        verifier = new ScramVerifier(iterations, salt, storedKey, serverKey);
        return true;
    }

    /// <exception cref="FormatException"><paramref name="text"/> is not a SCRAM-SHA-256 verifier.</exception>
    public static ScramVerifier Parse(string text)
        => TryParse(text, out ScramVerifier? verifier) ? verifier : throw new FormatException("Not a SCRAM-SHA-256 verifier.");

    /// <summary>
    /// Checks a cleartext password (e.g. from a PasswordMessage) against this verifier, as PostgreSQL's
    /// scram_verify_plain_password does for 'password' authentication of a SCRAM user.
    /// </summary>
    public bool VerifyPassword(ReadOnlySpan<byte> password)
    {
        byte[] saltedPassword = ScramKeys.SaltedPassword(SaslPrep.PreparePassword(password), _salt, Iterations);
        return CryptographicOperations.FixedTimeEquals(ScramKeys.ServerKey(saltedPassword), _serverKey);
    }

    /// <inheritdoc cref="VerifyPassword(ReadOnlySpan{byte})"/>
    public bool VerifyPassword(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return VerifyPassword(Encoding.UTF8.GetBytes(password));
    }

    /// <summary>The pg_authid form, which <see cref="TryParse"/> reads back.</summary>
    public override string ToString()
        => string.Create(
            CultureInfo.InvariantCulture,
            $"{Scheme}${Iterations}:{Convert.ToBase64String(_salt)}${Convert.ToBase64String(_storedKey)}:{Convert.ToBase64String(_serverKey)}");

    public bool Equals(ScramVerifier? other)
        => other is not null
            && Iterations == other.Iterations
            && _salt.AsSpan().SequenceEqual(other._salt)
            && _storedKey.AsSpan().SequenceEqual(other._storedKey)
            && _serverKey.AsSpan().SequenceEqual(other._serverKey);

    public override int GetHashCode() => HashCode.Combine(Iterations, BitConverter.ToInt32(_storedKey));

    private static bool TryDecodeBase64(string text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = new byte[((text.Length + 3) / 4) * 3];
        if (!Convert.TryFromBase64String(text, bytes, out int written))
        {
            bytes = null;
            return false;
        }

        bytes = bytes[..written];
        return true;
    }
}
