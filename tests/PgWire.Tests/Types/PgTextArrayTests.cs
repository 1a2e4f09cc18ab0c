using System.Diagnostics.CodeAnalysis;
using System.Text;
using HtapRouter.PgWire.Types;

namespace HtapRouter.PgWire.Tests.Types;

/// <summary>
/// Rows: PostgreSQL 15's array_out of an array, and the output-function text of each element
/// (null for NULL), so quoting and escaping are checked against the real server.
/// </summary>
public class PgTextArrayTests
{
    [SuppressMessage("Performance", "CA1861", Justification = "A data table read once per test run.")]
    public static TheoryData<string, string?[]> PostgresArrays => new()
    {
        { "{1,2,NULL,-3}", new string?[] { "1", "2", null, "-3" } },
        { "{}", Array.Empty<string?>() },
        { "{NULL}", new string?[] { null } },
        { "{\"\",\"a b\",\"NULL\",\"null\",\"NuLl\",\"a,b\",\"a\\\"b\",\"a\\\\b\",\"{x}\",plain,\" lead\",\"tab\there\",\"new\nline\",é€,x;y,NULL}", new string?[] { "", "a b", "NULL", "null", "NuLl", "a,b", "a\"b", "a\\b", "{x}", "plain", " lead", "tab\there", "new\nline", "é€", "x;y", null } },
        { "{1.5,NaN,1e+20,0,Infinity}", new string?[] { "1.5", "NaN", "1e+20", "0", "Infinity" } },
        { "{1.50,NULL,NaN}", new string?[] { "1.50", null, "NaN" } },
        { "{2024-01-02,infinity,\"0044-03-15 BC\"}", new string?[] { "2024-01-02", "infinity", "0044-03-15 BC" } },
        { "{\"2024-01-02 03:04:05.5+00\",-infinity}", new string?[] { "2024-01-02 03:04:05.5+00", "-infinity" } },
        { "{\"2024-01-02 03:04:05\",\"0044-03-15 12:00:00 BC\"}", new string?[] { "2024-01-02 03:04:05", "0044-03-15 12:00:00 BC" } },
        { "{\"1 year 2 mons\",\"-1 days +02:03:00\",00:00:00}", new string?[] { "1 year 2 mons", "-1 days +02:03:00", "00:00:00" } },
        { "{t,f,NULL}", new string?[] { "t", "f", null } },
        { "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", new string?[] { "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" } },
        { "{10.0.0.1,::1/64}", new string?[] { "10.0.0.1", "::1/64" } },
        { "{\"\\\\x0102\",\"\\\\x\"}", new string?[] { "\\x0102", "\\x" } },
        { "{\"{\\\"a\\\": 1}\",\"[1, 2]\",\"\\\"s\\\"\"}", new string?[] { "{\"a\": 1}", "[1, 2]", "\"s\"" } },
        { "{04:05:06+02}", new string?[] { "04:05:06+02" } },
        { "{\"ab \",\"c  \"}", new string?[] { "ab ", "c  " } },
        { "{08:00:2b:01:02:03}", new string?[] { "08:00:2b:01:02:03" } },
        { "{\" \"}", new string?[] { " " } },
    };

    [Theory]
    [MemberData(nameof(PostgresArrays))]
    public void WriteElement_PostgresElementTexts_MatchesArrayOut(string expected, string?[] elements)
    {
        var buffer = new byte[512];
        var writer = new PgTextArrayWriter(buffer);
        foreach (var element in elements)
        {
            if (element is null)
            {
                writer.WriteNull();
            }
            else
            {
                writer.WriteElement(Encoding.UTF8.GetBytes(element));
            }
        }

        Assert.True(writer.TryComplete(out var written));
        Assert.Equal(expected, Encoding.UTF8.GetString(buffer, 0, written));
    }

    [Theory]
    [MemberData(nameof(PostgresArrays))]
    public void TryReadNext_ArrayOut_ReturnsElementTexts(string arrayText, string?[] expected)
    {
        Assert.Equal(expected, ReadAll(arrayText));
    }

    [Theory]
    [InlineData("  { 1 , \"two\" ,NULL, \"NULL\" }  ", new[] { "1", "two", null, "NULL" })]
    [InlineData("[1:2]={a,b}", new[] { "a", "b" })]
    [InlineData("{a\\,b,c\\\"d}", new[] { "a,b", "c\"d" })]
    [InlineData("{ \"a b \" , x y }", new[] { "a b ", "x y" })]
    public void TryReadNext_HandWrittenInput_ReturnsElements(string arrayText, string?[] expected)
    {
        Assert.Equal(expected, ReadAll(arrayText));
    }

    [Theory]
    [InlineData("{1,2")]
    [InlineData("1,2}")]
    [InlineData("{{1},{2}}")]
    [InlineData("{\"a}")]
    [InlineData("{a,,b}")]
    public void TryReadNext_MalformedInput_SetsIsMalformed(string arrayText)
    {
        var text = Encoding.UTF8.GetBytes(arrayText);
        var scratch = new byte[text.Length];
        var reader = new PgTextArrayReader(text);
        while (reader.TryReadNext(scratch, out _, out _))
        {
        }

        Assert.True(reader.IsMalformed);
    }

    [Fact]
    public void TryComplete_DestinationTooSmall_ReturnsFalse()
    {
        var writer = new PgTextArrayWriter(new byte[4]);
        writer.WriteElement("abcd"u8);

        Assert.False(writer.TryComplete(out _));
    }

    private static string?[] ReadAll(string arrayText)
    {
        var text = Encoding.UTF8.GetBytes(arrayText);
        var scratch = new byte[text.Length];
        var reader = new PgTextArrayReader(text);
        var elements = new List<string?>();
        while (reader.TryReadNext(scratch, out var element, out var isNull))
        {
            elements.Add(isNull ? null : Encoding.UTF8.GetString(element));
        }

        Assert.False(reader.IsMalformed);
        return [.. elements];
    }
}
