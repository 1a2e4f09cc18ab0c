using System.Text;

namespace HtapRouter.TestSupport.Processes;

/// <summary>
/// Reads a stream to its end into a buffer that can be read at any time, so that a process killed
/// on timeout, or one whose pipe is held open by a daemonised grandchild, still yields what it wrote.
/// </summary>
internal sealed class OutputCollector
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    public OutputCollector(StreamReader reader) => Completion = CollectAsync(reader);

    /// <summary>Completes at end of stream.</summary>
    public Task Completion { get; }

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return _text.ToString();
            }
        }
    }

    private async Task CollectAsync(StreamReader reader)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (_lock)
            {
                _text.Append(buffer, 0, read);
            }
        }
    }
}
