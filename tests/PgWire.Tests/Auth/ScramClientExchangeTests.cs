using HtapRouter.PgWire.Auth;
using static HtapRouter.PgWire.Tests.Auth.ScramServerExchangeTests;

namespace HtapRouter.PgWire.Tests.Auth;

public class ScramClientExchangeTests
{
    private const string ClientNonce = "rOprNGfwEbeRWgbNEkqO";

    [Fact]
    public void Exchange_Rfc7677Vector_ProducesRfcClientMessages()
    {
        ScramTranscript rfc = PostgresVectors.Rfc7677;
        var client = new ScramClientExchange(rfc.Password, new FixedNonceSource(rfc.ClientNonce)) { UserName = "user" };

        string first = Text(client.CreateClientFirstMessage());
        string final = Text(client.HandleServerFirst(Bytes(rfc.ServerFirst)));

        Assert.Equal(rfc.ClientFirst, first);
        Assert.Equal(rfc.ClientFinal, final);
        Assert.True(client.VerifyServerFinal(Bytes(rfc.ServerFinal)));
    }

    [Theory]
    [InlineData("libpq_ascii")]
    [InlineData("libpq_nfkc")]
    public void Exchange_PostgresTranscript_SendsWhatLibpqSent(string name)
    {
        ScramTranscript transcript = PostgresVectors.Exchanges[name];
        var client = new ScramClientExchange(transcript.Password, new FixedNonceSource(transcript.ClientNonce));

        Assert.Equal(transcript.ClientFirst, Text(client.CreateClientFirstMessage()));
        Assert.Equal(transcript.ClientFinal, Text(client.HandleServerFirst(Bytes(transcript.ServerFirst))));
        Assert.True(client.VerifyServerFinal(Bytes(transcript.ServerFinal)));
        Assert.Null(client.ServerError);
    }

    [Theory]
    [InlineData("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95H4=")]
    [InlineData("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl9")]
    [InlineData("v=")]
    public void VerifyServerFinal_WrongSignature_ReturnsFalse(string message)
    {
        ScramClientExchange client = AtServerFinal();

        Assert.False(client.VerifyServerFinal(Bytes(message)));
    }

    [Fact]
    public void VerifyServerFinal_ServerError_ReturnsFalseAndKeepsTheError()
    {
        ScramClientExchange client = AtServerFinal();

        Assert.False(client.VerifyServerFinal(Bytes("e=invalid-proof")));
        Assert.Equal("invalid-proof", client.ServerError);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x=abc")]
    [InlineData("v=not*base64")]
    [InlineData("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=,garbage")]
    public void VerifyServerFinal_MalformedMessage_Throws(string message)
    {
        ScramClientExchange client = AtServerFinal();

        Assert.Throws<ScramException>(() => client.VerifyServerFinal(Bytes(message)));
    }

    [Theory]
    [InlineData("r=someoneelse%hvYDpWUa2RaTCAfuxFIlj,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")]
    [InlineData("r=" + ClientNonce + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")]
    [InlineData("r=rOprNGfwEbeRWgbNEk,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")]
    [InlineData("r=" + ClientNonce + "abc,s=,i=4096")]
    [InlineData("r=" + ClientNonce + "abc,s=*notbase64*,i=4096")]
    [InlineData("r=" + ClientNonce + "abc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0")]
    [InlineData("r=" + ClientNonce + "abc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=-1")]
    [InlineData("r=" + ClientNonce + "abc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=10000001")]
    [InlineData("r=" + ClientNonce + "abc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=99999999999")]
    [InlineData("r=" + ClientNonce + "abc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096x")]
    [InlineData("r=" + ClientNonce + "abc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,x=y")]
    [InlineData("m=mandatory,r=" + ClientNonce + "abc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")]
    [InlineData("s=W22ZaJ0SNY7soEsUEjb6gQ==,r=" + ClientNonce + "abc,i=4096")]
    [InlineData("e=other-error")]
    [InlineData("")]
    public void HandleServerFirst_UnacceptableMessage_Throws(string message)
    {
        var client = new ScramClientExchange("pencil", new FixedNonceSource(ClientNonce));
        client.CreateClientFirstMessage();

        Assert.Throws<ScramException>(() => client.HandleServerFirst(Bytes(message)));
    }

    [Fact]
    public void HandleServerFirst_IterationsAboveMaxIterations_Throws()
    {
        var client = new ScramClientExchange("pencil", new FixedNonceSource(ClientNonce)) { MaxIterations = 4095 };
        client.CreateClientFirstMessage();

        Assert.Throws<ScramException>(() => client.HandleServerFirst(Bytes(PostgresVectors.Rfc7677.ServerFirst)));
    }

    [Fact]
    public void CreateClientFirstMessage_UserNameWithSpecials_EscapesThem()
    {
        var client = new ScramClientExchange("pencil", new FixedNonceSource("abc")) { UserName = "a=b,c" };

        Assert.Equal("n,,n=a=3Db=2Cc,r=abc", Text(client.CreateClientFirstMessage()));
    }

    [Fact]
    public void HandleServerFirst_BeforeClientFirst_Throws()
    {
        var client = new ScramClientExchange("pencil");

        Assert.Throws<InvalidOperationException>(() => client.HandleServerFirst(Bytes(PostgresVectors.Rfc7677.ServerFirst)));
    }

    private static ScramClientExchange AtServerFinal()
    {
        ScramTranscript rfc = PostgresVectors.Rfc7677;
        var client = new ScramClientExchange(rfc.Password, new FixedNonceSource(rfc.ClientNonce)) { UserName = "user" };
        client.CreateClientFirstMessage();
        client.HandleServerFirst(Bytes(rfc.ServerFirst));
        return client;
    }
}
