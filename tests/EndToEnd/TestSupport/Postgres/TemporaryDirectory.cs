namespace HtapRouter.EndToEnd.Tests.TestSupport.Postgres;

/// <summary>
/// A directory for a test to place clusters in and then inspect. It is world-traversable because, when the tests run
/// as root, the cluster belongs to the postgres account, which must be able to reach it.
/// </summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "htap-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(
                Path,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
                UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
