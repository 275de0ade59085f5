package io.poolbook.gateway.metrics;

import io.poolbook.engine.CommandHandler;
import io.poolbook.gateway.journal.CommandJournal;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The commit histogram counts group commits of input, not the idle checks of the compact layout's duty cycle. */
final class TimedJournalTest
{
    private final List<String> calls = new ArrayList<>();

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
        }

        public void commit()
        {
            calls.add("commit");
        }

        public void onIdle()
        {
            calls.add("idle");
        }

        public String description()
        {
            return "test";
        }

        public void close()
        {
        }
    };

    @Test
    void timesCommitsAndPassesIdleChecksOnUntimed()
    {
        final TimedJournal timed = new TimedJournal(journal);
        timed.commit();
        timed.onIdle();
        timed.onIdle();
        timed.commit();

        assertEquals(List.of("commit", "idle", "idle", "commit"), calls);
        assertEquals(2, timed.commitSeconds().collect().getDataPoints().get(0).getCount());
    }
}
