namespace HtapRouter.Replicator.Tests.Workload;

/// <summary>
/// Every type the replicator promises to map faithfully, with the edge values that tend to break mappings:
/// NaN and infinities, numerics beyond DuckDB's 38 digits, BC dates, 24:00, odd time zone offsets, mixed-sign
/// intervals, text full of quotes, braces, backslashes and newlines, empty and NULL-holding arrays.
/// </summary>
internal static class ColumnKinds
{
    /// <summary>The enum and domains the kinds below use; run once per database before creating tables.</summary>
    public const string TypesSql = """
        create type mood as enum ('sad', 'ok', 'happy', 'it''s complicated');
        create domain posint as int check (value > 0);
        create domain short_text as varchar(10);
        """;

    public static readonly ColumnKind Int2 = new("i2", "int2", r => Pick(r, "-32768", "32767", "0") ?? r.Next(-32768, 32768).ToString(Inv));
    public static readonly ColumnKind Int4 = new("i4", "int4", r => Pick(r, "-2147483648", "2147483647") ?? r.Next().ToString(Inv));
    public static readonly ColumnKind Int8 = new("i8", "int8", r => Pick(r, "-9223372036854775808", "9223372036854775807") ?? (r.NextInt64() - (long.MaxValue / 2)).ToString(Inv));
    public static readonly ColumnKind Numeric12 = new("n12", "numeric(12,3)", r => $"{Digits(r, 9)}.{Digits(r, r.Next(4), leadingZeros: true)}0::numeric(12,3)");
    public static readonly ColumnKind NumericFree = new("nfree", "numeric", r =>
        Pick(r, "'NaN'::numeric", "'Infinity'::numeric", "'-Infinity'::numeric", "0.000")
        ?? $"{Digits(r, 45)}.{Digits(r, r.Next(25), leadingZeros: true)}::numeric");

    public static readonly ColumnKind Numeric50 = new("n50", "numeric(50,10)", r => $"{Digits(r, 40)}.{Digits(r, 10, leadingZeros: true)}::numeric(50,10)");
    public static readonly ColumnKind Float4 = new("f4", "float4", r => Float(r, 30, "float4"));
    public static readonly ColumnKind Float8 = new("f8", "float8", r => Float(r, 300, "float8"));
    public static readonly ColumnKind Bool = new("b", "bool", r => r.Next(2) == 0 ? "true" : "false");
    public static readonly ColumnKind Text = new("t", "text", r => Quote(RandomText(r, r.Next(30))));
    public static readonly ColumnKind Varchar = new("vc", "varchar(20)", r => Quote(RandomText(r, r.Next(21))) + "::varchar(20)");
    public static readonly ColumnKind Char = new("c", "char(5)", r => Quote(RandomText(r, r.Next(6)).TrimEnd()) + "::char(5)");
    public static readonly ColumnKind Bytea = new("bin", "bytea", r => $"'\\x{Convert.ToHexStringLower(RandomBytes(r, r.Next(40)))}'::bytea");
    public static readonly ColumnKind Date = new("d", "date", r => Pick(r, "'infinity'::date", "'-infinity'::date", "'0044-03-15 BC'::date")
        ?? $"'{RandomDate(r):yyyy-MM-dd}'::date");

    public static readonly ColumnKind Time = new("tm", "time", r => Pick(r, "'24:00:00'::time", "'00:00:00'::time") ?? $"'{RandomTimeOfDay(r)}'::time");
    public static readonly ColumnKind TimeTz = new("ttz", "timetz", r => $"'{RandomTimeOfDay(r)}{RandomOffset(r)}'::timetz");
    public static readonly ColumnKind Timestamp = new("ts", "timestamp", r => Pick(r, "'infinity'::timestamp", "'-infinity'::timestamp")
        ?? $"'{RandomDate(r):yyyy-MM-dd} {RandomTimeOfDay(r)}'::timestamp");

    public static readonly ColumnKind TimestampTz = new("tstz", "timestamptz", r => Pick(r, "'infinity'::timestamptz", "'-infinity'::timestamptz")
        ?? $"'{RandomDate(r):yyyy-MM-dd} {RandomTimeOfDay(r)}{RandomOffset(r)}'::timestamptz");

    public static readonly ColumnKind Interval = new("iv", "interval", r =>
        $"make_interval(years => {r.Next(-20, 20)}, months => {r.Next(-13, 13)}, days => {r.Next(-40, 40)}, hours => {r.Next(-30, 30)}, " +
        $"mins => {r.Next(-70, 70)}, secs => {r.Next(-100_000_000, 100_000_000) / 1_000_000.0:0.######})");

    public static readonly ColumnKind Uuid = new("u", "uuid", r => $"'{new Guid(RandomBytes(r, 16))}'::uuid");
    public static readonly ColumnKind Json = new("j", "json", r => Quote(RandomJson(r, 2, spaced: true)) + "::json");
    public static readonly ColumnKind Jsonb = new("jb", "jsonb", r => Quote(RandomJson(r, 2, spaced: r.Next(2) == 0)) + "::jsonb");
    public static readonly ColumnKind Inet = new("ip", "inet", r => $"'{RandomAddress(r)}'::inet");
    public static readonly ColumnKind Cidr = new("net", "cidr", r => $"network('{RandomAddress(r)}'::inet)::cidr");
    public static readonly ColumnKind MacAddr = new("mac", "macaddr", r => $"'{string.Join(':', RandomBytes(r, 6).Select(b => b.ToString("x2", Inv)))}'::macaddr");
    public static readonly ColumnKind Mood = new("mood", "mood", r => Quote(r.Next(4) switch { 0 => "sad", 1 => "ok", 2 => "happy", _ => "it's complicated" }) + "::mood");
    public static readonly ColumnKind PosInt = new("pos", "posint", r => $"{r.Next(1, int.MaxValue)}::posint");
    public static readonly ColumnKind ShortText = new("st", "short_text", r => Quote(RandomText(r, r.Next(11))) + "::short_text");

    /// <summary>Kinds for columns added by DDL and for tables created during the workload.</summary>
    public static readonly IReadOnlyList<ColumnKind> All =
    [
        Int2, Int4, Int8, Numeric12, NumericFree, Numeric50, Float4, Float8, Bool, Text, Varchar, Char, Bytea, Date, Time,
        TimeTz, Timestamp, TimestampTz, Interval, Uuid, Json, Jsonb, Inet, Cidr, MacAddr, Mood, PosInt, ShortText,
        Int4.ArrayOf(), Text.ArrayOf(), NumericFree.ArrayOf(), Float8.ArrayOf(), Bool.ArrayOf(), Date.ArrayOf(),
        TimestampTz.ArrayOf(), Uuid.ArrayOf(), Mood.ArrayOf(),
    ];

    private static readonly IFormatProvider Inv = System.Globalization.CultureInfo.InvariantCulture;

    /// <summary>One of <paramref name="edges"/> one time in eight, else null (the caller makes an ordinary value).</summary>
    private static string? Pick(Random random, params string[] edges) => random.Next(8) == 0 ? edges[random.Next(edges.Length)] : null;

    private static string Quote(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";

    private static string Digits(Random random, int maxDigits, bool leadingZeros = false)
    {
        var count = leadingZeros ? maxDigits : random.Next(1, maxDigits + 1);
        var digits = string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + random.Next(10))));
        var sign = !leadingZeros && random.Next(3) == 0 ? "-" : "";
        return sign + (leadingZeros ? digits : digits.TrimStart('0') is { Length: > 0 } d ? d : "0");
    }

    private static string Float(Random random, int maxExponent, string type)
    {
        if (Pick(random, "NaN", "Infinity", "-Infinity", "-0") is { } edge)
        {
            return $"'{edge}'::{type}";
        }

        var mantissa = (random.NextDouble() * 2 - 1) * 10;
        var value = mantissa * Math.Pow(10, random.Next(-maxExponent, maxExponent));
        return $"'{value.ToString("R", Inv)}'::{type}";
    }

    private const string TextPool = "abcdefghijklmnopqrstuvwxyzABC XYZ0123456789 ,;:'\"\\{}()[]\n\t%_éüß漢字😀-+=/";

    private static string RandomText(Random random, int length)
    {
        var text = new System.Text.StringBuilder();
        while (text.Length < length)
        {
            var index = random.Next(TextPool.Length);
            if (char.IsHighSurrogate(TextPool[index]))
            {
                if (text.Length + 2 > length)
                {
                    continue;
                }

                text.Append(TextPool, index, 2);
            }
            else if (!char.IsLowSurrogate(TextPool[index]))
            {
                text.Append(TextPool[index]);
            }
        }

        return text.ToString();
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static DateTime RandomDate(Random random) => new DateTime(1800, 1, 1).AddDays(random.Next(365 * 400));

    private static string RandomTimeOfDay(Random random)
    {
        var time = TimeSpan.FromTicks(random.NextInt64(TimeSpan.TicksPerDay) / 10 * 10);
        return random.Next(3) == 0 ? time.ToString(@"hh\:mm\:ss", Inv) : time.ToString(@"hh\:mm\:ss\.ffffff", Inv);
    }

    private static string RandomOffset(Random random)
    {
        var minutes = random.Next(-14 * 4, 14 * 4 + 1) * 15;
        return $"{(minutes < 0 ? '-' : '+')}{Math.Abs(minutes) / 60:00}:{Math.Abs(minutes) % 60:00}";
    }

    private static string RandomAddress(Random random)
    {
        if (random.Next(3) == 0)
        {
            var groups = Enumerable.Range(0, 8).Select(_ => random.Next(0x10000).ToString("x", Inv));
            return $"{string.Join(':', groups)}/{random.Next(16, 129)}";
        }

        var address = string.Join('.', RandomBytes(random, 4));
        return random.Next(2) == 0 ? address : $"{address}/{random.Next(8, 33)}";
    }

    private static string RandomJson(Random random, int depth, bool spaced)
    {
        var colon = spaced ? ": " : ":";
        var comma = spaced ? ", " : ",";
        return random.Next(depth > 0 ? 7 : 4) switch
        {
            0 => random.Next(-1000, 1000).ToString(Inv),
            1 => System.Text.Json.JsonSerializer.Serialize(RandomText(random, random.Next(8))),
            2 => random.Next(2) == 0 ? "true" : "null",
            3 => (random.NextDouble() * 1000).ToString("0.###", Inv),
            4 or 5 => "{" + string.Join(comma, Enumerable.Range(0, random.Next(4))
                .Select(i => $"\"k{random.Next(5)}\"{colon}{RandomJson(random, depth - 1, spaced)}")) + "}",
            _ => "[" + string.Join(comma, Enumerable.Range(0, random.Next(4)).Select(_ => RandomJson(random, depth - 1, spaced))) + "]",
        };
    }
}
