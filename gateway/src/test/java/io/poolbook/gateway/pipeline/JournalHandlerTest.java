package io.poolbook.gateway.pipeline;

import com.lmax.disruptor.Sequence;
import io.poolbook.engine.CommandHandler;
import io.poolbook.gateway.journal.CommandJournal;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journaler without a ring: group commit per batch, commit when idle, and a failure that stops it for good. */
final class JournalHandlerTest
{
    private final List<String> calls = new ArrayList<>();
    private final List<Long> failures = new ArrayList<>();
    private final Sequence durable = new Sequence(0);
    private boolean failCommit;

    private final CommandJournal journal = new CommandJournal()
    {
        public long replay(final CommandHandler handler)
        {
            return 0;
        }

        public long replay(final long fromSequence, final CommandHandler handler)
        {
            return 0;
        }

        public long lastSequence()
        {
            return 0;
        }

        public void append(
            final long sequence, final long timestamp, final long sessionId, final DirectBuffer buffer,
            final int offset, final int length)
        {
            calls.add("append " + sequence);
        }

        public void commit()
        {
            calls.add("commit");
            if (failCommit)
            {
                throw new IllegalStateException("disk full");
            }
        }

        public String description()
        {
            return "test";
        }

        public void close()
        {
        }
    };

    private final JournalHandler handler = new JournalHandler(journal, durable,
        (sequence, durableSequence, cause) -> failures.add(sequence));

    private InputSlot slot(final long sequence)
    {
        final InputSlot slot = new InputSlot();
        slot.set(sequence, 1_000 * sequence, 7, new UnsafeBuffer(new byte[16]), 0, 16);
        return slot;
    }

    @Test
    void commitsAtTheEndOfEachBatchAndAgainWhenIdle()
    {
        handler.onEvent(slot(1), 0, false);
        handler.onEvent(slot(2), 1, true);
        assertEquals(List.of("append 1", "append 2", "commit"), calls);
        assertEquals(2, durable.get());

        handler.onIdle();
        assertEquals(List.of("append 1", "append 2", "commit", "commit"), calls);
        assertEquals(2, durable.get(), "idle commits move nothing: the batch was durable already");
    }

    @Test
    void aFailedIdleCommitStopsTheJournalerAndIsReportedOnce()
    {
        handler.onEvent(slot(1), 0, true);
        failCommit = true;
        handler.onIdle();
        handler.onIdle();
        handler.onEvent(slot(2), 1, true);

        assertTrue(handler.hasFailed());
        assertEquals(List.of(2L), failures);
        assertEquals(List.of("append 1", "commit", "commit"), calls, "nothing more after the failure");
        assertEquals(1, durable.get());
    }
}
