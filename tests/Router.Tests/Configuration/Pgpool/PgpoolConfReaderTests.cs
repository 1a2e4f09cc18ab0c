using HtapRouter.Router.Configuration.Pgpool;

namespace HtapRouter.Router.Tests.Configuration.Pgpool;

public class PgpoolConfReaderTests
{
    [Fact]
    public void ReadText_CommentsBlankLinesAndQuotes_GiveKeysValuesAndLines()
    {
        var (entries, errors) = Read("""
            # a comment

            port = 9999   # trailing comment
            listen_addresses = '*'
            sr_check_user='pool user'#comment right after
            log_line_prefix = '%t # not a comment'
            backend_hostname0 = 'db.example.com'
            """);

        Assert.Empty(errors);
        Assert.Equal(
            [("port", "9999", 3), ("listen_addresses", "*", 4), ("sr_check_user", "pool user", 5), ("log_line_prefix", "%t # not a comment", 6), ("backend_hostname0", "db.example.com", 7)],
            entries.Select(entry => (entry.Key, entry.Value, entry.Location.Line)));
    }

    [Fact]
    public void ReadText_NoEqualsAndSeveralOnALine_ReadAsPgpoolDoes()
    {
        var (entries, errors) = Read("port 9999\nport = 1 pcp_port = 2 listen_addresses='a'\n");

        Assert.Empty(errors);
        Assert.Equal([("port", "9999"), ("port", "1"), ("pcp_port", "2"), ("listen_addresses", "a")], entries.Select(entry => (entry.Key, entry.Value)));
    }

    [Fact]
    public void ReadText_BackslashInQuotes_KeepsTheBackslashAsPgpool()
    {
        var (entries, errors) = Read(@"sr_check_user = 'it\'s'" + "\n" + @"primary_routing_query_pattern_list = 'a\.b\;c' # it's a comment" + "\n" + @"x = 'ends\'");

        Assert.Empty(errors);
        Assert.Equal([@"it\'s", @"a\.b\;c", @"ends\"], entries.Select(entry => entry.Value));
    }

    [Fact]
    public void ReadText_EmptyQuotes_GiveAnEmptyValue()
    {
        var (entries, errors) = Read("sr_check_password = ''\n");

        Assert.Empty(errors);
        Assert.Equal(string.Empty, Assert.Single(entries).Value);
    }

    [Fact]
    public void ReadText_CarriageReturns_AreSpace()
    {
        var (entries, errors) = Read("# one\r\nport = 1\r\n\r\nmax_pool = 2\r\n");

        Assert.Empty(errors);
        Assert.Equal([("port", "1", 2), ("max_pool", "2", 4)], entries.Select(entry => (entry.Key, entry.Value, entry.Location.Line)));
    }

    [Theory]
    [InlineData("port = 1\nlisten_addresses = 'a''b'\n", "pgpool.conf:2: '' in the value of listen_addresses: pgpool-II does not read a doubled quote as a quote (write \\' instead)")]
    [InlineData("\n\nsr_check_user = 'open\n", "pgpool.conf:3: the quoted value of sr_check_user has no closing quote")]
    [InlineData("port =\n", "pgpool.conf:1: missing value for port")]
    [InlineData("port = # none\n", "pgpool.conf:1: missing value for port")]
    [InlineData("health_check_period = 1 min\n", "pgpool.conf:1: unexpected text after the value of health_check_period; quote a value that contains spaces")]
    [InlineData("port = 1 'x'\n", "pgpool.conf:1: unexpected text after the value of port")]
    [InlineData("  = 5\n", "pgpool.conf:1: syntax error at column 3: expected a setting name")]
    [InlineData("9port = 5\n", "pgpool.conf:1: syntax error at column 1: expected a setting name")]
    [InlineData("port = = 5\n", "pgpool.conf:1: unexpected '=' in the value of port; quote the value")]
    [InlineData("port = a=b\n", "pgpool.conf:1: unexpected text after the value of port")]
    public void ReadText_Malformed_ErrorNamesFileAndLine(string text, string error)
    {
        var (_, errors) = Read(text);

        Assert.Equal([error], errors);
    }

    [Fact]
    public void ReadText_MalformedPasswordLine_ErrorDoesNotShowThePassword()
    {
        var (_, errors) = Read("sr_check_password = s3cr3t more\nhealth_check_password = 's3cr3t\n");

        Assert.Equal(2, errors.Count);
        Assert.All(errors, error => Assert.DoesNotContain("s3cr3t", error, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_Include_ReadsInPlaceRelativeToTheIncludingFile()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(directory.Path, "conf.d"));
        directory.Write("conf.d/backends.conf", "backend_hostname0 = 'db0'\n\nbackend_port0 = oops\n");
        var main = directory.Write("pgpool.conf", "port = 1\ninclude = 'conf.d/backends.conf'\nmax_pool = 2\n");
        var entries = new List<PgpoolConfEntry>();
        var errors = new List<string>();

        PgpoolConfReader.Read(main, entries, errors);

        Assert.Empty(errors);
        Assert.Equal(["port", "backend_hostname0", "backend_port0", "max_pool"], entries.Select(entry => entry.Key));
        Assert.Equal(Path.Combine(directory.Path, "conf.d", "backends.conf") + ":3", entries[2].Location.ToString());
    }

    [Fact]
    public void Read_IncludeOfItself_StopsWithAnError()
    {
        using var directory = new TempDirectory();
        var main = directory.Write("pgpool.conf", "include = 'pgpool.conf'\n");
        var errors = new List<string>();

        PgpoolConfReader.Read(main, [], errors);

        Assert.Contains(errors, error => error.EndsWith("includes are nested more than 10 deep", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_MissingFile_SaysSo()
    {
        var errors = new List<string>();

        PgpoolConfReader.Read("/nonexistent/pgpool.conf", [], errors);

        Assert.Equal(["cannot read pgpool.conf '/nonexistent/pgpool.conf': it does not exist"], errors);
    }

    private static (List<PgpoolConfEntry> Entries, List<string> Errors) Read(string text)
    {
        var entries = new List<PgpoolConfEntry>();
        var errors = new List<string>();
        PgpoolConfReader.ReadText(text, "pgpool.conf", entries, errors);
        return (entries, errors);
    }
}
