package io.poolbook.engine;

import org.agrona.DirectBuffer;

/**
 * Takes one sequenced command: the bytes of an SBE command message exactly as journaled, with the sequence,
 * timestamp and session the sequencer stamped on it. The engine implements it; so can anything that sits in
 * front of the engine (a journal writer, a test recorder), so that drivers such as the script runner, replay and
 * the node's pipeline feed any of them the same way.
 */
@FunctionalInterface
public interface CommandHandler
{
    /**
     * One command.
     *
     * @param sequence  journal sequence, strictly increasing.
     * @param timestamp sequencer time in nanoseconds since the epoch; the engine's only clock.
     * @param sessionId gateway session the command came from (0 for operator tools).
     * @param buffer    holding the command.
     * @param offset    of its message header.
     * @param length    of the message in bytes.
     */
    void onCommand(long sequence, long timestamp, long sessionId, DirectBuffer buffer, int offset, int length);
}
