using HtapRouter.PgWire.Auth;
using static HtapRouter.PgWire.Tests.Auth.ScramServerExchangeTests;

namespace HtapRouter.PgWire.Tests.Auth;

public class ScramServerExchangeMalformedTests
{
    private const string ZeroProof = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    [Theory]
    [InlineData("", ScramFailure.MalformedMessage)]
    [InlineData("n", ScramFailure.MalformedMessage)]
    [InlineData("n,", ScramFailure.MalformedMessage)]
    [InlineData("n,,", ScramFailure.MalformedMessage)]
    [InlineData("x,,n=,r=abc", ScramFailure.MalformedMessage)]
    [InlineData("p=tls-server-end-point,,n=,r=abc", ScramFailure.MalformedMessage)]
    [InlineData("n,a=admin,n=,r=abc", ScramFailure.UnsupportedFeature)]
    [InlineData("n,,m=ext,n=,r=abc", ScramFailure.UnsupportedFeature)]
    [InlineData("n,x,n=,r=abc", ScramFailure.MalformedMessage)]
    [InlineData("n,,r=abc", ScramFailure.MalformedMessage)]
    [InlineData("n,,n=", ScramFailure.MalformedMessage)]
    [InlineData("n,,n=,r=", ScramFailure.MalformedMessage)]
    [InlineData("n,,n=,r=ab c", ScramFailure.MalformedMessage)]
    [InlineData("n,,n=,r=abc,", ScramFailure.MalformedMessage)]
    [InlineData("n,,n=,r=abc,,", ScramFailure.MalformedMessage)]
    [InlineData("n,,n=,r=abc,1=x", ScramFailure.MalformedMessage)]
    [InlineData("n,,n=,r=abc\0", ScramFailure.MalformedMessage)]
    [InlineData("n,,n=,s=abc", ScramFailure.MalformedMessage)]
    public void HandleClientFirst_MalformedMessage_ReportsFailureWithoutThrowing(string message, ScramFailure expected)
    {
        var server = new ScramServerExchange("alice", PencilVerifier, Options());

        ScramServerResult result = server.HandleClientFirst(Bytes(message));

        Assert.Equal(expected, result.Failure);
        Assert.Equal(expected == ScramFailure.UnsupportedFeature ? "0A000" : "08P01", result.SqlState);
        Assert.False(string.IsNullOrEmpty(result.ErrorMessage));
        Assert.True(result.Message.IsEmpty);
    }

    [Fact]
    public void HandleClientFirst_BinaryAfterHeader_ReportsMalformed()
    {
        var server = new ScramServerExchange("alice", PencilVerifier, Options());

        ScramServerResult result = server.HandleClientFirst([(byte)'n', (byte)',', (byte)',', 0xFF, 0xFE]);

        Assert.Equal(ScramFailure.MalformedMessage, result.Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("r=" + ClientNonce + ServerNonce + ",p=AAAA")]
    [InlineData("c=biws")]
    [InlineData("c=biws,r=" + ClientNonce + ServerNonce)]
    [InlineData("c=eSws,r=" + ClientNonce + ServerNonce + ",p=" + ZeroProof)]
    [InlineData("c=cD10bHMtdW5pcXVlLCw=,r=" + ClientNonce + ServerNonce + ",p=" + ZeroProof)]
    [InlineData("c=biws,r=" + ClientNonce + ServerNonce + ",p=AAAA")]
    [InlineData("c=biws,r=" + ClientNonce + ServerNonce + ",p=not*base64")]
    [InlineData("c=biws,r=" + ClientNonce + ServerNonce + ",p=" + ZeroProof + ",x=trailing")]
    [InlineData("c=biws,r=" + ClientNonce + ServerNonce + ",p=" + ZeroProof + ",")]
    [InlineData("c=biws,p=" + ZeroProof)]
    [InlineData("c=biws,r=" + ClientNonce + ServerNonce + ",x=only-extension")]
    public void HandleClientFinal_MalformedMessage_ReportsMalformed(string message)
    {
        var server = new ScramServerExchange("alice", PencilVerifier, Options(ServerNonce));
        server.HandleClientFirst(Bytes("n,,n=,r=" + ClientNonce));

        ScramServerResult result = server.HandleClientFinal(Bytes(message));

        Assert.Equal(ScramFailure.MalformedMessage, result.Failure);
        Assert.Equal("08P01", result.SqlState);
    }

    [Fact]
    public void HandleClientFinal_BeforeClientFirst_Throws()
    {
        var server = new ScramServerExchange("alice", PencilVerifier, Options());

        Assert.Throws<InvalidOperationException>(() => server.HandleClientFinal(Bytes("c=biws")));
    }

    [Fact]
    public void HandleClientFirst_AfterAFailure_Throws()
    {
        var server = new ScramServerExchange("alice", PencilVerifier, Options());
        server.HandleClientFirst(Bytes("bogus"));

        Assert.Throws<InvalidOperationException>(() => server.HandleClientFirst(Bytes("n,,n=,r=abc")));
    }
}
