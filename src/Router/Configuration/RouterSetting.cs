using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace HtapRouter.Router.Configuration;

/// <summary>How a setting's text is read; see <see cref="RouterSetting.TryConvert"/>.</summary>
internal enum SettingKind
{
    Text,

    /// <summary>Text never shown in a message or a log.</summary>
    Secret,

    /// <summary>A database name; empty keeps the default, as pgpool then falls back to postgres.</summary>
    Database,

    Boolean,
    Int32,
    Int64,
    DisableLoadBalanceOnWrite,

    /// <summary>pgpool's comma-separated list in one string (function lists, redirect preference lists).</summary>
    CommaList,

    /// <summary>pgpool's semicolon-separated list of regular expressions, with "\;" and "\'" escapes.</summary>
    PatternList,
}

/// <summary>
/// One <see cref="RouterOptions"/> property that pgpool-II has a key for, and how that key's values read. The table in
/// <see cref="RouterSettings"/> is shared by the pgpool.conf reader and by the command-line and environment sources,
/// so "off" or "dml_adaptive" mean the same wherever they are written.
/// </summary>
internal sealed record RouterSetting(string PgpoolKey, string Property, SettingKind Kind, SettingUnit Unit = SettingUnit.None)
{
    /// <summary>The configuration key, such as Router:LoadBalanceMode.</summary>
    public string ConfigurationKey { get; } = RouterOptions.Section + ConfigurationPath.KeyDelimiter + Property;

    public bool IsList => Kind is SettingKind.CommaList or SettingKind.PatternList;

    /// <summary>
    /// Converts pgpool's text for this setting to what the configuration binder reads: "True"/"False" for booleans, a
    /// plain integer in the property's unit, the enum member's name, or list items. A value already in the binder's
    /// form ("True", "DmlAdaptive") is accepted too. Null <paramref name="scalar"/> with null <paramref name="items"/>
    /// means "leave the default". On failure <paramref name="expected"/> says what was wanted.
    /// </summary>
    public bool TryConvert(string text, out string? scalar, out List<string>? items, out string? expected)
    {
        scalar = null;
        items = null;
        expected = null;
        switch (Kind)
        {
            case SettingKind.Text or SettingKind.Secret:
                scalar = text;
                return true;
            case SettingKind.Database:
                scalar = text.Length == 0 ? null : text;
                return true;
            case SettingKind.Boolean when SettingValues.TryParseBoolean(text, out var flag):
                scalar = flag ? bool.TrueString : bool.FalseString;
                return true;
            case SettingKind.Boolean:
                expected = "expected on or off";
                return false;
            case SettingKind.Int32 or SettingKind.Int64:
                var max = Kind == SettingKind.Int32 ? int.MaxValue : long.MaxValue;
                var min = Kind == SettingKind.Int32 ? int.MinValue : long.MinValue;
                if (SettingValues.TryParseInteger(text, Unit, min, max, out var number))
                {
                    scalar = number.ToString(CultureInfo.InvariantCulture);
                    return true;
                }

                expected = SettingValues.DescribeInteger(Unit);
                return false;
            case SettingKind.DisableLoadBalanceOnWrite:
                if (TryParseDisableLoadBalanceOnWrite(text, out var mode))
                {
                    scalar = mode.ToString();
                    return true;
                }

                expected = "expected off, transaction, trans_transaction, always or dml_adaptive";
                return false;
            case SettingKind.CommaList:
                items = SettingLists.SplitCommas(text);
                return true;
            case SettingKind.PatternList:
                items = SettingLists.SplitPatterns(text);
                return true;
            default:
                throw new InvalidOperationException($"Unhandled setting kind {Kind}.");
        }
    }

    private static bool TryParseDisableLoadBalanceOnWrite(string text, out DisableLoadBalanceOnWrite mode)
    {
        mode = text.ToLowerInvariant() switch
        {
            "off" => DisableLoadBalanceOnWrite.Off,
            "transaction" => DisableLoadBalanceOnWrite.Transaction,
            "trans_transaction" => DisableLoadBalanceOnWrite.TransTransaction,
            "always" => DisableLoadBalanceOnWrite.Always,
            "dml_adaptive" => DisableLoadBalanceOnWrite.DmlAdaptive,
            _ => (DisableLoadBalanceOnWrite)(-1),
        };
        return Enum.IsDefined(mode)
            || (Enum.TryParse(text, ignoreCase: true, out mode) && Enum.IsDefined(mode) && !char.IsAsciiDigit(text[0]));
    }
}
