package io.poolbook.gateway.journal;

import io.poolbook.engine.CommandHandler;
import org.agrona.DirectBuffer;

/**
 * What the node needs of a journal: replay what is there at start-up, append each sequenced command, and group
 * commit at the end of each batch of the input ring. The node's journaler is the only thread that appends and
 * commits; replay runs before it starts.
 */
public interface CommandJournal extends AutoCloseable
{
    /**
     * Feeds every command the journal holds, in sequence order, to a handler (the engine at start-up).
     *
     * @param handler to feed.
     * @return the last sequence replayed, or 0 for an empty journal.
     */
    long replay(CommandHandler handler);

    /**
     * Replays the journal from a sequence on, e.g. after a snapshot.
     *
     * @param fromSequence first sequence to hand over.
     * @param handler      given each command.
     * @return the last sequence in the journal (at least {@code fromSequence - 1}).
     */
    long replay(long fromSequence, CommandHandler handler);

    /** The last sequence in the journal, once opened (and a torn tail cut). */
    long lastSequence();

    /**
     * Appends one command; it is durable only after the next {@link #commit()}.
     *
     * @param sequence  one more than the last appended or replayed.
     * @param timestamp stamped by the sequencer.
     * @param sessionId the command came from.
     * @param buffer    holding the command.
     * @param offset    of its message header.
     * @param length    of the command.
     */
    void append(long sequence, long timestamp, long sessionId, DirectBuffer buffer, int offset, int length);

    /** Makes everything appended so far durable under the fsync policy. */
    void commit();

    /**
     * With nothing new to commit: lets an {@code interval_ms} policy force what the last commit left unforced once the
     * interval has passed. Called on every idle duty cycle of the compact layout, so it must be cheap when there is
     * nothing to force.
     */
    default void onIdle()
    {
        commit();
    }

    /** One line for the logs: where the journal is and how it forces writes. */
    String description();

    /** Commits and releases the files. */
    void close();
}
