package io.poolbook.engine;

import org.agrona.DirectBuffer;

/**
 * Receives each event the engine emits, as one complete SBE message (header included). The buffer is the
 * engine's and is reused for the next event: copy what must outlive the call.
 */
@FunctionalInterface
public interface EventListener
{
    /**
     * One event.
     *
     * @param buffer holding the encoded event.
     * @param offset of its message header.
     * @param length of the message in bytes.
     */
    void onEvent(DirectBuffer buffer, int offset, int length);
}
