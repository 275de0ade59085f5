package io.poolbook.gateway.metrics;

import io.poolbook.engine.CommandHandler;
import io.poolbook.gateway.journal.CommandJournal;
import io.prometheus.metrics.core.metrics.Histogram;
import org.agrona.DirectBuffer;

/**
 * A journal that times each group commit (the write plus the fsync its policy asks for) into a Prometheus
 * histogram, on the journaler thread (never the engine's). Recording is lock-free.
 */
public final class TimedJournal implements CommandJournal
{
    private final CommandJournal journal;
    private final Histogram commitSeconds = Histogram.builder()
        .name("poolbook_journal_commit_seconds")
        .help("Time of one journal group commit: write and fsync under the node's fsync policy")
        .classicUpperBounds(0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 1)
        .build();

    /**
     * @param journal the journal to time.
     */
    public TimedJournal(final CommandJournal journal)
    {
        this.journal = journal;
    }

    /** Commit times so far. */
    public Histogram commitSeconds()
    {
        return commitSeconds;
    }

    public long replay(final CommandHandler handler)
    {
        return journal.replay(handler);
    }

    public long replay(final long fromSequence, final CommandHandler handler)
    {
        return journal.replay(fromSequence, handler);
    }

    public long lastSequence()
    {
        return journal.lastSequence();
    }

    public void append(
        final long sequence,
        final long timestamp,
        final long sessionId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        journal.append(sequence, timestamp, sessionId, buffer, offset, length);
    }

    public void commit()
    {
        final long start = System.nanoTime();
        journal.commit();
        commitSeconds.observe((System.nanoTime() - start) / 1e9);
    }

    /** Not timed: the histogram is of group commits of input, not of the idle duty cycles' checks. */
    public void onIdle()
    {
        journal.onIdle();
    }

    public String description()
    {
        return journal.description();
    }

    public void close()
    {
        journal.close();
    }
}
