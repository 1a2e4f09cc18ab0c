namespace HtapRouter.PgWire.Types;

/// <summary>A cursor over UTF-8 input for the hand-written text parsers.</summary>
internal ref struct Utf8Input
{
    private readonly ReadOnlySpan<byte> _text;
    private int _position;

    public Utf8Input(ReadOnlySpan<byte> text) => _text = text;

    public readonly bool AtEnd => _position >= _text.Length;

    /// <summary>The next byte, or 0 at the end (0 never occurs in PostgreSQL text).</summary>
    public readonly byte Peek => _position < _text.Length ? _text[_position] : (byte)0;

    public readonly ReadOnlySpan<byte> Rest => _text[_position..];

    /// <summary>C isspace(): what PostgreSQL's input functions skip around values.</summary>
    public static bool IsSpace(byte c) => c is (byte)' ' or (>= (byte)'\t' and <= (byte)'\r');

    public static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    public void SkipSpaces()
    {
        while (_position < _text.Length && IsSpace(_text[_position]))
        {
            _position++;
        }
    }

    public void Advance(int count = 1) => _position += count;

    public bool TryConsume(byte expected)
    {
        if (Peek != expected || AtEnd)
        {
            return false;
        }

        _position++;
        return true;
    }

    /// <summary>Consumes an ASCII word if the input continues with it, ignoring case.</summary>
    public bool TryConsumeIgnoreCase(ReadOnlySpan<byte> word)
    {
        if (!Rest.StartsWith(word) && !StartsWithIgnoreCase(Rest, word))
        {
            return false;
        }

        _position += word.Length;
        return true;
    }

    /// <summary>Reads 1..maxDigits decimal digits into a non-negative number.</summary>
    public bool TryReadNumber(out long value, out int digits, int maxDigits = 18)
    {
        value = 0;
        digits = 0;
        while (digits < maxDigits && IsDigit(Peek) && !AtEnd)
        {
            value = (value * 10) + (Peek - '0');
            _position++;
            digits++;
        }

        return digits > 0;
    }

    /// <summary>Reads a fraction's digits (after the '.') as microseconds, rounding half up past the sixth digit.</summary>
    public bool TryReadMicroseconds(out int microseconds)
    {
        microseconds = 0;
        var digits = 0;
        var roundUp = false;
        while (IsDigit(Peek) && !AtEnd)
        {
            if (digits < 6)
            {
                microseconds = (microseconds * 10) + (Peek - '0');
            }
            else if (digits == 6)
            {
                roundUp = Peek >= '5';
            }

            digits++;
            _position++;
        }

        for (var i = digits; i < 6; i++)
        {
            microseconds *= 10;
        }

        microseconds += roundUp ? 1 : 0;
        return digits > 0;
    }

    public static bool StartsWithIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> word)
    {
        if (text.Length < word.Length)
        {
            return false;
        }

        for (var i = 0; i < word.Length; i++)
        {
            if ((text[i] | 0x20) != (word[i] | 0x20))
            {
                return false;
            }
        }

        return true;
    }

    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> word) =>
        text.Length == word.Length && StartsWithIgnoreCase(text, word);

    public static ReadOnlySpan<byte> TrimSpaces(ReadOnlySpan<byte> text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }
}
