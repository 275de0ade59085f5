package io.poolbook.gateway.pipeline;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * One slot of the output ring: an event the engine emitted, with the journal sequence and session of the command
 * that caused it, so that egress can hold it back until that command is durable and route it.
 */
public final class OutputSlot
{
    /** Room for the largest event of the schema, with margin. */
    public static final int CAPACITY = 256;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CAPACITY]);
    private long inputSequence;
    private long sessionId;
    private int length;

    /**
     * Fills the slot with one event; the engine handler does, and tests of the egress agent.
     *
     * @param inputSequence journal sequence of the command that caused the event.
     * @param sessionId     session of that command.
     * @param src           holding the event.
     * @param offset        of the event's SBE header.
     * @param length        of the event.
     */
    public void set(
        final long inputSequence, final long sessionId, final DirectBuffer src, final int offset, final int length)
    {
        if (length > CAPACITY)
        {
            throw new IllegalStateException("event of " + length + " bytes exceeds the output slot of " + CAPACITY);
        }
        this.inputSequence = inputSequence;
        this.sessionId = sessionId;
        this.length = length;
        buffer.putBytes(0, src, offset, length);
    }

    /** Journal sequence of the command that caused the event. */
    public long inputSequence()
    {
        return inputSequence;
    }

    /** Session of that command. */
    public long sessionId()
    {
        return sessionId;
    }

    public int length()
    {
        return length;
    }

    /** The event from offset 0, SBE header included. */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /** Template id from the event's header. */
    public int templateId()
    {
        return buffer.getShort(2, LITTLE_ENDIAN) & 0xFFFF;
    }
}
