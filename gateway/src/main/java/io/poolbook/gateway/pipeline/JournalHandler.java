package io.poolbook.gateway.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.poolbook.gateway.journal.CommandJournal;

/**
 * The journaler: appends each command of the input ring and group-commits at the end of every batch the ring hands
 * over, then advances {@link #durableSequence()}, the journal sequence up to which input is durable under the fsync
 * policy. Egress releases no event whose command is beyond it.
 */
public final class JournalHandler implements EventHandler<InputSlot>
{
    private final CommandJournal journal;
    private final Sequence durableSequence;

    /**
     * @param journal         to append to; used by this handler's thread only.
     * @param durableSequence advanced after each commit; starts at the last recovered sequence.
     */
    public JournalHandler(final CommandJournal journal, final Sequence durableSequence)
    {
        this.journal = journal;
        this.durableSequence = durableSequence;
    }

    /** {@inheritDoc} */
    public void onEvent(final InputSlot slot, final long ringSequence, final boolean endOfBatch)
    {
        journal.append(slot.sequence(), slot.timestamp(), slot.sessionId(), slot.buffer(), 0, slot.length());
        if (endOfBatch)
        {
            journal.commit();
            durableSequence.set(slot.sequence());
        }
    }

    /** Journal sequence of the last command committed. */
    public Sequence durableSequence()
    {
        return durableSequence;
    }
}
