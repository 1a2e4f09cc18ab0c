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

    // The rules asked for last: sessions rarely change zones, and values are formatted one at a time.
    private static ZoneRules? s_last;

    private readonly TimeZoneInfo _zone;
    private readonly long[] _transitions;
    private readonly int[] _offsets;
    private readonly int _initialOffset;
    private readonly Abbreviations _names;

    // The zone's one offset when it has no daylight saving and no adjustment rules (UTC, Etc/GMT-3): then
    // TimeZoneInfo need not be asked for every value past the listed transitions.
    private readonly int? _offsetAfterTransitions;

    private ZoneRules(TimeZoneInfo zone, long[] transitions, int[] offsets, int initialOffset, Abbreviations names)
    {
        _zone = zone;
        _transitions = transitions;
        _offsets = offsets;
        _initialOffset = initialOffset;
        _names = names;
        if (!zone.SupportsDaylightSavingTime && zone.GetAdjustmentRules().Length == 0)
        {
            _offsetAfterTransitions = (int)zone.BaseUtcOffset.TotalSeconds;
        }
    }

    /// <summary>
    /// The zone's abbreviations (CET, CEST, +05): per transition and before the first, and standard and daylight
    /// after the last, as the file's footer rule names them. Empty for a zone without a file.
    /// </summary>
    private sealed record Abbreviations(string[] PerTransition, string? Initial, string? Standard, string? Daylight)
    {
        public static Abbreviations None { get; } = new([], null, null, null);
    }

    /// <summary>
    /// The abbreviation in force at a UTC instant given in Unix seconds, as PostgreSQL prints it after a timestamp
    /// with time zone in the SQL, German and Postgres DateStyles; null when the zone has none known.
    /// </summary>
    public string? GetAbbreviation(long unixSeconds)
    {
        if (_names.PerTransition.Length == 0 || unixSeconds > _transitions[^1])
        {
            if (_names.Standard is null)
            {
                return _names.PerTransition.Length > 0 ? _names.PerTransition[^1] : null;
            }

            return _names.Daylight is { } daylight && IsDaylight(unixSeconds) ? daylight : _names.Standard;
        }

        if (unixSeconds < _transitions[0])
        {
            return _names.Initial;
        }

        var index = Array.BinarySearch(_transitions, unixSeconds);
        return _names.PerTransition[index >= 0 ? index : ~index - 1];
    }

    private bool IsDaylight(long unixSeconds)
    {
        var seconds = Math.Clamp(unixSeconds, UnixSecondsOfYear1, UnixSecondsOfYear10000 - 1);
        return _zone.IsDaylightSavingTime(DateTime.UnixEpoch.AddSeconds(seconds));
    }

    public static ZoneRules For(TimeZoneInfo zone)
    {
        if (s_last is { } last && ReferenceEquals(last._zone, zone))
        {
            return last;
        }

        return s_last = s_cache.GetValue(zone, Load);
    }

    /// <summary>Offset east of UTC, in seconds, in force at a UTC instant given in Unix seconds.</summary>
    public int GetOffset(long unixSeconds)
    {
        if (_transitions.Length == 0 || unixSeconds > _transitions[^1])
        {
            return _offsetAfterTransitions ?? OffsetFromTimeZoneInfo(unixSeconds);
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
        if (data is not null && TryParseTzif(data, out var transitions, out var offsets, out var initial, out var names))
        {
            return new ZoneRules(zone, transitions, offsets, initial, names);
        }

        return new ZoneRules(zone, [], [], 0, Abbreviations.None);
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
    private static bool TryParseTzif(ReadOnlySpan<byte> data, out long[] transitions, out int[] offsets, out int initialOffset,
        out Abbreviations names)
    {
        transitions = [];
        offsets = [];
        initialOffset = 0;
        names = Abbreviations.None;
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
        var characters = types[(counts.TypeCount * 6)..][..counts.CharCount];
        transitions = new long[counts.TimeCount];
        offsets = new int[counts.TimeCount];
        var abbreviations = new string[counts.TimeCount];
        for (var i = 0; i < counts.TimeCount; i++)
        {
            transitions[i] = BinaryPrimitives.ReadInt64BigEndian(body[(i * 8)..]);
            var type = body[(counts.TimeCount * 8) + i];
            offsets[i] = BinaryPrimitives.ReadInt32BigEndian(types[(type * 6)..]);
            abbreviations[i] = Abbreviation(characters, types[(type * 6) + 5]);
        }

        initialOffset = BinaryPrimitives.ReadInt32BigEndian(types);
        var (standard, daylight) = FooterNames(header[(HeaderSize + Tzif.BodyLength(header, timeSize: 8))..]);
        names = new Abbreviations(abbreviations, Abbreviation(characters, types[5]), standard, daylight);
        return true;
    }

    /// <summary>The NUL-terminated abbreviation at <paramref name="index"/> in the file's abbreviation characters.</summary>
    private static string Abbreviation(ReadOnlySpan<byte> characters, int index)
    {
        if (index >= characters.Length)
        {
            return "";
        }

        var text = characters[index..];
        var end = text.IndexOf((byte)0);
        return System.Text.Encoding.ASCII.GetString(end >= 0 ? text[..end] : text);
    }

    /// <summary>
    /// The standard and daylight names of the footer's POSIX TZ rule ("\nCET-1CEST,M3.5.0,M10.5.0/3\n", "\n&lt;+05&gt;-5\n"),
    /// which governs the times after the last transition; nulls without a footer.
    /// </summary>
    private static (string? Standard, string? Daylight) FooterNames(ReadOnlySpan<byte> footer)
    {
        if (footer.Length < 2 || footer[0] != '\n')
        {
            return (null, null);
        }

        var rule = footer[1..];
        var end = rule.IndexOf((byte)'\n');
        rule = end >= 0 ? rule[..end] : rule;
        var standard = PosixName(ref rule);
        if (standard is null)
        {
            return (null, null);
        }

        // The standard offset, then the daylight name if the zone has one.
        while (rule.Length > 0 && rule[0] is (byte)'+' or (byte)'-' or (byte)':' or (>= (byte)'0' and <= (byte)'9'))
        {
            rule = rule[1..];
        }

        return (standard, PosixName(ref rule));
    }

    /// <summary>A POSIX TZ name at the start of <paramref name="rule"/>: letters, or anything between &lt; and &gt;.</summary>
    private static string? PosixName(ref ReadOnlySpan<byte> rule)
    {
        int length;
        string name;
        if (rule.Length > 0 && rule[0] == '<')
        {
            length = rule.IndexOf((byte)'>');
            if (length < 0)
            {
                return null;
            }

            name = System.Text.Encoding.ASCII.GetString(rule[1..length]);
            length++;
        }
        else
        {
            length = 0;
            while (length < rule.Length && char.IsAsciiLetter((char)rule[length]))
            {
                length++;
            }

            name = System.Text.Encoding.ASCII.GetString(rule[..length]);
        }

        rule = rule[length..];
        return name.Length > 0 ? name : null;
    }
}
