using HtapRouter.PgWire.Auth;

namespace HtapRouter.PgWire.Tests.Auth;

public class PgAuthMethodsTests
{
    private static readonly PgCredential Plain = PgCredential.FromSecret("pencil");
    private static readonly PgCredential Md5 = PgCredential.FromSecret("md53eecc8550fda0ae7dbaece29af03c588");
    private static readonly PgCredential Scram = PgCredential.FromScramVerifier(ScramVerifier.Create("pencil"));

    [Fact]
    public void Select_Md5Configured_FollowsTheStoredSecret()
    {
        Assert.Equal(PgAuthMethod.Md5, PgAuthMethods.Select(PgAuthMethod.Md5, Md5));
        Assert.Equal(PgAuthMethod.Md5, PgAuthMethods.Select(PgAuthMethod.Md5, Plain));
        Assert.Equal(PgAuthMethod.ScramSha256, PgAuthMethods.Select(PgAuthMethod.Md5, Scram));
    }

    [Fact]
    public void Select_Md5ConfiguredUnknownUser_FollowsPasswordEncryption()
    {
        Assert.Equal(PgAuthMethod.ScramSha256, PgAuthMethods.Select(PgAuthMethod.Md5, null));
        Assert.Equal(PgAuthMethod.Md5, PgAuthMethods.Select(PgAuthMethod.Md5, null, PgAuthMethod.Md5));
    }

    [Theory]
    [InlineData(PgAuthMethod.Trust)]
    [InlineData(PgAuthMethod.Cleartext)]
    [InlineData(PgAuthMethod.ScramSha256)]
    public void Select_OtherMethods_AreKeptWhateverTheSecret(PgAuthMethod configured)
    {
        Assert.Equal(configured, PgAuthMethods.Select(configured, Md5));
        Assert.Equal(configured, PgAuthMethods.Select(configured, Plain));
        Assert.Equal(configured, PgAuthMethods.Select(configured, Scram));
        Assert.Equal(configured, PgAuthMethods.Select(configured, null));
    }

    [Theory]
    [InlineData(PgAuthMethod.Trust)]
    [InlineData(PgAuthMethod.Cleartext)]
    public void Select_InvalidPasswordEncryption_Throws(PgAuthMethod passwordEncryption)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PgAuthMethods.Select(PgAuthMethod.Md5, null, passwordEncryption));
    }
}
