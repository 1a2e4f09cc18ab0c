using System.Buffers;

namespace HtapRouter.AnalyticNode.Tests.Engine;

/// <summary>An output that counts the messages and bytes written into it and keeps none, like a socket that never blocks.</summary>
public sealed class CountingWriter : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[64 * 1024];

    public long Bytes { get; private set; }

    public long DataRows { get; private set; }

    public void Advance(int count)
    {
        Bytes += count;
        if (count > 0 && _buffer[0] == (byte)'D')
        {
            DataRows++;
        }
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint);

    private byte[] Ensure(int sizeHint)
    {
        if (sizeHint > _buffer.Length)
        {
            _buffer = new byte[sizeHint];
        }

        return _buffer;
    }
}
