package io.poolbook.gateway.pipeline;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * One slot of the input ring: a command exactly as it will be journaled and fed to the engine, with the sequence,
 * timestamp and session the ingress stamped on it. Slots are allocated once with the ring and reused; the ingress
 * copies each command into a slot's own bytes.
 */
public final class InputSlot
{
    /** Room for the largest command of the schema, with margin; checked against the schema at start-up. */
    public static final int CAPACITY = 256;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CAPACITY]);
    private long sequence;
    private long timestamp;
    private long sessionId;
    private int length;

    /**
     * Fills the slot.
     *
     * @param sequence  journal sequence.
     * @param timestamp sequencer time, nanoseconds since the epoch.
     * @param sessionId the command came from.
     * @param src       holding the command.
     * @param offset    of its message header.
     * @param length    of the command, at most {@link #CAPACITY}.
     */
    public void set(
        final long sequence,
        final long timestamp,
        final long sessionId,
        final org.agrona.DirectBuffer src,
        final int offset,
        final int length)
    {
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.sessionId = sessionId;
        this.length = length;
        buffer.putBytes(0, src, offset, length);
    }

    public long sequence()
    {
        return sequence;
    }

    public long timestamp()
    {
        return timestamp;
    }

    public long sessionId()
    {
        return sessionId;
    }

    public int length()
    {
        return length;
    }

    /** The command from offset 0. */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }
}
