package io.poolbook.replay.journal;

import java.nio.file.Path;

/**
 * A torn tail found at the end of a journal: where the last good record ends, what follows it and whether it was cut.
 * {@link JournalWriter} cuts it on open (and keeps the report, see {@link JournalWriter#recovery()}); a
 * {@link JournalReader} stops before it and leaves the files alone (see {@link JournalReader#tail()}).
 */
public final class TailReport
{
    private final Path segment;
    private final long offset;
    private final long bytesAfter;
    private final long lastGoodSequence;
    private final TailDamage damage;
    private final boolean truncated;

    TailReport(
        final Path segment,
        final long offset,
        final long bytesAfter,
        final long lastGoodSequence,
        final TailDamage damage,
        final boolean truncated)
    {
        this.segment = segment;
        this.offset = offset;
        this.bytesAfter = bytesAfter;
        this.lastGoodSequence = lastGoodSequence;
        this.damage = damage;
        this.truncated = truncated;
    }

    /** The segment file holding the damage. */
    public Path segment()
    {
        return segment;
    }

    /** File offset where the damage starts: the end of the last good record, or 0 for a damaged segment header. */
    public long offset()
    {
        return offset;
    }

    /** Bytes from {@link #offset()} to the end of the file: what was (or would be) cut. */
    public long bytesAfter()
    {
        return bytesAfter;
    }

    /** Sequence of the last good record in the journal, 0 if none is left. */
    public long lastGoodSequence()
    {
        return lastGoodSequence;
    }

    /** The first record cut: {@code lastGoodSequence() + 1}. */
    public long firstCutSequence()
    {
        return lastGoodSequence + 1;
    }

    public TailDamage damage()
    {
        return damage;
    }

    /** Whether the bytes were removed from the file (by a writer), rather than only seen (by a reader). */
    public boolean truncated()
    {
        return truncated;
    }

    public String toString()
    {
        return "torn journal tail: " + damage + " at offset " + offset + " of " + segment + ", " + bytesAfter +
            " bytes after the last good record (sequence " + lastGoodSequence + ")" + (truncated ? ", cut" : ", kept");
    }
}
