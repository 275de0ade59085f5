package io.poolbook.gateway.journal;

import io.poolbook.engine.CommandHandler;
import io.poolbook.replay.journal.JournalConfig;
import io.poolbook.replay.journal.JournalReader;
import io.poolbook.replay.journal.JournalWriter;
import io.poolbook.replay.journal.TailReport;
import org.agrona.DirectBuffer;

/**
 * The node's journal on the replay module's segment files: {@link JournalWriter} for append and group commit,
 * {@link JournalReader} for the start-up replay. Opening the writer first takes the folder's lock and cuts a torn
 * tail a crash may have left, so the replay that follows reads exactly what the writer continues.
 */
public final class FileCommandJournal implements CommandJournal
{
    private final JournalConfig config;
    private final JournalWriter writer;

    /**
     * Opens (or creates) the journal and recovers its tail.
     *
     * @param config of the journal.
     */
    public FileCommandJournal(final JournalConfig config)
    {
        this.config = config;
        this.writer = new JournalWriter(config);
    }

    /** {@inheritDoc} */
    public long replay(final CommandHandler handler)
    {
        return replay(1, handler);
    }

    /** {@inheritDoc} */
    public long replay(final long fromSequence, final CommandHandler handler)
    {
        final JournalReader reader = new JournalReader(config.directory());
        reader.read(fromSequence, Long.MAX_VALUE, handler);
        return Math.max(fromSequence - 1, Math.max(reader.lastSequence(), writer.lastSequence()));
    }

    /** {@inheritDoc} */
    public long lastSequence()
    {
        return writer.lastSequence();
    }

    /** {@inheritDoc} */
    public void append(
        final long sequence,
        final long timestamp,
        final long sessionId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        writer.append(sequence, timestamp, sessionId, buffer, offset, length);
    }

    /** {@inheritDoc} */
    public void commit()
    {
        writer.commit();
    }

    /** The torn tail cut when the journal was opened, or null. */
    public TailReport recovery()
    {
        return writer.recovery();
    }

    /** {@inheritDoc} */
    public String description()
    {
        final TailReport recovery = writer.recovery();
        return config.directory().toAbsolutePath() + " (fsync " + config.fsyncPolicy().name().toLowerCase() +
            (null == recovery ? "" : "; torn tail cut after sequence " + recovery.lastGoodSequence()) + ")";
    }

    /** {@inheritDoc} */
    public void close()
    {
        writer.close();
    }
}
