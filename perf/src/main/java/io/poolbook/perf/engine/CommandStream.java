package io.poolbook.perf.engine;

import io.poolbook.engine.CommandHandler;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.util.Arrays;

/**
 * A pre-encoded sequence of commands, back to back in one direct buffer, plus the engine snapshot they start
 * from. Built once by a workload generator, then fed to an engine as fast as it will take them.
 */
public final class CommandStream
{
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(1 << 20);
    private int[] offsets = new int[1 << 16];
    private int[] lengths = new int[1 << 16];
    private int count;
    private int limit;
    private byte[] initialSnapshot;
    private long firstSequence = 1;

    /** Appends a command copied from a writer's buffer. */
    public void add(final DirectBuffer source, final int offset, final int length)
    {
        if (count == offsets.length)
        {
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        buffer.putBytes(limit, source, offset, length);
        offsets[count] = limit;
        lengths[count] = length;
        limit += (length + 7) & ~7;
        count++;
    }

    public int size()
    {
        return count;
    }

    public long bytes()
    {
        return limit;
    }

    /** The engine state the first command applies to, and the sequence it gets. */
    public void start(final byte[] snapshot, final long firstSequence)
    {
        this.initialSnapshot = snapshot;
        this.firstSequence = firstSequence;
    }

    public byte[] initialSnapshot()
    {
        return initialSnapshot;
    }

    public long firstSequence()
    {
        return firstSequence;
    }

    /**
     * Feeds command {@code index} with its sequence and a timestamp derived from it.
     *
     * @param handler to feed.
     * @param index   of the command, from 0.
     */
    public void feed(final CommandHandler handler, final int index)
    {
        final long sequence = firstSequence + index;
        handler.onCommand(sequence, sequence * 1_000L, 1, buffer, offsets[index], lengths[index]);
    }
}
