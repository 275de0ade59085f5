package io.poolbook.replay.journal;

/**
 * What {@link JournalReader#verify()} found in a journal that checked out: counts, the sequence range, the journal
 * hash at its end (to compare with one published elsewhere, such as the last settlement batch), commands the frame
 * validator refuses, and the torn tail a writer would cut, if any.
 */
public final class JournalSummary
{
    private final int segments;
    private final long records;
    private final long chainRecords;
    private final long firstSequence;
    private final long lastSequence;
    private final byte[] journalHash;
    private final long invalidFrames;
    private final long firstInvalidFrameSequence;
    private final TailReport tail;

    JournalSummary(
        final int segments,
        final long records,
        final long chainRecords,
        final long firstSequence,
        final long lastSequence,
        final byte[] journalHash,
        final long invalidFrames,
        final long firstInvalidFrameSequence,
        final TailReport tail)
    {
        this.segments = segments;
        this.records = records;
        this.chainRecords = chainRecords;
        this.firstSequence = firstSequence;
        this.lastSequence = lastSequence;
        this.journalHash = journalHash;
        this.invalidFrames = invalidFrames;
        this.firstInvalidFrameSequence = firstInvalidFrameSequence;
        this.tail = tail;
    }

    public int segments()
    {
        return segments;
    }

    /** Command records. */
    public long records()
    {
        return records;
    }

    public long chainRecords()
    {
        return chainRecords;
    }

    /** 0 for an empty journal. */
    public long firstSequence()
    {
        return firstSequence;
    }

    /** 0 for an empty journal. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** The journal hash at {@link #lastSequence()}; zeros for an empty journal. */
    public byte[] journalHash()
    {
        return journalHash.clone();
    }

    /** Commands whose framing {@code FrameValidator} refuses (journaled as consumed; the engine rejected them). */
    public long invalidFrames()
    {
        return invalidFrames;
    }

    /** 0 if none. */
    public long firstInvalidFrameSequence()
    {
        return firstInvalidFrameSequence;
    }

    /** The torn tail at the end, or null. */
    public TailReport tail()
    {
        return tail;
    }

    public String toString()
    {
        return "journal: " + segments + " segments, " + records + " records (" + firstSequence + ".." + lastSequence +
            "), " + chainRecords + " chain records, hash " + JournalFormat.toHex(journalHash) +
            (invalidFrames > 0 ? ", " + invalidFrames + " invalid frames from sequence " + firstInvalidFrameSequence : "") +
            (null != tail ? ", " + tail : "");
    }
}
