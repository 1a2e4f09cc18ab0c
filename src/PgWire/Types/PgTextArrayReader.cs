namespace HtapRouter.PgWire.Types;

/// <summary>
/// Reads the elements of a one-dimensional array in array_in's text form ("{1,NULL,"a b"}", with an
/// optional "[1:3]=" bounds prefix). Each element comes back as text for its type's PgText parser.
/// </summary>
public ref struct PgTextArrayReader
{
    private readonly ReadOnlySpan<byte> _text;
    private readonly byte _delimiter;
    private int _position;
    private bool _done;

    public PgTextArrayReader(ReadOnlySpan<byte> text, byte delimiter = (byte)',')
    {
        _delimiter = delimiter;
        var trimmed = Utf8Input.TrimSpaces(text);
        if (!trimmed.IsEmpty && trimmed[0] == '[')
        {
            var equals = trimmed.IndexOf((byte)'=');
            trimmed = equals < 0 ? [] : Utf8Input.TrimSpaces(trimmed[(equals + 1)..]);
        }

        IsMalformed = trimmed.Length < 2 || trimmed[0] != '{' || trimmed[^1] != '}';
        _text = IsMalformed ? [] : trimmed[1..^1];
        _done = IsMalformed || Utf8Input.TrimSpaces(_text).IsEmpty;
    }

    /// <summary>True when the text is not a one-dimensional array literal; reading stops there.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>
    /// Reads the next element. Quoted or escaped elements are unescaped into <paramref name="scratch"/>
    /// (make it as long as the array text), others are returned as a slice of the input. Returns
    /// false at the end of the array or on malformed input (see <see cref="IsMalformed"/>).
    /// </summary>
    public bool TryReadNext(Span<byte> scratch, out ReadOnlySpan<byte> element, out bool isNull)
    {
        element = default;
        isNull = false;
        if (_done)
        {
            return false;
        }

        var start = _position;
        var length = 0;
        var quoted = false;
        var escaped = false;
        var sawQuotes = false;
        var lastSignificant = 0;
        var i = _position;
        for (; i < _text.Length; i++)
        {
            var c = _text[i];
            if (escaped)
            {
                escaped = false;
            }
            else if (c == '\\')
            {
                escaped = true;
                sawQuotes = true;
                continue;
            }
            else if (c == '"')
            {
                quoted = !quoted;
                sawQuotes = true;
                lastSignificant = length;
                continue;
            }
            else if (!quoted && c == _delimiter)
            {
                break;
            }
            else if (!quoted && (c is (byte)'{' or (byte)'}'))
            {
                return Fail();
            }
            else if (!quoted && Utf8Input.IsSpace(c))
            {
                if (length > 0)
                {
                    Append(scratch, ref length, c);
                }

                continue;
            }

            if (!Append(scratch, ref length, c))
            {
                return Fail();
            }

            lastSignificant = length;
        }

        if (quoted || escaped)
        {
            return Fail();
        }

        _position = i + 1;
        _done = i >= _text.Length;
        var raw = scratch[..lastSignificant];
        if (!sawQuotes && Utf8Input.EqualsIgnoreCase(raw, "NULL"u8))
        {
            isNull = true;
            return true;
        }

        if (!sawQuotes && raw.IsEmpty)
        {
            return Fail();
        }

        element = !sawQuotes ? Utf8Input.TrimSpaces(_text[start..i]) : raw;
        return true;
    }

    private static bool Append(Span<byte> scratch, ref int length, byte c)
    {
        if (length >= scratch.Length)
        {
            return false;
        }

        scratch[length++] = c;
        return true;
    }

    private bool Fail()
    {
        IsMalformed = true;
        _done = true;
        return false;
    }
}
