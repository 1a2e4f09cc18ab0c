using HtapRouter.PgWire.Auth;

namespace HtapRouter.PgWire.Tests.Auth;

public class InMemoryPgUserStoreTests
{
    [Fact]
    public void FromSecrets_MixedSecrets_FindsEachUserWithItsKind()
    {
        InMemoryPgUserStore store = InMemoryPgUserStore.FromSecrets(new Dictionary<string, string>
        {
            ["plain"] = "pencil",
            ["hashed"] = "md53eecc8550fda0ae7dbaece29af03c588",
            ["scram"] = ScramVerifier.Create("pencil").ToString(),
        });

        Assert.Equal(3, store.Count);
        Assert.True(store.TryGetUser("plain", out PgCredential? plain));
        Assert.Equal(PgCredentialKind.Plaintext, plain.Kind);
        Assert.True(store.TryGetUser("hashed", out PgCredential? hashed));
        Assert.Equal(PgCredentialKind.Md5Hash, hashed.Kind);
        Assert.True(store.TryGetUser("scram", out PgCredential? scram));
        Assert.Equal(PgCredentialKind.ScramSha256, scram.Kind);
    }

    [Theory]
    [InlineData("nobody")]
    [InlineData("Plain")]
    [InlineData("plain ")]
    [InlineData("")]
    public void TryGetUser_OtherName_NotFound(string name)
    {
        var store = new InMemoryPgUserStore([PgUser.FromSecret("plain", "pencil")]);

        Assert.False(store.TryGetUser(name, out PgCredential? credential));
        Assert.Null(credential);
    }

    [Fact]
    public void Constructor_DuplicateUser_Throws()
    {
        Assert.Throws<ArgumentException>(() => new InMemoryPgUserStore([PgUser.FromSecret("a", "x"), PgUser.FromSecret("a", "y")]));
    }

    [Fact]
    public void Constructor_EmptyName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new InMemoryPgUserStore([PgUser.FromSecret("", "x")]));
    }
}
