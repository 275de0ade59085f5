package io.poolbook.gateway.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.poolbook.gateway.journal.CommandJournal;

/**
 * The journaler: appends each command of the input ring and group-commits at the end of every batch the ring hands
 * over, then advances {@link #durableSequence()}, the journal sequence up to which input is durable under the fsync
 * policy. Egress releases no event whose command is beyond it.
 * <p>
 * A journal that cannot be written (a full disk, a folder gone read-only) is not fatal to the node: the journaler
 * records the first failure ({@link #failure()}), tells the listener once, and journals nothing more, so the durable
 * sequence stays where the last successful commit left it. The gateway then refuses new input
 * ({@code STORAGE_UNAVAILABLE}) while what was durable is still delivered; commands in flight past the durable
 * sequence are never acknowledged and are gone after a restart, like a crash's.
 */
public final class JournalHandler implements EventHandler<InputSlot>
{
    /** Told once, on the journaler's thread, when the journal fails. */
    @FunctionalInterface
    public interface FailureListener
    {
        /**
         * @param sequence        of the command being journaled when the journal failed.
         * @param durableSequence the last sequence durable before it.
         * @param cause           the failure.
         */
        void onJournalFailure(long sequence, long durableSequence, RuntimeException cause);
    }

    private final CommandJournal journal;
    private final Sequence durableSequence;
    private final FailureListener failureListener;
    private volatile RuntimeException failure;

    /**
     * @param journal         to append to; used by this handler's thread only.
     * @param durableSequence advanced after each commit; starts at the last recovered sequence.
     * @param failureListener told once when the journal fails.
     */
    public JournalHandler(
        final CommandJournal journal, final Sequence durableSequence, final FailureListener failureListener)
    {
        this.journal = journal;
        this.durableSequence = durableSequence;
        this.failureListener = failureListener;
    }

    /** {@inheritDoc} */
    public void onEvent(final InputSlot slot, final long ringSequence, final boolean endOfBatch)
    {
        if (null != failure)
        {
            return;
        }
        try
        {
            journal.append(slot.sequence(), slot.timestamp(), slot.sessionId(), slot.buffer(), 0, slot.length());
            if (endOfBatch)
            {
                journal.commit();
                durableSequence.set(slot.sequence());
            }
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
            failureListener.onJournalFailure(slot.sequence(), durableSequence.get(), ex);
        }
    }

    /**
     * With no input to journal: commits again, so that under {@code interval_ms} the last batch is forced once the
     * interval has passed rather than at the next batch. Cheap when there is nothing to force.
     */
    public void onIdle()
    {
        if (null != failure)
        {
            return;
        }
        try
        {
            journal.onIdle();
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
            failureListener.onJournalFailure(durableSequence.get() + 1, durableSequence.get(), ex);
        }
    }

    /** Journal sequence of the last command committed. */
    public Sequence durableSequence()
    {
        return durableSequence;
    }

    /** True once the journal failed: nothing more becomes durable in this run. Any thread. */
    public boolean hasFailed()
    {
        return null != failure;
    }

    /** The journal's failure, or null. Any thread. */
    public RuntimeException failure()
    {
        return failure;
    }
}
