using System.Text;
using HtapRouter.PgWire.Auth;

namespace HtapRouter.PgWire.Tests.Auth;

public class ScramVerifierTests
{
    [Theory]
    [MemberData(nameof(PostgresVectors.ScramVerifiers), MemberType = typeof(PostgresVectors))]
    public void Create_WithPostgresSalt_ReproducesPostgresVerifier(string role, string password, string postgresVerifier)
    {
        ScramVerifier expected = ScramVerifier.Parse(postgresVerifier);

        ScramVerifier created = ScramVerifier.Create(password, expected.Iterations, expected.Salt.ToArray());

        Assert.True(expected == created, role);
        Assert.Equal(postgresVerifier, created.ToString());
    }

    [Theory]
    [MemberData(nameof(PostgresVectors.ScramVerifiers), MemberType = typeof(PostgresVectors))]
    public void VerifyPassword_PostgresVerifier_AcceptsOnlyTheRightPassword(string role, string password, string postgresVerifier)
    {
        ScramVerifier verifier = ScramVerifier.Parse(postgresVerifier);

        Assert.True(verifier.VerifyPassword(password), role);
        Assert.False(verifier.VerifyPassword(password + "x"), role);
        Assert.False(verifier.VerifyPassword("pencil2"), role);
    }

    [Theory]
    [InlineData("scram_nfkc")]
    [InlineData("scram_mapped")]
    [InlineData("scram_hangul")]
    [InlineData("scram_rtl")]
    public void Create_NormalisingPassword_DiffersFromRawBytes(string role)
    {
        (string password, ScramVerifier postgres) = Vector(role);

        byte[] rawBytes = Encoding.UTF8.GetBytes(password);
        byte[] rawStoredKey = ScramKeys.StoredKey(ScramKeys.ClientKey(ScramKeys.SaltedPassword(rawBytes, postgres.Salt.Span, postgres.Iterations)));

        // Guards the vector itself: SASLprep changes these passwords, and hashing the raw bytes would not match.
        Assert.True(SaslPrep.TryNormalize(rawBytes, out byte[]? normalized));
        Assert.NotEqual(rawBytes, normalized);
        Assert.NotEqual(postgres.StoredKey.ToArray(), rawStoredKey);
    }

    [Theory]
    [InlineData("scram_prohibited")]
    [InlineData("scram_bidi")]
    [InlineData("scram_unassigned")]
    [InlineData("scram_unassigned_prenorm")]
    [InlineData("scram_only_mapped")]
    public void Create_PasswordSaslPrepRefuses_HashesRawBytesLikePostgres(string role)
    {
        (string password, ScramVerifier postgres) = Vector(role);
        byte[] rawBytes = Encoding.UTF8.GetBytes(password);
        byte[] rawStoredKey = ScramKeys.StoredKey(ScramKeys.ClientKey(ScramKeys.SaltedPassword(rawBytes, postgres.Salt.Span, postgres.Iterations)));

        Assert.False(SaslPrep.TryNormalize(rawBytes, out _));
        Assert.Equal(postgres.StoredKey.ToArray(), rawStoredKey);
    }

    [Fact]
    public void Create_DefaultArguments_Uses4096IterationsAndRandom16ByteSalt()
    {
        ScramVerifier first = ScramVerifier.Create("pencil");
        ScramVerifier second = ScramVerifier.Create("pencil");

        Assert.Equal(4096, first.Iterations);
        Assert.Equal(16, first.Salt.Length);
        Assert.NotEqual(first.Salt.ToArray(), second.Salt.ToArray());
        Assert.True(second.VerifyPassword("pencil"));
    }

    [Fact]
    public void ToString_RoundTripsThroughTryParse()
    {
        ScramVerifier verifier = ScramVerifier.Create("secret", 10000);

        Assert.True(ScramVerifier.TryParse(verifier.ToString(), out ScramVerifier? parsed));
        Assert.Equal(verifier, parsed);
        Assert.Equal(10000, parsed.Iterations);
        Assert.Equal(verifier.GetHashCode(), parsed.GetHashCode());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("pencil")]
    [InlineData("md53eecc8550fda0ae7dbaece29af03c588")]
    [InlineData("SCRAM-SHA-1$4096:vbTeOMScyg45Bms/FgOI1w==$n8WgTmQtv7cBuUn/Zelm5YG1JTacj9E4bLZlgaYnyeU=:n3GTxyQ5//u2yizb9/g5i4anpiySdACbGtk+7bmwUjs=")]
    [InlineData("scram-sha-256$4096:vbTeOMScyg45Bms/FgOI1w==$n8WgTmQtv7cBuUn/Zelm5YG1JTacj9E4bLZlgaYnyeU=:n3GTxyQ5//u2yizb9/g5i4anpiySdACbGtk+7bmwUjs=")]
    [InlineData("SCRAM-SHA-256$0:vbTeOMScyg45Bms/FgOI1w==$n8WgTmQtv7cBuUn/Zelm5YG1JTacj9E4bLZlgaYnyeU=:n3GTxyQ5//u2yizb9/g5i4anpiySdACbGtk+7bmwUjs=")]
    [InlineData("SCRAM-SHA-256$-1:vbTeOMScyg45Bms/FgOI1w==$n8WgTmQtv7cBuUn/Zelm5YG1JTacj9E4bLZlgaYnyeU=:n3GTxyQ5//u2yizb9/g5i4anpiySdACbGtk+7bmwUjs=")]
    [InlineData("SCRAM-SHA-256$x:vbTeOMScyg45Bms/FgOI1w==$n8WgTmQtv7cBuUn/Zelm5YG1JTacj9E4bLZlgaYnyeU=:n3GTxyQ5//u2yizb9/g5i4anpiySdACbGtk+7bmwUjs=")]
    [InlineData("SCRAM-SHA-256$4096:$n8WgTmQtv7cBuUn/Zelm5YG1JTacj9E4bLZlgaYnyeU=:n3GTxyQ5//u2yizb9/g5i4anpiySdACbGtk+7bmwUjs=")]
    [InlineData("SCRAM-SHA-256$4096:not*base64$n8WgTmQtv7cBuUn/Zelm5YG1JTacj9E4bLZlgaYnyeU=:n3GTxyQ5//u2yizb9/g5i4anpiySdACbGtk+7bmwUjs=")]
    [InlineData("SCRAM-SHA-256$4096:vbTeOMScyg45Bms/FgOI1w==$n8WgTmQtv7cBuUn/Zelm5YG1JTacj9E4bLZlgaYn:n3GTxyQ5//u2yizb9/g5i4anpiySdACbGtk+7bmwUjs=")]
    [InlineData("SCRAM-SHA-256$4096:vbTeOMScyg45Bms/FgOI1w==$n8WgTmQtv7cBuUn/Zelm5YG1JTacj9E4bLZlgaYnyeU=")]
    [InlineData("SCRAM-SHA-256$4096:vbTeOMScyg45Bms/FgOI1w==$n8WgTmQtv7cBuUn/Zelm5YG1JTacj9E4bLZlgaYnyeU=:n3GTxyQ5//u2yizb9/g5i4anpiySdACbGtk+7bmwUjs=$")]
    [InlineData("SCRAM-SHA-256$4096:vbTeOMScyg45Bms/FgOI1w==:x$n8WgTmQtv7cBuUn/Zelm5YG1JTacj9E4bLZlgaYnyeU=:n3GTxyQ5//u2yizb9/g5i4anpiySdACbGtk+7bmwUjs=")]
    public void TryParse_NotAVerifier_ReturnsFalse(string? text)
    {
        Assert.False(ScramVerifier.TryParse(text, out ScramVerifier? verifier));
        Assert.Null(verifier);
    }

    [Fact]
    public void Parse_NotAVerifier_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => ScramVerifier.Parse("pencil"));
    }

    [Fact]
    public void Constructor_WrongKeyLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ScramVerifier(4096, new byte[16], new byte[31], new byte[32]));
        Assert.Throws<ArgumentException>(() => new ScramVerifier(4096, [], new byte[32], new byte[32]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScramVerifier(0, new byte[16], new byte[32], new byte[32]));
    }

    [Fact]
    public void Constructor_CopiesItsInputs()
    {
        byte[] salt = new byte[16];
        var verifier = new ScramVerifier(4096, salt, new byte[32], new byte[32]);

        salt[0] = 1;

        Assert.Equal(0, verifier.Salt.Span[0]);
    }

    private static (string Password, ScramVerifier Verifier) Vector(string role)
    {
        foreach (object[] row in PostgresVectors.ScramVerifiers)
        {
            if ((string)row[0] == role)
            {
                return ((string)row[1], ScramVerifier.Parse((string)row[2]));
            }
        }

        throw new ArgumentException(role);
    }
}
