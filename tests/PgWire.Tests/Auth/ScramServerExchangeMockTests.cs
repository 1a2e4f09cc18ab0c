using System.Text;
using HtapRouter.PgWire.Auth;
using static HtapRouter.PgWire.Tests.Auth.ScramServerExchangeTests;

namespace HtapRouter.PgWire.Tests.Auth;

public class ScramServerExchangeMockTests
{
    private static readonly ScramVerifier RealVerifier = ScramVerifier.Create("pencil");

    [Fact]
    public void HandleClientFirst_UnknownUser_AnswersLikeARealUser()
    {
        var unknown = new ScramServerExchange("nobody", null, Options("server-nonce"));
        var known = new ScramServerExchange("alice", RealVerifier, Options("server-nonce"));

        Dictionary<string, string> fake = Attributes(unknown.HandleClientFirst(Bytes("n,,n=,r=client-nonce")));
        Dictionary<string, string> real = Attributes(known.HandleClientFirst(Bytes("n,,n=,r=client-nonce")));

        Assert.True(unknown.IsMock);
        Assert.False(known.IsMock);
        Assert.Equal(real.Keys, fake.Keys);
        Assert.Equal("client-nonceserver-nonce", fake["r"]);
        Assert.Equal(16, Convert.FromBase64String(fake["s"]).Length);
        Assert.Equal(real["s"].Length, fake["s"].Length);
        Assert.Equal("4096", fake["i"]);
    }

    [Fact]
    public void HandleClientFirst_UnknownUser_SaltIsStablePerUserAndKey()
    {
        string salt1 = Salt("nobody", "0123456789abcdef-mock-salt-key");
        string salt2 = Salt("nobody", "0123456789abcdef-mock-salt-key");
        string otherUser = Salt("somebody", "0123456789abcdef-mock-salt-key");
        string otherKey = Salt("nobody", "fedcba9876543210-mock-salt-key");

        Assert.Equal(salt1, salt2);
        Assert.NotEqual(salt1, otherUser);
        Assert.NotEqual(salt1, otherKey);
    }

    [Fact]
    public void HandleClientFinal_UnknownUser_FailsLikeAWrongPassword()
    {
        var server = new ScramServerExchange("nobody", null, Options());
        var client = new ScramClientExchange("pencil");
        ScramServerResult first = server.HandleClientFirst(client.CreateClientFirstMessage());

        ScramServerResult final = server.HandleClientFinal(client.HandleServerFirst(first.Message.Span));

        Assert.Equal(ScramFailure.InvalidPassword, final.Failure);
        Assert.Equal("password authentication failed for user \"nobody\"", final.ErrorMessage);
        Assert.Null(final.ErrorDetail);
        Assert.Contains("nobody", final.LogDetail, StringComparison.Ordinal);
    }

    [Fact]
    public void HandleClientFinal_UnknownUserWithMalformedMessage_ReportsMalformedAsForARealUser()
    {
        var server = new ScramServerExchange("nobody", null, Options("server-nonce"));
        server.HandleClientFirst(Bytes("n,,n=,r=client-nonce"));

        ScramServerResult final = server.HandleClientFinal(Bytes("c=biws,r=client-nonceserver-nonce,p=AAAA"));

        Assert.Equal(ScramFailure.MalformedMessage, final.Failure);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    public void Constructor_ShortMockSaltKey_Throws(int length)
    {
        var options = new ScramServerOptions { MockSaltKey = new byte[length] };

        Assert.Throws<ArgumentException>(() => new ScramServerExchange("alice", RealVerifier, options));
    }

    [Fact]
    public void HandleClientFirst_MockIterationsSet_AdvertisesThem()
    {
        var options = Options() with { MockIterations = 600000 };
        var server = new ScramServerExchange("nobody", null, options);

        Dictionary<string, string> attributes = Attributes(server.HandleClientFirst(Bytes("n,,n=,r=abc")));

        Assert.Equal("600000", attributes["i"]);
    }

    private static string Salt(string user, string key)
    {
        var options = Options() with { MockSaltKey = Encoding.ASCII.GetBytes(key) };
        return Attributes(new ScramServerExchange(user, null, options).HandleClientFirst(Bytes("n,,n=,r=abc")))["s"];
    }

    private static Dictionary<string, string> Attributes(ScramServerResult result)
    {
        Assert.True(result.IsSuccess, result.ErrorDetail);
        return Text(result.Message).Split(',').ToDictionary(a => a[..1], a => a[2..]);
    }
}
