namespace HtapRouter.PgWire.Auth;

/// <summary>Reads the comma-separated <c>a=value</c> attributes of a SCRAM message (RFC 5802 section 7).</summary>
internal ref struct ScramAttributeReader
{
    private readonly ReadOnlySpan<byte> _message;
    private int _position;

    public ScramAttributeReader(ReadOnlySpan<byte> message)
    {
        _message = message;
    }

    /// <summary>Offset of the next attribute in the message.</summary>
    public readonly int Position => _position;

    public readonly bool IsAtEnd => _position == _message.Length;

    /// <summary>
    /// Reads one attribute and the comma after it. False, consuming nothing, when the next bytes are not an
    /// attribute, or when a comma ends the message.
    /// </summary>
    public bool TryRead(out byte name, out ReadOnlySpan<byte> value)
    {
        name = 0;
        value = default;
        ReadOnlySpan<byte> rest = _message[_position..];
        if (rest.Length < 2 || !char.IsAsciiLetter((char)rest[0]) || rest[1] != (byte)'=')
        {
            return false;
        }

        ReadOnlySpan<byte> tail = rest[2..];
        int comma = tail.IndexOf((byte)',');
        if (comma >= 0 && comma == tail.Length - 1)
        {
            return false;
        }

        name = rest[0];
        value = comma < 0 ? tail : tail[..comma];
        _position += comma < 0 ? rest.Length : 2 + comma + 1;
        return true;
    }

    /// <summary>Reads the attribute <paramref name="expected"/>; false if the next one is anything else.</summary>
    public bool TryRead(char expected, out ReadOnlySpan<byte> value)
    {
        var saved = this;
        if (TryRead(out byte name, out value) && name == (byte)expected)
        {
            return true;
        }

        this = saved;
        return false;
    }

    /// <summary>RFC 5802 "printable": 0x21-0x7E except ','.</summary>
    public static bool IsPrintable(ReadOnlySpan<byte> value)
    {
        foreach (byte b in value)
        {
            if (b < 0x21 || b > 0x7E || b == (byte)',')
            {
                return false;
            }
        }

        return true;
    }
}
