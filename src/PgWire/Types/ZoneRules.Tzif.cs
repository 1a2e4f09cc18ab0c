using System.Buffers.Binary;

namespace HtapRouter.PgWire.Types;

internal sealed partial class ZoneRules
{
    /// <summary>Layout arithmetic of a TZif header and data block.</summary>
    private static class Tzif
    {
        public static int BodyLength(ReadOnlySpan<byte> header, int timeSize)
        {
            var c = Counts.Read(header);
            return (c.TimeCount * timeSize) + // transition times
                c.TimeCount + // transition type indices
                (c.TypeCount * 6) + // ttinfo: int32 utoff, uint8 isdst, uint8 desigidx
                c.CharCount + // abbreviation characters
                (c.LeapCount * (timeSize + 4)) + // leap second records
                c.IsStdCount + // standard/wall indicators
                c.IsUtCount; // UT/local indicators
        }

        public readonly record struct Counts(int IsUtCount, int IsStdCount, int LeapCount, int TimeCount, int TypeCount, int CharCount)
        {
            public static Counts Read(ReadOnlySpan<byte> header) => new(
                BinaryPrimitives.ReadInt32BigEndian(header[20..]),
                BinaryPrimitives.ReadInt32BigEndian(header[24..]),
                BinaryPrimitives.ReadInt32BigEndian(header[28..]),
                BinaryPrimitives.ReadInt32BigEndian(header[32..]),
                BinaryPrimitives.ReadInt32BigEndian(header[36..]),
                BinaryPrimitives.ReadInt32BigEndian(header[40..]));
        }
    }
}
