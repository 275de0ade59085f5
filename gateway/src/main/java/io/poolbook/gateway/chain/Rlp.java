package io.poolbook.gateway.chain;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.List;

/**
 * Recursive Length Prefix encoding, the serialization of Ethereum transactions: byte strings, unsigned integers as
 * their minimal big-endian bytes, and lists of encoded items.
 */
final class Rlp
{
    private Rlp()
    {
    }

    static byte[] bytes(final byte[] value)
    {
        if (value.length == 1 && (value[0] & 0xFF) < 0x80)
        {
            return value.clone();
        }
        return withPrefix(0x80, value);
    }

    static byte[] integer(final BigInteger value)
    {
        if (value.signum() < 0)
        {
            throw new IllegalArgumentException("RLP integers are unsigned: " + value);
        }
        return bytes(minimal(value));
    }

    static byte[] integer(final long value)
    {
        return integer(BigInteger.valueOf(value));
    }

    static byte[] list(final List<byte[]> encodedItems)
    {
        final ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (final byte[] item : encodedItems)
        {
            payload.writeBytes(item);
        }
        return withPrefix(0xC0, payload.toByteArray());
    }

    /** @return the value as exactly {@code length} big-endian bytes. */
    static byte[] fixed(final BigInteger value, final int length)
    {
        final byte[] minimal = minimal(value);
        if (minimal.length > length)
        {
            throw new IllegalArgumentException(value + " does not fit in " + length + " bytes");
        }
        final byte[] out = new byte[length];
        System.arraycopy(minimal, 0, out, length - minimal.length, minimal.length);
        return out;
    }

    private static byte[] minimal(final BigInteger value)
    {
        if (value.signum() == 0)
        {
            return new byte[0];
        }
        final byte[] bytes = value.toByteArray();
        if (bytes[0] == 0)
        {
            final byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }

    private static byte[] withPrefix(final int offset, final byte[] payload)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 9);
        if (payload.length < 56)
        {
            out.write(offset + payload.length);
        }
        else
        {
            final byte[] length = minimal(BigInteger.valueOf(payload.length));
            out.write(offset + 55 + length.length);
            out.writeBytes(length);
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
