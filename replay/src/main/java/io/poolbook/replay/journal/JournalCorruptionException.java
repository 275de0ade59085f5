package io.poolbook.replay.journal;

import java.nio.file.Path;

/**
 * The journal is damaged where a crash cannot have damaged it: a bad record with good records after it, a sequence
 * gap or reordering, a broken hash chain, a segment that does not follow its predecessor. Nothing is cut; the node
 * must not start on it. Names the first sequence that cannot be trusted and where it is.
 */
public final class JournalCorruptionException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final long sequence;
    private final Path segment;
    private final long offset;

    JournalCorruptionException(final String reason, final long sequence, final Path segment, final long offset)
    {
        super("journal corrupt at sequence " + sequence + " (" + segment + " offset " + offset + "): " + reason);
        this.sequence = sequence;
        this.segment = segment;
        this.offset = offset;
    }

    /** The first sequence that cannot be trusted; for a broken chain, the sequence the chain record closes. */
    public long sequence()
    {
        return sequence;
    }

    /** The segment file. */
    public Path segment()
    {
        return segment;
    }

    /** Offset in the segment file of the damaged record or header. */
    public long offset()
    {
        return offset;
    }
}
