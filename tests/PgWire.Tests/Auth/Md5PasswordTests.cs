using System.Text;
using HtapRouter.PgWire.Auth;

namespace HtapRouter.PgWire.Tests.Auth;

public class Md5PasswordTests
{
    [Theory]
    [MemberData(nameof(PostgresVectors.Md5Hashes), MemberType = typeof(PostgresVectors))]
    public void Hash_PostgresVector_MatchesPgAuthid(string user, string password, string postgresHash)
    {
        Assert.Equal(postgresHash, Md5Password.Hash(user, password));
    }

    [Theory]
    [MemberData(nameof(PostgresVectors.Md5Exchanges), MemberType = typeof(PostgresVectors))]
    public void ComputeResponse_LibpqExchange_MatchesWhatLibpqSent(string user, string password, byte[] salt, string libpqResponse)
    {
        Assert.Equal(libpqResponse, Md5Password.ComputeResponse(user, password, salt));
        Assert.Equal(libpqResponse, Md5Password.ComputeResponse(user, Md5Password.Hash(user, password), salt));
    }

    [Theory]
    [MemberData(nameof(PostgresVectors.Md5Exchanges), MemberType = typeof(PostgresVectors))]
    public void Verify_LibpqResponse_AcceptedForStoredHashAndPlaintext(string user, string password, byte[] salt, string libpqResponse)
    {
        byte[] response = Encoding.ASCII.GetBytes(libpqResponse);

        Assert.True(Md5Password.Verify(Md5Password.Hash(user, password), user, salt, response));
        Assert.True(Md5Password.Verify(password, user, salt, response));
    }

    [Theory]
    [MemberData(nameof(PostgresVectors.Md5Exchanges), MemberType = typeof(PostgresVectors))]
    public void Verify_WrongPasswordUserOrSalt_Rejected(string user, string password, byte[] salt, string libpqResponse)
    {
        byte[] response = Encoding.ASCII.GetBytes(libpqResponse);
        byte[] otherSalt = [.. salt];
        otherSalt[0] ^= 1;

        Assert.False(Md5Password.Verify(password + "x", user, salt, response));
        Assert.False(Md5Password.Verify(Md5Password.Hash(user + "x", password), user, salt, response));
        Assert.False(Md5Password.Verify(password, user, otherSalt, response));
        Assert.False(Md5Password.Verify(password, user, salt, Encoding.ASCII.GetBytes(libpqResponse.ToUpperInvariant())));
        Assert.False(Md5Password.Verify(password, user, salt, response.AsSpan(0, 34)));
        Assert.False(Md5Password.Verify(password, user, salt, [.. response, 0]));
    }

    [Fact]
    public void Verify_ScramVerifierSecret_IsRejectedEvenWhenItsTextWasSent()
    {
        string verifier = ScramVerifier.Create("pencil").ToString();
        byte[] salt = [1, 2, 3, 4];
        byte[] responseForVerifierText = Encoding.ASCII.GetBytes(Md5Password.ComputeResponse("alice", verifier, salt));

        Assert.False(Md5Password.CanVerify(verifier));
        Assert.False(Md5Password.Verify(verifier, "alice", salt, responseForVerifierText));
        Assert.True(Md5Password.CanVerify("pencil"));
    }

    [Theory]
    [InlineData("md53eecc8550fda0ae7dbaece29af03c588", true)]
    [InlineData("md53EECC8550FDA0AE7DBAECE29AF03C588", false)]
    [InlineData("md53eecc8550fda0ae7dbaece29af03c58", false)]
    [InlineData("md53eecc8550fda0ae7dbaece29af03c5888", false)]
    [InlineData("md53eecc8550fda0ae7dbaece29af03c58g", false)]
    [InlineData("MD53eecc8550fda0ae7dbaece29af03c588", false)]
    [InlineData(null, false)]
    public void IsMd5Hash_ChecksPostgresFormat(string? secret, bool expected)
    {
        Assert.Equal(expected, Md5Password.IsMd5Hash(secret));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void ComputeResponse_SaltNotFourBytes_Throws(int length)
    {
        Assert.Throws<ArgumentException>(() => Md5Password.ComputeResponse("alice", "pencil", new byte[length]));
    }
}
