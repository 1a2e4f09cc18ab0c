using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        if ((uint)(_position + digits) > (uint)_buffer.Length)
        {
            _overflow = true;
            return;
        }

        // From the right, two digits per division (in 32 bits once the rest fits), then one odd leading digit and
        // the padding. Every index is below _position + digits, checked above.
        ref var start = ref Unsafe.Add(ref MemoryMarshal.GetReference(_buffer), _position);
        var i = digits;
        while (value > uint.MaxValue)
        {
            (value, var pair) = Math.DivRem(value, 100UL);
            i -= 2;
            WritePair(ref Unsafe.Add(ref start, i), (uint)pair);
        }

        var small = (uint)value;
        while (small >= 100)
        {
            (small, var pair) = Math.DivRem(small, 100U);
            i -= 2;
            WritePair(ref Unsafe.Add(ref start, i), pair);
        }

        if (small >= 10)
        {
            i -= 2;
            WritePair(ref Unsafe.Add(ref start, i), small);
        }
        else
        {
            Unsafe.Add(ref start, --i) = (byte)('0' + small);
        }

        while (i > 0)
        {
            Unsafe.Add(ref start, --i) = (byte)'0';
        }

        _position += digits;
    }

    /// <summary>Writes 0..99 as two digits ("07"), as dates and times print their fields.</summary>
    public void WriteTwoDigits(int value)
    {
        if ((uint)value > 99)
        {
            WriteDigits((ulong)value, 2);
            return;
        }

        if ((uint)(_position + 2) > (uint)_buffer.Length)
        {
            _overflow = true;
            return;
        }

        WritePair(ref Unsafe.Add(ref MemoryMarshal.GetReference(_buffer), _position), (uint)value);
        _position += 2;
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

    private static ReadOnlySpan<byte> TwoDigitPairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WritePair(ref byte destination, uint pair) =>
        Unsafe.WriteUnaligned(ref destination, Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(TwoDigitPairs), (int)pair * 2)));

    /// <summary>Decimal digits of <paramref name="value"/>: the bit length gives the count or one more, a power of ten decides.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountDigits(ulong value)
    {
        // floor(log10(2^n)) ~ n * 1233 / 4096 for the 64 bit lengths.
        // (value | 1 counts 0 as one digit and changes no comparison: the powers of ten above 1 are even.)
        value |= 1;
        var guess = ((64 - BitOperations.LeadingZeroCount(value)) * 1233) >> 12;
        return guess + (value >= PowersOfTen[guess] ? 1 : 0);
    }

    private static ReadOnlySpan<ulong> PowersOfTen =>
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ];
}
