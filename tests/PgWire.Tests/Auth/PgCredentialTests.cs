using System.Text;
using HtapRouter.PgWire.Auth;

namespace HtapRouter.PgWire.Tests.Auth;

public class PgCredentialTests
{
    private const string PostgresScram = "SCRAM-SHA-256$4096:vbTeOMScyg45Bms/FgOI1w==$n8WgTmQtv7cBuUn/Zelm5YG1JTacj9E4bLZlgaYnyeU=:n3GTxyQ5//u2yizb9/g5i4anpiySdACbGtk+7bmwUjs=";
    private const string PostgresMd5 = "md53eecc8550fda0ae7dbaece29af03c588"; // md5_ascii / pencil

    [Theory]
    [InlineData("pencil", PgCredentialKind.Plaintext)]
    [InlineData(PostgresMd5, PgCredentialKind.Md5Hash)]
    [InlineData("md5notahash", PgCredentialKind.Plaintext)]
    [InlineData(PostgresScram, PgCredentialKind.ScramSha256)]
    [InlineData("SCRAM-SHA-256$broken", PgCredentialKind.Plaintext)]
    [InlineData("", PgCredentialKind.Plaintext)]
    public void FromSecret_ClassifiesLikePostgres(string secret, PgCredentialKind expected)
    {
        Assert.Equal(expected, PgCredential.FromSecret(secret).Kind);
    }

    [Theory]
    [InlineData("pencil")]
    [InlineData(PostgresMd5)]
    [InlineData(PostgresScram)]
    public void VerifyCleartextPassword_AnyKind_AcceptsOnlyTheRightPassword(string secret)
    {
        PgCredential credential = PgCredential.FromSecret(secret);

        Assert.True(credential.VerifyCleartextPassword("md5_ascii", "pencil"u8));
        Assert.False(credential.VerifyCleartextPassword("md5_ascii", "pencil "u8));
        Assert.False(credential.VerifyCleartextPassword("md5_ascii", ""u8));
    }

    [Fact]
    public void VerifyCleartextPassword_Md5HashForAnotherUser_Rejected()
    {
        Assert.False(PgCredential.FromSecret(PostgresMd5).VerifyCleartextPassword("someone_else", "pencil"u8));
    }

    [Theory]
    [InlineData("pencil", true)]
    [InlineData(PostgresMd5, true)]
    [InlineData(PostgresScram, false)]
    public void VerifyMd5Response_LibpqResponse_AcceptedUnlessScram(string secret, bool expected)
    {
        PgCredential credential = PgCredential.FromSecret(secret);
        byte[] salt = [0xC8, 0x94, 0x74, 0x30];

        Assert.Equal(expected, credential.SupportsMd5);
        Assert.Equal(expected, credential.VerifyMd5Response("md5_ascii", salt, "md5ad9f9fc2a252b1f9a42e3ddc536e9a28"u8));
        Assert.False(credential.VerifyMd5Response("md5_ascii", salt, "md5ad9f9fc2a252b1f9a42e3ddc536e9a29"u8));
    }

    [Fact]
    public void TryGetScramVerifier_Plaintext_DerivesOneVerifierAndReusesIt()
    {
        PgCredential credential = PgCredential.FromSecret("pencil");

        Assert.True(credential.TryGetScramVerifier(out ScramVerifier? first));
        Assert.True(credential.TryGetScramVerifier(out ScramVerifier? second));
        Assert.Same(first, second);
        Assert.True(first.VerifyPassword("pencil"));
    }

    [Fact]
    public void TryGetScramVerifier_StoredVerifier_ReturnsIt()
    {
        Assert.True(PgCredential.FromSecret(PostgresScram).TryGetScramVerifier(out ScramVerifier? verifier));
        Assert.Equal(PostgresScram, verifier.ToString());
    }

    [Fact]
    public void TryGetScramVerifier_Md5Hash_ReturnsFalse()
    {
        Assert.False(PgCredential.FromSecret(PostgresMd5).TryGetScramVerifier(out ScramVerifier? verifier));
        Assert.Null(verifier);
    }

    [Fact]
    public void ToString_NeverShowsTheSecret()
    {
        Assert.DoesNotContain("pencil", PgCredential.FromSecret("pencil").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pencil", new PgUser("alice", PgCredential.FromSecret("pencil")).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromScramVerifier_KeepsTheVerifier()
    {
        ScramVerifier verifier = ScramVerifier.Create("pencil");

        PgCredential credential = PgCredential.FromScramVerifier(verifier);

        Assert.Equal(PgCredentialKind.ScramSha256, credential.Kind);
        Assert.True(credential.VerifyCleartextPassword("alice", Encoding.UTF8.GetBytes("pencil")));
    }
}
