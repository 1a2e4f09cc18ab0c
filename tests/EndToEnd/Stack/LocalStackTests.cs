using System.Globalization;
using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.EndToEnd.Tests.Stack;

/// <summary>
/// README's first command as a newcomer runs it: up.sh builds and starts the stack, seed 000's walkthrough gives its
/// answers through psql, check.sh passes (and fails when pointed at a node that is no standby), a second up.sh
/// changes nothing, and down.sh --wipe stops everything and leaves nothing behind.
/// </summary>
public sealed class LocalStackTests
{
    [Fact]
    public async Task UpWalkthroughCheckDown_FreshDataDirectory_GivesSeedAnswersAndCleansUp()
    {
        await using var stack = await LocalStack.CreateAsync();

        var up = await stack.UpAsync();
        Assert.True(up.Succeeded, $"up.sh failed:\n{up.Describe()}\n{stack.Logs()}");
        Assert.Contains($"psql -h 127.0.0.1 -p {stack.RouterPort} -U postgres", up.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("password: postgres", up.StandardOutput, StringComparison.Ordinal);
        // publish.sh's output, which the images run too, carries DuckDB's native library for Linux.
        Assert.True(File.Exists(Path.Combine(stack.DataDirectory, "bin", "node", "runtimes", "linux-x64", "native", "libduckdb.so")));

        await SeedWalkthroughAsync(stack);

        var report = Path.Combine(stack.DataDirectory, "check-report.md");
        var check = await stack.CheckAsync(report);
        Assert.True(check.Succeeded, $"check.sh failed:\n{check.Describe()}\n{stack.Logs()}");
        var markdown = await File.ReadAllTextAsync(report);
        File.Delete(report);
        Assert.Contains("**11 passed, 0 failed**", markdown, StringComparison.Ordinal);

        // Pointed at the primary in the node's place, the checks that tell them apart fail, and so does check.sh.
        var wrongReport = Path.Combine(stack.DataDirectory, "wrong-node-report.md");
        var wrong = await stack.CheckAsync(wrongReport, "--node-port", stack.PrimaryPort.ToString(CultureInfo.InvariantCulture), "--timeout", "5");
        Assert.Equal(1, wrong.ExitCode);
        var wrongMarkdown = await File.ReadAllTextAsync(wrongReport);
        File.Delete(wrongReport);
        Assert.Matches(@"\| Standby rejects writes \(25006\) \| ❌ FAIL \|", wrongMarkdown);
        Assert.Matches(@"\| Primary writable, node in recovery \| ❌ FAIL \|", wrongMarkdown);

        await SecondUpIsHarmlessAsync(stack);

        var node = stack.RecordedPid("node");
        var router = stack.RecordedPid("router");
        var down = await stack.DownAsync(wipe: true);
        Assert.True(down.Succeeded, down.Describe());
        Assert.False(IsRunning(node!.Value), "the analytic node still runs after down.sh");
        Assert.False(IsRunning(router!.Value), "the router still runs after down.sh");
        Assert.False(Directory.Exists(stack.DataDirectory), $"down.sh --wipe left {stack.DataDirectory}");
        var afterwards = await Psql.RunAsync(stack.Primary, ["-X", "-c", "SELECT 1"], timeout: TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, afterwards.ExitCode);
    }

    /// <summary>Seed 000's psql session, statement by statement, through the router.</summary>
    private static async Task SeedWalkthroughAsync(LocalStack stack)
    {
        var answers = await WalkthroughSessionAsync(stack,
            @"\d",
            "select * from test",
            "show pool_nodes",
            "select * from test",
            "show pool_nodes",
            "insert into test values (2, 'test again')",
            "select * from test order by id");

        Assert.Contains("public|test|table|postgres", answers[0], StringComparison.Ordinal);
        Assert.Equal("1|test", Rows(answers[1]));
        var before = PoolNode(answers[2], 1);
        Assert.Equal(["up", "standby"], [before["status"], before["role"]]);
        Assert.Equal("1|test", Rows(answers[3]));
        var after = PoolNode(answers[4], 1);
        Assert.Equal(long.Parse(before["select_cnt"], CultureInfo.InvariantCulture) + 1, long.Parse(after["select_cnt"], CultureInfo.InvariantCulture));
        Assert.Equal("INSERT 0 1", answers[5]);
        Assert.Equal("1|test\n2|test again", Rows(answers[6]));
    }

    /// <summary>Runs the statements in one psql session, as typed at its prompt, and returns each one's output.</summary>
    private static async Task<string[]> WalkthroughSessionAsync(LocalStack stack, params string[] statements)
    {
        const string Separator = "--- next statement ---";
        var arguments = new List<string> { "-X", "-A", "-F", "|", "-P", "footer=off", "-v", "ON_ERROR_STOP=1" };
        foreach (var statement in statements)
        {
            arguments.AddRange(["-c", statement, "-c", $@"\echo {Separator}"]);
        }
        var session = (await Psql.RunAsync(stack.Router, arguments)).EnsureSuccess();
        var outputs = session.StandardOutput.Split(Separator + "\n").Select(o => o.TrimEnd('\n')).ToArray();
        Assert.Equal(statements.Length + 1, outputs.Length);
        return outputs[..statements.Length];
    }

    /// <summary>A result's rows, without its header line.</summary>
    private static string Rows(string result) => result[(result.IndexOf('\n', StringComparison.Ordinal) + 1)..];

    private static Dictionary<string, string> PoolNode(string showPoolNodes, int node)
    {
        var lines = showPoolNodes.Split('\n');
        var header = lines[0].Split('|');
        var row = lines.Skip(1).Select(l => l.Split('|')).Single(r => r[0] == node.ToString(CultureInfo.InvariantCulture));
        return header.Zip(row).ToDictionary(p => p.First, p => p.Second);
    }

    private static async Task SecondUpIsHarmlessAsync(LocalStack stack)
    {
        var node = stack.RecordedPid("node");
        var router = stack.RecordedPid("router");
        var again = await stack.UpAsync();
        Assert.True(again.Succeeded, $"the second up.sh failed:\n{again.Describe()}\n{stack.Logs()}");
        Assert.Contains("runs already", again.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Creating the primary", again.StandardOutput, StringComparison.Ordinal);
        Assert.Equal((node, router), (stack.RecordedPid("node"), stack.RecordedPid("router")));
        Assert.Equal("2", await Psql.QueryAsync(stack.Router, "select count(*) from test"));
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
