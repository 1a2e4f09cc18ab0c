using System.Runtime.InteropServices;
using System.Text;

namespace HtapRouter.Replicator.Sync;

/// <summary>
/// A named pipe (FIFO) that carries one COPY's CSV from the primary straight into DuckDB's CSV reader, so the
/// table loads while it arrives instead of being written to a file first and read back after: nothing touches
/// the disk but DuckDB's own file, and the primary's and DuckDB's work overlap.
/// </summary>
/// <remarks>
/// Opening either end of a FIFO blocks until the other end is opened. If DuckDB fails before it opens the
/// pipe, or stops reading, <see cref="ReleaseWriter"/> opens and closes a read end without blocking, which lets
/// a writer waiting to open go on, and makes its writes fail (EPIPE) instead of waiting forever.
/// </remarks>
internal sealed class CopyPipe : IDisposable
{
    private const int ReadOnly = 0;
    private const int NonBlocking = 0x800; // O_NONBLOCK on Linux

    private CopyPipe(string path) => Path = path;

    /// <summary>The pipe's path, for DuckDB's read_csv.</summary>
    public string Path { get; }

    /// <summary>Makes a pipe at <paramref name="path"/>, readable and writable by this user only.</summary>
    public static CopyPipe Create(string path)
    {
        if (MakeFifo(NullTerminated(path), Convert.ToUInt32("600", 8)) != 0)
        {
            throw new IOException($"Could not create the named pipe {path} for the initial copy (errno {Marshal.GetLastPInvokeError()}).");
        }

        return new CopyPipe(path);
    }

    /// <summary>Opens the write end; blocks until DuckDB opens the read end (or <see cref="ReleaseWriter"/> does).</summary>
    public FileStream OpenWriter() => new(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);

    /// <summary>Unblocks a writer that waits to open the pipe or to write to it, once nothing will read it any more.</summary>
    public void ReleaseWriter()
    {
        var descriptor = Open(NullTerminated(Path), ReadOnly | NonBlocking);
        if (descriptor >= 0)
        {
            _ = Close(descriptor);
        }
    }

    public void Dispose() => File.Delete(Path);

    private static byte[] NullTerminated(string path) => Encoding.UTF8.GetBytes(path + "\0");

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MakeFifo(byte[] path, uint mode);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int descriptor);
}
