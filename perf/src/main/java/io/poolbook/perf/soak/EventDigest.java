package io.poolbook.perf.soak;

import io.poolbook.codecs.BookSnapshotDecoder;
import io.poolbook.codecs.L2UpdateDecoder;
import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.codecs.PoolStateDecoder;
import io.poolbook.codecs.PublicTradeDecoder;
import io.poolbook.engine.EventListener;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;

import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An exact fingerprint of an event stream: SHA-256 over each event's length (4 bytes, little-endian) and bytes, with
 * the count of events and bytes. Every {@value #BLOCK} events it also keeps the first 8 bytes of the running digest
 * and the input sequence that opened the block, so that two streams that differ can be told apart to within one
 * block: the node soak compares the live node's durable events with a replay's this way.
 * <p>
 * One thread feeds it at a time (the node's egress thread, or a replay); {@link #events()} may be read from another
 * while it runs, everything else once the feeding thread has stopped.
 */
final class EventDigest implements EventListener
{
    /** Events per checkpoint of the running digest. */
    static final int BLOCK = 1 << 14;
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;

    private final MessageDigest sha256;
    private final byte[] lengthBytes = new byte[4];
    private final LongArrayList checkpoints = new LongArrayList();
    private final LongArrayList blockFirstSequence = new LongArrayList();
    private byte[] scratch = new byte[1024];
    private volatile long events;
    private long bytes;
    private long firstInputSequence = -1;
    private long lastInputSequence = -1;
    private byte[] digest;

    EventDigest()
    {
        try
        {
            sha256 = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** {@inheritDoc} */
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        final long count = events;
        final long inputSequence = inputSequence(buffer, offset, length);
        if (0 == count % BLOCK)
        {
            blockFirstSequence.addLong(inputSequence);
        }
        if (-1 == firstInputSequence)
        {
            firstInputSequence = inputSequence;
        }
        lastInputSequence = inputSequence;

        if (scratch.length < length)
        {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        buffer.getBytes(offset, scratch, 0, length);
        lengthBytes[0] = (byte)length;
        lengthBytes[1] = (byte)(length >>> 8);
        lengthBytes[2] = (byte)(length >>> 16);
        lengthBytes[3] = (byte)(length >>> 24);
        sha256.update(lengthBytes);
        sha256.update(scratch, 0, length);
        bytes += length;
        events = count + 1;
        if (0 == (count + 1) % BLOCK)
        {
            checkpoints.addLong(prefix(running()));
        }
    }

    /** The event's input sequence: its first field, or its second after a market-data feed sequence. */
    private static long inputSequence(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER)
        {
            return -1;
        }
        final int fieldOffset;
        switch (buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN))
        {
            case L2UpdateDecoder.TEMPLATE_ID:
                fieldOffset = L2UpdateDecoder.inputSequenceEncodingOffset();
                break;
            case BookSnapshotDecoder.TEMPLATE_ID:
                fieldOffset = BookSnapshotDecoder.inputSequenceEncodingOffset();
                break;
            case PublicTradeDecoder.TEMPLATE_ID:
                fieldOffset = PublicTradeDecoder.inputSequenceEncodingOffset();
                break;
            case PoolStateDecoder.TEMPLATE_ID:
                fieldOffset = PoolStateDecoder.inputSequenceEncodingOffset();
                break;
            default:
                fieldOffset = 0;
        }
        return length >= HEADER + fieldOffset + Long.BYTES ?
            buffer.getLong(offset + HEADER + fieldOffset, ByteOrder.LITTLE_ENDIAN) : -1;
    }

    /** Events seen so far; safe to read from any thread. */
    long events()
    {
        return events;
    }

    long bytes()
    {
        return bytes;
    }

    /** Input sequence of the first event; -1 for none. */
    long firstInputSequence()
    {
        return firstInputSequence;
    }

    /** Input sequence of the last event; -1 for none. */
    long lastInputSequence()
    {
        return lastInputSequence;
    }

    /** The SHA-256 of the whole stream, in hex; call once the stream has ended. */
    String hex()
    {
        if (null == digest)
        {
            digest = sha256.digest();
        }
        final StringBuilder hex = new StringBuilder(64);
        for (final byte b : digest)
        {
            hex.append(Character.forDigit((b >>> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }

    /**
     * Compares two ended streams.
     *
     * @param expected the reference stream (the replay).
     * @return null when both have the same events, byte for byte; otherwise where they part.
     */
    String differenceFrom(final EventDigest expected)
    {
        if (events == expected.events && bytes == expected.bytes && hex().equals(expected.hex()))
        {
            return null;
        }
        final int common = Math.min(checkpoints.size(), expected.checkpoints.size());
        int block = 0;
        while (block < common && checkpoints.getLong(block) == expected.checkpoints.getLong(block))
        {
            block++;
        }
        final long from = (long)block * BLOCK;
        final String where = block < blockFirstSequence.size() && block < expected.blockFirstSequence.size() ?
            String.format(" (that block opens at input sequence %,d here, %,d in the reference)",
            blockFirstSequence.getLong(block), expected.blockFirstSequence.getLong(block)) : "";
        return String.format("%,d events (%,d bytes) against %,d (%,d bytes) in the reference; the first %,d events " +
            "agree, a difference lies in the %,d after them%s", events, bytes, expected.events, expected.bytes, from,
            BLOCK, where);
    }

    private byte[] running()
    {
        try
        {
            return ((MessageDigest)sha256.clone()).digest();
        }
        catch (final CloneNotSupportedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static long prefix(final byte[] digest)
    {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++)
        {
            value = (value << 8) | (digest[i] & 0xFF);
        }
        return value;
    }
}
