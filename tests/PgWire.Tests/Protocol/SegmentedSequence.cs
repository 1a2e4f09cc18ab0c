using System.Buffers;

namespace HtapRouter.PgWire.Tests.Protocol;

/// <summary>Builds multi-segment sequences so parsers meet messages split at arbitrary bytes.</summary>
internal static class SegmentedSequence
{
    /// <summary>Splits <paramref name="data"/> at the given offsets (empty segments are kept, as pipes may yield them).</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var bounds = cuts.Append(data.Length).ToArray();
        Segment? first = null, last = null;
        var start = 0;
        foreach (var end in bounds)
        {
            var chunk = data.AsMemory(start, end - start).ToArray();
            var segment = new Segment(chunk, last);
            first ??= segment;
            last = segment;
            start = end;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    /// <summary>One segment per byte.</summary>
    public static ReadOnlySequence<byte> Bytewise(byte[] data) =>
        data.Length == 0 ? ReadOnlySequence<byte>.Empty : Split(data, Enumerable.Range(1, data.Length - 1).ToArray());

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, Segment? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
