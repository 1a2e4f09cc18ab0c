using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace HtapRouter.PgWire.Types;

/// <summary>
/// UTC offsets of a time zone in whole seconds, as PostgreSQL computes them. TimeZoneInfo rounds
/// historical offsets to minutes (Asia/Kolkata's +05:53:28 becomes +05:53), so the transitions are
/// read from the zone's TZif file when there is one; TimeZoneInfo covers what follows the last
/// listed transition (its rule extends the table) and zones without a file.
/// </summary>
internal sealed partial class ZoneRules
{
    private const long SecondsPer400Years = 146097L * 86400;
    private const long UnixSecondsOfYear1 = -62135596800;
    private const long UnixSecondsOfYear10000 = 253402300800;

    private static readonly ConditionalWeakTable<TimeZoneInfo, ZoneRules> s_cache = [];

    private readonly TimeZoneInfo _zone;
    private readonly long[] _transitions;
    private readonly int[] _offsets;
    private readonly int _initialOffset;

    private ZoneRules(TimeZoneInfo zone, long[] transitions, int[] offsets, int initialOffset)
    {
        _zone = zone;
        _transitions = transitions;
        _offsets = offsets;
        _initialOffset = initialOffset;
    }

    public static ZoneRules For(TimeZoneInfo zone) => s_cache.GetValue(zone, Load);

    /// <summary>Offset east of UTC, in seconds, in force at a UTC instant given in Unix seconds.</summary>
    public int GetOffset(long unixSeconds)
    {
        if (_transitions.Length == 0 || unixSeconds > _transitions[^1])
        {
            return OffsetFromTimeZoneInfo(unixSeconds);
        }

        if (unixSeconds < _transitions[0])
        {
            return _initialOffset;
        }

        var index = Array.BinarySearch(_transitions, unixSeconds);
        return _offsets[index >= 0 ? index : ~index - 1];
    }

    /// <summary>
    /// Offset that applies to a wall-clock time (given as if it were UTC, in Unix seconds). As in
    /// PostgreSQL, a time repeated when clocks go back takes the offset after the change, and a
    /// time skipped when they go forward takes the offset before it.
    /// </summary>
    public int GetOffsetForLocal(long localSeconds)
    {
        // Offsets are under a day, so a day either side brackets any single transition.
        var before = GetOffset(localSeconds - 86400);
        var after = GetOffset(localSeconds + 86400);
        if (before == after)
        {
            return before;
        }

        return GetOffset(localSeconds - after) == after ? after : before;
    }

    private int OffsetFromTimeZoneInfo(long unixSeconds)
    {
        // The calendar repeats every 400 years, so DST rules do too; shift far dates into DateTime's range.
        if (unixSeconds >= UnixSecondsOfYear10000)
        {
            unixSeconds -= ((unixSeconds - UnixSecondsOfYear10000) / SecondsPer400Years + 1) * SecondsPer400Years;
        }
        else if (unixSeconds < UnixSecondsOfYear1)
        {
            unixSeconds = UnixSecondsOfYear1;
        }

        var utc = DateTime.UnixEpoch.AddSeconds(unixSeconds);
        return (int)_zone.GetUtcOffset(utc).TotalSeconds;
    }

    private static ZoneRules Load(TimeZoneInfo zone)
    {
        var data = ReadZoneFile(zone.Id);
        if (data is not null && TryParseTzif(data, out var transitions, out var offsets, out var initial))
        {
            return new ZoneRules(zone, transitions, offsets, initial);
        }

        return new ZoneRules(zone, [], [], 0);
    }

    private static byte[]? ReadZoneFile(string id)
    {
        if (id.Length == 0 || id.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(id))
        {
            return null;
        }

        var directory = Environment.GetEnvironmentVariable("TZDIR") is { Length: > 0 } tzdir ? tzdir : "/usr/share/zoneinfo";
        var path = Path.Combine(directory, id);
        try
        {
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reads the 64-bit transition table of a TZif version 2+ file (RFC 8536).</summary>
    private static bool TryParseTzif(ReadOnlySpan<byte> data, out long[] transitions, out int[] offsets, out int initialOffset)
    {
        transitions = [];
        offsets = [];
        initialOffset = 0;
        const int HeaderSize = 44;
        if (data.Length < HeaderSize || !data.StartsWith("TZif"u8) || data[4] < '2')
        {
            return false;
        }

        var v1Length = Tzif.BodyLength(data, timeSize: 4);
        if (data.Length < HeaderSize + v1Length + HeaderSize)
        {
            return false;
        }

        var header = data[(HeaderSize + v1Length)..];
        var counts = Tzif.Counts.Read(header);
        var body = header[HeaderSize..];
        if (counts.TypeCount == 0 || body.Length < Tzif.BodyLength(header, timeSize: 8))
        {
            return false;
        }

        var types = body[(counts.TimeCount * 9)..];
        transitions = new long[counts.TimeCount];
        offsets = new int[counts.TimeCount];
        for (var i = 0; i < counts.TimeCount; i++)
        {
            transitions[i] = BinaryPrimitives.ReadInt64BigEndian(body[(i * 8)..]);
            var type = body[(counts.TimeCount * 8) + i];
            offsets[i] = BinaryPrimitives.ReadInt32BigEndian(types[(type * 6)..]);
        }

        initialOffset = BinaryPrimitives.ReadInt32BigEndian(types);
        return true;
    }
}
