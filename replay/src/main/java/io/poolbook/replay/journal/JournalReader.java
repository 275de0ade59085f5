package io.poolbook.replay.journal;

import io.poolbook.codecs.frame.FrameValidator;
import io.poolbook.codecs.frame.FrameVerdict;
import io.poolbook.engine.CommandHandler;
import org.agrona.DirectBuffer;

import java.nio.file.Path;
import java.util.Arrays;

import static io.poolbook.replay.journal.JournalFormat.*;

/**
 * Replays a journal (format: {@link JournalFormat}) into a {@link CommandHandler}, such as the engine, from any
 * sequence, across segments, checking as it goes: every record's CRC32C, padding and sequence (+1 each), every
 * chain record's SHA-256 (unless built without chain verification), and that each segment continues its
 * predecessor's sequence and chain. Segments are mapped read-only and commands are handed over in place, without
 * copying: the buffer passed to the handler is valid only during the call.
 * <p>
 * Commands are handed over a chain block at a time, after the block's chain record has been checked, so the
 * handler never acts on a command whose block fails; commands after the last chain record are vouched for by their
 * CRC32C alone. A torn tail at the end of the last segment (what a crash leaves and the writer would cut) ends the
 * read and is described by {@link #tail()}; the files are not changed. Corruption anywhere else throws
 * {@link JournalCorruptionException} naming the sequence.
 * <p>
 * Reading from the middle of a segment still walks and checks the segment from its start, because its chain runs
 * from there. Reading may go on while a writer appends: records committed before a segment is mapped are seen.
 * Not thread-safe; use one reader per thread.
 */
public final class JournalReader
{
    private static final CommandHandler SKIP = (sequence, timestamp, sessionId, buffer, offset, length) -> {};

    private final Path directory;
    private final boolean verifyChain;
    private final SegmentScanner scanner = new SegmentScanner();
    private final byte[] lastHash = new byte[HASH_LENGTH];
    private TailReport tail;
    private long lastSequence;
    private int segmentsRead;

    /**
     * A reader that verifies the hash chain.
     *
     * @param directory of the journal.
     */
    public JournalReader(final Path directory)
    {
        this(directory, true);
    }

    /**
     * @param directory   of the journal.
     * @param verifyChain whether to recompute each block's SHA-256 and compare it with its chain record; without it
     *                    the chain records' placement and CRC32C are still checked, and reading is about three
     *                    times faster (measured: 27 M against 8.9 M records/s of 64-byte commands).
     */
    public JournalReader(final Path directory, final boolean verifyChain)
    {
        this.directory = directory;
        this.verifyChain = verifyChain;
    }

    /**
     * Every command of the journal.
     *
     * @param handler given each command.
     * @return commands handed over.
     */
    public long read(final CommandHandler handler)
    {
        return read(1, Long.MAX_VALUE, handler);
    }

    /**
     * Commands from a sequence to the end.
     *
     * @param fromSequence first sequence to hand over; earlier ones are walked and checked, not handed over.
     * @param handler      given each command.
     * @return commands handed over.
     */
    public long read(final long fromSequence, final CommandHandler handler)
    {
        return read(fromSequence, Long.MAX_VALUE, handler);
    }

    /**
     * Commands from one sequence to another, inclusive.
     *
     * @param fromSequence first sequence to hand over.
     * @param toSequence   last sequence to hand over; reading stops after it.
     * @param handler      given each command.
     * @return commands handed over.
     * @throws JournalCorruptionException on corruption before the end of the range.
     */
    public long read(final long fromSequence, final long toSequence, final CommandHandler handler)
    {
        tail = null;
        lastSequence = 0;
        segmentsRead = 0;
        Arrays.fill(lastHash, (byte)0);
        scanner.reset(verifyChain);

        final long[] segments = listSegments(directory);
        if (0 == segments.length || toSequence < fromSequence)
        {
            return 0;
        }
        int index = 0;
        for (int i = segments.length - 1; i > 0; i--)
        {
            if (segments[i] <= fromSequence)
            {
                index = i;
                break;
            }
        }

        for (int i = index; i < segments.length; i++)
        {
            final Path path = segmentPath(directory, segments[i]);
            final boolean last = i == segments.length - 1;
            scanner.map(path, last);
            try
            {
                segmentsRead++;
                if (SegmentScanner.TAIL_DAMAGED == scanner.checkSegmentHeader(segments[i], i > index))
                {
                    tail = new TailReport(path, 0, scanner.length(),
                        i > index ? scanner.lastSequence() : segments[i] - 1, TailDamage.SEGMENT_HEADER, false);
                    break;
                }
                if (i == index && i > 0)
                {
                    SegmentScanner.checkLink(
                        segmentPath(directory, segments[i - 1]), segments[i], path, scanner.segmentPreviousHash());
                }
                final int status = scanner.scan(handler, fromSequence, toSequence);
                if (scanner.delivered() > 0)
                {
                    scanner.settleDeliveredHash();
                }
                if (SegmentScanner.TAIL_DAMAGED == status)
                {
                    tail = new TailReport(path, scanner.goodEnd(), scanner.length() - scanner.goodEnd(),
                        scanner.lastSequence(), scanner.tailDamage(), false);
                    break;
                }
                if (SegmentScanner.STOPPED == status)
                {
                    break;
                }
            }
            finally
            {
                scanner.unmap();
            }
        }

        if (scanner.delivered() > 0)
        {
            scanner.deliveredHash(lastHash, 0);
            lastSequence = scanner.deliveredSequence();
        }
        return scanner.delivered();
    }

    /**
     * The journal hash through the last command handed over: inside the handler, through the command being
     * handled; after a read, through its last command; zeros if none. A settlement replay asks for it at a batch's
     * last sequence. Computing it inside the handler hashes the block up to there, at most one block per call.
     *
     * @param dst    receives 32 bytes.
     * @param offset in {@code dst}.
     */
    public void journalHash(final byte[] dst, final int offset)
    {
        if (scanner.delivered() > 0)
        {
            scanner.deliveredHash(dst, offset);
        }
        else
        {
            System.arraycopy(lastHash, 0, dst, offset, HASH_LENGTH);
        }
    }

    /**
     * The journal hash at a sequence: what a settlement batch ending there records. Fast: it walks the record
     * headers of the sequence's segment to its block and hashes that block only, checking that block's records and
     * trusting the chain records before it (a full {@link #read} or {@link #verify()} checks those). If the fast
     * walk meets damage, it falls back to a checked read, which names the corruption.
     *
     * @param sequence of a committed record.
     * @param dst      receives 32 bytes.
     * @param offset   in {@code dst}.
     * @throws IllegalArgumentException if the journal does not hold the sequence.
     */
    public void hashAt(final long sequence, final byte[] dst, final int offset)
    {
        final long[] segments = listSegments(directory);
        int index = -1;
        for (int i = segments.length - 1; i >= 0; i--)
        {
            if (segments[i] <= sequence)
            {
                index = i;
                break;
            }
        }
        if (index >= 0)
        {
            final Path path = segmentPath(directory, segments[index]);
            scanner.reset(false);
            scanner.map(path, index == segments.length - 1);
            try
            {
                if (SegmentScanner.END == scanner.checkSegmentHeader(segments[index], false) &&
                    scanner.hashAt(sequence, dst, offset))
                {
                    return;
                }
            }
            finally
            {
                scanner.unmap();
            }
        }
        if (0 == read(sequence, sequence, SKIP))
        {
            throw new IllegalArgumentException("journal " + directory + " does not hold sequence " + sequence);
        }
        journalHash(dst, offset);
    }

    /**
     * {@link #hashAt(long, byte[], int)} into a new array; fits {@code JournalHashLookup} as {@code reader::hashAt}.
     *
     * @param sequence of a committed record.
     * @return the 32-byte journal hash at it.
     */
    public byte[] hashAt(final long sequence)
    {
        final byte[] hash = new byte[HASH_LENGTH];
        hashAt(sequence, hash, 0);
        return hash;
    }

    /**
     * Checks the whole journal, chain included (whatever this reader was built with), and summarises it. Also
     * counts commands whose framing {@link FrameValidator} refuses: not journal damage (the engine consumed and
     * rejected them, and replay must too) but worth an operator's look.
     *
     * @return the summary.
     * @throws JournalCorruptionException on corruption.
     */
    public JournalSummary verify()
    {
        final JournalReader checked = verifyChain ? this : new JournalReader(directory, true);
        final FrameCounter counter = new FrameCounter();
        final long records = checked.read(counter);
        final byte[] hash = new byte[HASH_LENGTH];
        checked.journalHash(hash, 0);
        return new JournalSummary(
            checked.segmentsRead,
            records,
            checked.scanner.chainRecords(),
            counter.firstSequence,
            checked.lastSequence,
            hash,
            counter.invalidFrames,
            counter.firstInvalidFrameSequence,
            checked.tail);
    }

    /** Sequence of the last command handed over by the last read, 0 if none. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** The torn tail the last read stopped at, or null if it met none. */
    public TailReport tail()
    {
        return tail;
    }

    public Path directory()
    {
        return directory;
    }

    private static final class FrameCounter implements CommandHandler
    {
        long firstSequence;
        long invalidFrames;
        long firstInvalidFrameSequence;

        public void onCommand(
            final long sequence,
            final long timestamp,
            final long sessionId,
            final DirectBuffer buffer,
            final int offset,
            final int length)
        {
            if (0 == firstSequence)
            {
                firstSequence = sequence;
            }
            if (FrameVerdict.VALID != FrameValidator.validate(buffer, offset, length) && 0 == invalidFrames++)
            {
                firstInvalidFrameSequence = sequence;
            }
        }
    }
}
