package io.poolbook.gateway.pipeline;

import org.agrona.DirectBuffer;

/**
 * Takes an event whose command is durable, stamped with that command's journal sequence and session: where the
 * compact layout sends the engine's events instead of through the output ring.
 */
@FunctionalInterface
public interface DurableEventListener
{
    /**
     * @param inputSequence journal sequence of the command that caused the event.
     * @param sessionId     session of that command.
     * @param buffer        holding the event; valid only during the call.
     * @param offset        of its SBE header.
     * @param length        of the event.
     */
    void onDurableEvent(long inputSequence, long sessionId, DirectBuffer buffer, int offset, int length);
}
