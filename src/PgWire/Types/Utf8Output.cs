namespace HtapRouter.PgWire.Types;

/// <summary>
/// Appends ASCII/UTF-8 to a caller's span and remembers whether anything did not fit, so a
/// formatter can write unconditionally and check once at the end.
/// </summary>
internal ref struct Utf8Output
{
    private readonly Span<byte> _buffer;
    private int _position;
    private bool _overflow;

    public Utf8Output(Span<byte> buffer) => _buffer = buffer;

    public void Write(byte value)
    {
        if (_position < _buffer.Length)
        {
            _buffer[_position++] = value;
        }
        else
        {
            _overflow = true;
        }
    }

    public void Write(scoped ReadOnlySpan<byte> value)
    {
        if (value.TryCopyTo(_buffer[_position..]))
        {
            _position += value.Length;
        }
        else
        {
            _overflow = true;
        }
    }

    /// <summary>Writes a non-negative number in decimal, zero-padded to at least <paramref name="minDigits"/>.</summary>
    public void WriteDigits(ulong value, int minDigits = 1)
    {
        var digits = Math.Max(CountDigits(value), minDigits);
        if (_position + digits > _buffer.Length)
        {
            _overflow = true;
            return;
        }

        for (var i = _position + digits - 1; i >= _position; i--)
        {
            _buffer[i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        _position += digits;
    }

    /// <summary>Writes a signed number; unlike <see cref="WriteDigits"/> a minus sign precedes it.</summary>
    public void WriteInteger(long value)
    {
        if (value < 0)
        {
            Write((byte)'-');
        }

        WriteDigits(value < 0 ? (ulong)-(value + 1) + 1 : (ulong)value);
    }

    /// <summary>Writes ".ffffff" for a microsecond fraction with trailing zeros removed; nothing for 0.</summary>
    public void WriteMicrosecondFraction(int microseconds)
    {
        if (microseconds == 0)
        {
            return;
        }

        var digits = 6;
        while (microseconds % 10 == 0)
        {
            microseconds /= 10;
            digits--;
        }

        Write((byte)'.');
        WriteDigits((ulong)microseconds, digits);
    }

    public readonly bool TryFinish(out int bytesWritten)
    {
        bytesWritten = _overflow ? 0 : _position;
        return !_overflow;
    }

    private static int CountDigits(ulong value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }
}
