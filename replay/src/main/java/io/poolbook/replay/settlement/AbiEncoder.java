package io.poolbook.replay.settlement;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends Solidity ABI words for static types, each 32 bytes, big-endian: addresses and unsigned integers
 * left-padded with zeros, signed integers sign-extended (two's complement), {@code bytes32} as is. The
 * concatenation of the words is what {@code abi.encode(...)} (equally {@code abi.encodePacked} of 32-byte values)
 * gives for the same static arguments, and what follows the selector in calldata.
 * <p>
 * Values out of their type's range are refused rather than truncated: an encoding that silently wrapped would
 * settle a different amount from the one the engine computed. Not thread-safe; reusable after {@link #reset()}.
 */
public final class AbiEncoder
{
    /** Bytes in one ABI word. */
    public static final int WORD = 32;
    /** Bytes in an address. */
    public static final int ADDRESS_LENGTH = 20;
    /** Bytes in a function selector. */
    public static final int SELECTOR_LENGTH = 4;

    private static final BigInteger INT256_MAX = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE);
    private static final BigInteger INT256_MIN = BigInteger.ONE.shiftLeft(255).negate();

    private byte[] bytes = new byte[8 * WORD];
    private int length;

    /** Starts over, keeping the capacity. */
    public AbiEncoder reset()
    {
        length = 0;
        return this;
    }

    /** Bytes written so far. */
    public int length()
    {
        return length;
    }

    /** Copy of the bytes written so far. */
    public byte[] toByteArray()
    {
        return Arrays.copyOf(bytes, length);
    }

    /** Keccak-256 of the bytes written so far. */
    public byte[] keccak256()
    {
        return Keccak256.hash(bytes, 0, length);
    }

    /**
     * Appends raw bytes that are not a word, e.g. a function selector in front of the arguments.
     *
     * @param raw to append as is.
     * @return this.
     */
    public AbiEncoder raw(final byte[] raw)
    {
        ensureCapacity(raw.length);
        System.arraycopy(raw, 0, bytes, length, raw.length);
        length += raw.length;
        return this;
    }

    /**
     * @param address 20 bytes.
     * @return this, with the address left-padded with 12 zero bytes.
     */
    public AbiEncoder address(final byte[] address)
    {
        if (address.length != ADDRESS_LENGTH)
        {
            throw new IllegalArgumentException("an address is 20 bytes, not " + address.length);
        }
        final int word = nextWord();
        System.arraycopy(address, 0, bytes, word + WORD - ADDRESS_LENGTH, ADDRESS_LENGTH);
        return this;
    }

    /**
     * @param value 32 bytes.
     * @return this.
     */
    public AbiEncoder bytes32(final byte[] value)
    {
        if (value.length != WORD)
        {
            throw new IllegalArgumentException("bytes32 is 32 bytes, not " + value.length);
        }
        final int word = nextWord(); // first: it may grow (replace) the array
        System.arraycopy(value, 0, bytes, word, WORD);
        return this;
    }

    /**
     * @param value in [-2^255, 2^255).
     * @return this, with the value as 32 bytes of two's complement.
     */
    public AbiEncoder int256(final BigInteger value)
    {
        if (value.compareTo(INT256_MIN) < 0 || value.compareTo(INT256_MAX) > 0)
        {
            throw new ArithmeticException("out of int256 range: " + value);
        }
        putTwosComplement(value, nextWord());
        return this;
    }

    /**
     * @param value in [0, 2^256).
     * @return this.
     */
    public AbiEncoder uint256(final BigInteger value)
    {
        if (value.signum() < 0 || value.bitLength() > 256)
        {
            throw new ArithmeticException("out of uint256 range: " + value);
        }
        putTwosComplement(value, nextWord());
        return this;
    }

    /**
     * A signed integer of any width up to 64 bits (int8 ... int64): sign-extended to the whole word.
     *
     * @param value to append.
     * @return this.
     */
    public AbiEncoder int64(final long value)
    {
        final int word = nextWord();
        if (value < 0)
        {
            Arrays.fill(bytes, word, word + WORD - Long.BYTES, (byte)0xFF);
        }
        putLong(value, word + WORD - Long.BYTES);
        return this;
    }

    /**
     * @param value in [0, 2^64) as a signed long that must not be negative (engine sequences and counts).
     * @return this.
     */
    public AbiEncoder uint64(final long value)
    {
        if (value < 0)
        {
            throw new ArithmeticException("negative uint64: " + value);
        }
        putLong(value, nextWord() + WORD - Long.BYTES);
        return this;
    }

    /**
     * @param value in [0, 2^32).
     * @return this.
     */
    public AbiEncoder uint32(final long value)
    {
        if (value < 0 || value > 0xFFFF_FFFFL)
        {
            throw new ArithmeticException("out of uint32 range: " + value);
        }
        putLong(value, nextWord() + WORD - Long.BYTES);
        return this;
    }

    /**
     * The function selector: the first four bytes of the Keccak-256 of the canonical signature, e.g.
     * {@code transfer(address,uint256)} (no spaces, no parameter names, canonical type names).
     *
     * @param signature canonical.
     * @return 4 bytes.
     */
    public static byte[] selector(final String signature)
    {
        return Arrays.copyOf(Keccak256.hash(signature.getBytes(StandardCharsets.US_ASCII)), SELECTOR_LENGTH);
    }

    private void putTwosComplement(final BigInteger value, final int word)
    {
        final byte[] minimal = value.toByteArray();
        final int count = Math.min(minimal.length, WORD);
        if (value.signum() < 0)
        {
            Arrays.fill(bytes, word, word + WORD, (byte)0xFF);
        }
        System.arraycopy(minimal, minimal.length - count, bytes, word + WORD - count, count);
    }

    private void putLong(final long value, final int index)
    {
        for (int i = 0; i < Long.BYTES; i++)
        {
            bytes[index + i] = (byte)(value >>> (8 * (Long.BYTES - 1 - i)));
        }
    }

    private int nextWord()
    {
        ensureCapacity(WORD);
        final int word = length;
        Arrays.fill(bytes, word, word + WORD, (byte)0);
        length += WORD;
        return word;
    }

    private void ensureCapacity(final int more)
    {
        if (length + more > bytes.length)
        {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
