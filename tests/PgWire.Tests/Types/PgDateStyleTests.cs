using System.Text;
using HtapRouter.PgWire.Types;

namespace HtapRouter.PgWire.Tests.Types;

/// <summary>date, timestamp and timestamptz output in the SQL, German and Postgres DateStyles, against PostgreSQL 15 with SET datestyle.</summary>
public class PgDateStyleTests
{
    /// <summary>Rows: TimeZone, DateStyle, the instant (ISO, read in UTC), timestamptz_out.</summary>
    public static TheoryData<string, string, string, string> TimestampTzOutputs => new()
    {
        { "UTC", "SQL, MDY", "2024-01-02 03:04:05.123456+00", "01/02/2024 03:04:05.123456 UTC" },
        { "UTC", "SQL, MDY", "2024-07-01 10:00:00+00", "07/01/2024 10:00:00 UTC" },
        { "UTC", "SQL, MDY", "0044-03-15 12:00:00+00 BC", "03/15/0044 12:00:00 UTC BC" },
        { "UTC", "SQL, DMY", "2024-01-02 03:04:05.123456+00", "02/01/2024 03:04:05.123456 UTC" },
        { "UTC", "SQL, DMY", "2024-07-01 10:00:00+00", "01/07/2024 10:00:00 UTC" },
        { "UTC", "SQL, DMY", "0044-03-15 12:00:00+00 BC", "15/03/0044 12:00:00 UTC BC" },
        { "UTC", "German", "2024-01-02 03:04:05.123456+00", "02.01.2024 03:04:05.123456 UTC" },
        { "UTC", "German", "2024-07-01 10:00:00+00", "01.07.2024 10:00:00 UTC" },
        { "UTC", "German", "0044-03-15 12:00:00+00 BC", "15.03.0044 12:00:00 UTC BC" },
        { "UTC", "Postgres, MDY", "2024-01-02 03:04:05.123456+00", "Tue Jan 02 03:04:05.123456 2024 UTC" },
        { "UTC", "Postgres, MDY", "2024-07-01 10:00:00+00", "Mon Jul 01 10:00:00 2024 UTC" },
        { "UTC", "Postgres, MDY", "0044-03-15 12:00:00+00 BC", "Fri Mar 15 12:00:00 0044 UTC BC" },
        { "UTC", "Postgres, DMY", "2024-01-02 03:04:05.123456+00", "Tue 02 Jan 03:04:05.123456 2024 UTC" },
        { "UTC", "Postgres, DMY", "2024-07-01 10:00:00+00", "Mon 01 Jul 10:00:00 2024 UTC" },
        { "UTC", "Postgres, DMY", "0044-03-15 12:00:00+00 BC", "Fri 15 Mar 12:00:00 0044 UTC BC" },
        { "Europe/Paris", "SQL, MDY", "2024-01-02 03:04:05.123456+00", "01/02/2024 04:04:05.123456 CET" },
        { "Europe/Paris", "SQL, MDY", "2024-07-01 10:00:00+00", "07/01/2024 12:00:00 CEST" },
        { "Europe/Paris", "SQL, MDY", "0044-03-15 12:00:00+00 BC", "03/15/0044 12:09:21 LMT BC" },
        { "Europe/Paris", "SQL, DMY", "2024-01-02 03:04:05.123456+00", "02/01/2024 04:04:05.123456 CET" },
        { "Europe/Paris", "SQL, DMY", "2024-07-01 10:00:00+00", "01/07/2024 12:00:00 CEST" },
        { "Europe/Paris", "SQL, DMY", "0044-03-15 12:00:00+00 BC", "15/03/0044 12:09:21 LMT BC" },
        { "Europe/Paris", "German", "2024-01-02 03:04:05.123456+00", "02.01.2024 04:04:05.123456 CET" },
        { "Europe/Paris", "German", "2024-07-01 10:00:00+00", "01.07.2024 12:00:00 CEST" },
        { "Europe/Paris", "German", "0044-03-15 12:00:00+00 BC", "15.03.0044 12:09:21 LMT BC" },
        { "Europe/Paris", "Postgres, MDY", "2024-01-02 03:04:05.123456+00", "Tue Jan 02 04:04:05.123456 2024 CET" },
        { "Europe/Paris", "Postgres, MDY", "2024-07-01 10:00:00+00", "Mon Jul 01 12:00:00 2024 CEST" },
        { "Europe/Paris", "Postgres, MDY", "0044-03-15 12:00:00+00 BC", "Fri Mar 15 12:09:21 0044 LMT BC" },
        { "Europe/Paris", "Postgres, DMY", "2024-01-02 03:04:05.123456+00", "Tue 02 Jan 04:04:05.123456 2024 CET" },
        { "Europe/Paris", "Postgres, DMY", "2024-07-01 10:00:00+00", "Mon 01 Jul 12:00:00 2024 CEST" },
        { "Europe/Paris", "Postgres, DMY", "0044-03-15 12:00:00+00 BC", "Fri 15 Mar 12:09:21 0044 LMT BC" },
        { "Asia/Kolkata", "SQL, MDY", "2024-01-02 03:04:05.123456+00", "01/02/2024 08:34:05.123456 IST" },
        { "Asia/Kolkata", "SQL, MDY", "2024-07-01 10:00:00+00", "07/01/2024 15:30:00 IST" },
        { "Asia/Kolkata", "SQL, MDY", "0044-03-15 12:00:00+00 BC", "03/15/0044 17:53:28 LMT BC" },
        { "Asia/Kolkata", "SQL, DMY", "2024-01-02 03:04:05.123456+00", "02/01/2024 08:34:05.123456 IST" },
        { "Asia/Kolkata", "SQL, DMY", "2024-07-01 10:00:00+00", "01/07/2024 15:30:00 IST" },
        { "Asia/Kolkata", "SQL, DMY", "0044-03-15 12:00:00+00 BC", "15/03/0044 17:53:28 LMT BC" },
        { "Asia/Kolkata", "German", "2024-01-02 03:04:05.123456+00", "02.01.2024 08:34:05.123456 IST" },
        { "Asia/Kolkata", "German", "2024-07-01 10:00:00+00", "01.07.2024 15:30:00 IST" },
        { "Asia/Kolkata", "German", "0044-03-15 12:00:00+00 BC", "15.03.0044 17:53:28 LMT BC" },
        { "Asia/Kolkata", "Postgres, MDY", "2024-01-02 03:04:05.123456+00", "Tue Jan 02 08:34:05.123456 2024 IST" },
        { "Asia/Kolkata", "Postgres, MDY", "2024-07-01 10:00:00+00", "Mon Jul 01 15:30:00 2024 IST" },
        { "Asia/Kolkata", "Postgres, MDY", "0044-03-15 12:00:00+00 BC", "Fri Mar 15 17:53:28 0044 LMT BC" },
        { "Asia/Kolkata", "Postgres, DMY", "2024-01-02 03:04:05.123456+00", "Tue 02 Jan 08:34:05.123456 2024 IST" },
        { "Asia/Kolkata", "Postgres, DMY", "2024-07-01 10:00:00+00", "Mon 01 Jul 15:30:00 2024 IST" },
        { "Asia/Kolkata", "Postgres, DMY", "0044-03-15 12:00:00+00 BC", "Fri 15 Mar 17:53:28 0044 LMT BC" },
        { "America/New_York", "SQL, MDY", "2024-01-02 03:04:05.123456+00", "01/01/2024 22:04:05.123456 EST" },
        { "America/New_York", "SQL, MDY", "2024-07-01 10:00:00+00", "07/01/2024 06:00:00 EDT" },
        { "America/New_York", "SQL, MDY", "0044-03-15 12:00:00+00 BC", "03/15/0044 07:03:58 LMT BC" },
        { "America/New_York", "SQL, DMY", "2024-01-02 03:04:05.123456+00", "01/01/2024 22:04:05.123456 EST" },
        { "America/New_York", "SQL, DMY", "2024-07-01 10:00:00+00", "01/07/2024 06:00:00 EDT" },
        { "America/New_York", "SQL, DMY", "0044-03-15 12:00:00+00 BC", "15/03/0044 07:03:58 LMT BC" },
        { "America/New_York", "German", "2024-01-02 03:04:05.123456+00", "01.01.2024 22:04:05.123456 EST" },
        { "America/New_York", "German", "2024-07-01 10:00:00+00", "01.07.2024 06:00:00 EDT" },
        { "America/New_York", "German", "0044-03-15 12:00:00+00 BC", "15.03.0044 07:03:58 LMT BC" },
        { "America/New_York", "Postgres, MDY", "2024-01-02 03:04:05.123456+00", "Mon Jan 01 22:04:05.123456 2024 EST" },
        { "America/New_York", "Postgres, MDY", "2024-07-01 10:00:00+00", "Mon Jul 01 06:00:00 2024 EDT" },
        { "America/New_York", "Postgres, MDY", "0044-03-15 12:00:00+00 BC", "Fri Mar 15 07:03:58 0044 LMT BC" },
        { "America/New_York", "Postgres, DMY", "2024-01-02 03:04:05.123456+00", "Mon 01 Jan 22:04:05.123456 2024 EST" },
        { "America/New_York", "Postgres, DMY", "2024-07-01 10:00:00+00", "Mon 01 Jul 06:00:00 2024 EDT" },
        { "America/New_York", "Postgres, DMY", "0044-03-15 12:00:00+00 BC", "Fri 15 Mar 07:03:58 0044 LMT BC" },
        { "Asia/Tashkent", "SQL, MDY", "2024-01-02 03:04:05.123456+00", "01/02/2024 08:04:05.123456 +05" },
        { "Asia/Tashkent", "SQL, MDY", "2024-07-01 10:00:00+00", "07/01/2024 15:00:00 +05" },
        { "Asia/Tashkent", "SQL, MDY", "0044-03-15 12:00:00+00 BC", "03/15/0044 16:37:11 LMT BC" },
        { "Asia/Tashkent", "SQL, DMY", "2024-01-02 03:04:05.123456+00", "02/01/2024 08:04:05.123456 +05" },
        { "Asia/Tashkent", "SQL, DMY", "2024-07-01 10:00:00+00", "01/07/2024 15:00:00 +05" },
        { "Asia/Tashkent", "SQL, DMY", "0044-03-15 12:00:00+00 BC", "15/03/0044 16:37:11 LMT BC" },
        { "Asia/Tashkent", "German", "2024-01-02 03:04:05.123456+00", "02.01.2024 08:04:05.123456 +05" },
        { "Asia/Tashkent", "German", "2024-07-01 10:00:00+00", "01.07.2024 15:00:00 +05" },
        { "Asia/Tashkent", "German", "0044-03-15 12:00:00+00 BC", "15.03.0044 16:37:11 LMT BC" },
        { "Asia/Tashkent", "Postgres, MDY", "2024-01-02 03:04:05.123456+00", "Tue Jan 02 08:04:05.123456 2024 +05" },
        { "Asia/Tashkent", "Postgres, MDY", "2024-07-01 10:00:00+00", "Mon Jul 01 15:00:00 2024 +05" },
        { "Asia/Tashkent", "Postgres, MDY", "0044-03-15 12:00:00+00 BC", "Fri Mar 15 16:37:11 0044 LMT BC" },
        { "Asia/Tashkent", "Postgres, DMY", "2024-01-02 03:04:05.123456+00", "Tue 02 Jan 08:04:05.123456 2024 +05" },
        { "Asia/Tashkent", "Postgres, DMY", "2024-07-01 10:00:00+00", "Mon 01 Jul 15:00:00 2024 +05" },
        { "Asia/Tashkent", "Postgres, DMY", "0044-03-15 12:00:00+00 BC", "Fri 15 Mar 16:37:11 0044 LMT BC" },
    };

    /// <summary>Rows: DateStyle, the date (ISO), date_out and timestamp_out of that date at 03:04:05.5, separated by |.</summary>
    public static TheoryData<string, string, string> DateOutputs => new()
    {
        { "SQL, MDY", "2024-01-02", "01/02/2024|01/02/2024 03:04:05.5" },
        { "SQL, MDY", "0044-03-15 BC", "03/15/0044 BC|03/15/0044 03:04:05.5 BC" },
        { "SQL, DMY", "2024-01-02", "02/01/2024|02/01/2024 03:04:05.5" },
        { "SQL, DMY", "0044-03-15 BC", "15/03/0044 BC|15/03/0044 03:04:05.5 BC" },
        { "German", "2024-01-02", "02.01.2024|02.01.2024 03:04:05.5" },
        { "German", "0044-03-15 BC", "15.03.0044 BC|15.03.0044 03:04:05.5 BC" },
        { "Postgres, MDY", "2024-01-02", "01-02-2024|Tue Jan 02 03:04:05.5 2024" },
        { "Postgres, MDY", "0044-03-15 BC", "03-15-0044 BC|Fri Mar 15 03:04:05.5 0044 BC" },
        { "Postgres, DMY", "2024-01-02", "02-01-2024|Tue 02 Jan 03:04:05.5 2024" },
        { "Postgres, DMY", "0044-03-15 BC", "15-03-0044 BC|Fri 15 Mar 03:04:05.5 0044 BC" },
    };

    [Theory]
    [MemberData(nameof(TimestampTzOutputs))]
    public void TryFormatTimestampTz_DateStyle_MatchesTimestampTzOut(string zone, string dateStyle, string instant, string expected)
    {
        Assert.True(PgText.TryParseTimestampTz(Encoding.UTF8.GetBytes(instant), out var value));

        Assert.Equal(expected, PgDateTimeCodecTests.Format((v, d) => (PgText.TryFormatTimestampTz(v, d, out var n, Settings(dateStyle, zone)), n), value));
    }

    [Theory]
    [MemberData(nameof(DateOutputs))]
    public void TryFormatDateAndTimestamp_DateStyle_MatchDateOutAndTimestampOut(string dateStyle, string date, string expected)
    {
        Assert.True(PgText.TryParseDate(Encoding.UTF8.GetBytes(date), out var day));
        var timestamp = date.EndsWith(" BC", StringComparison.Ordinal) ? date[..^3] + " 03:04:05.5 BC" : date + " 03:04:05.5";
        Assert.True(PgText.TryParseTimestamp(Encoding.UTF8.GetBytes(timestamp), out var time));
        var settings = Settings(dateStyle, "UTC");

        var dateText = PgDateTimeCodecTests.Format((v, d) => (PgText.TryFormatDate(v, d, out var n, settings), n), day);
        var timeText = PgDateTimeCodecTests.Format((v, d) => (PgText.TryFormatTimestamp(v, d, out var n, settings), n), time);
        Assert.Equal(expected, $"{dateText}|{timeText}");
    }

    private static PgFormatSettings Settings(string dateStyle, string zone) => new()
    {
        DateStyle = dateStyle.Split(',')[0] switch
        {
            "SQL" => PgDateStyle.Sql,
            "German" => PgDateStyle.German,
            _ => PgDateStyle.Postgres,
        },
        DateOrder = dateStyle.EndsWith("DMY", StringComparison.Ordinal) || dateStyle == "German" ? PgDateOrder.Dmy : PgDateOrder.Mdy,
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone),
    };
}
