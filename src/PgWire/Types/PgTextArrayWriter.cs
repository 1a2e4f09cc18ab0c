namespace HtapRouter.PgWire.Types;

/// <summary>
/// Writes an array in array_out's text form, "{1,NULL,"a b"}" (a multidimensional one from its sub-arrays): each element's text
/// (from the PgText formatter of its type) is quoted and escaped exactly when PostgreSQL would.
/// </summary>
public ref struct PgTextArrayWriter
{
    private readonly byte _delimiter;
    private Utf8Output _output;
    private bool _first;

    public PgTextArrayWriter(Span<byte> destination, byte delimiter = (byte)',')
    {
        _delimiter = delimiter;
        _output = new Utf8Output(destination);
        _output.Write((byte)'{');
        _first = true;
    }

    public void WriteNull()
    {
        WriteDelimiter();
        _output.Write("NULL"u8);
    }

    /// <summary>Appends an element given as its type's output text.</summary>
    public void WriteElement(scoped ReadOnlySpan<byte> text)
    {
        WriteDelimiter();
        if (!NeedsQuotes(text, _delimiter))
        {
            _output.Write(text);
            return;
        }

        _output.Write((byte)'"');
        foreach (var c in text)
        {
            if (c is (byte)'"' or (byte)'\\')
            {
                _output.Write((byte)'\\');
            }

            _output.Write(c);
        }

        _output.Write((byte)'"');
    }

    /// <summary>Appends a sub-array of a multidimensional array, given in this form already: it is written as it is.</summary>
    public void WriteSubarray(scoped ReadOnlySpan<byte> text)
    {
        WriteDelimiter();
        _output.Write(text);
    }

    /// <summary>Closes the array; false when the destination was too small.</summary>
    public bool TryComplete(out int bytesWritten)
    {
        _output.Write((byte)'}');
        return _output.TryFinish(out bytesWritten);
    }

    /// <summary>
    /// array_out quotes empty strings, anything spelled NULL, and text containing quotes,
    /// backslashes, braces, the delimiter or white space.
    /// </summary>
    internal static bool NeedsQuotes(ReadOnlySpan<byte> text, byte delimiter)
    {
        if (text.IsEmpty || Utf8Input.EqualsIgnoreCase(text, "NULL"u8))
        {
            return true;
        }

        foreach (var c in text)
        {
            if (c is (byte)'"' or (byte)'\\' or (byte)'{' or (byte)'}' || c == delimiter || Utf8Input.IsSpace(c))
            {
                return true;
            }
        }

        return false;
    }

    private void WriteDelimiter()
    {
        if (!_first)
        {
            _output.Write(_delimiter);
        }

        _first = false;
    }
}
