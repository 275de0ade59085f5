package io.poolbook.replay.script;

import io.poolbook.engine.CommandHandler;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.LongArrayList;

/**
 * A parsed scenario: its commands encoded back to back in one buffer, each with the sequence, timestamp and
 * session the sequencer would have stamped on it and the line it came from. Feed it to any
 * {@link CommandHandler} with {@link #forEach(CommandHandler)}.
 */
public final class Scenario
{
    private static final int INITIAL_CAPACITY = 4096;

    private final String source;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(INITIAL_CAPACITY);
    private final IntArrayList offsets = new IntArrayList();
    private final IntArrayList lengths = new IntArrayList();
    private final IntArrayList lines = new IntArrayList();
    private final LongArrayList sequences = new LongArrayList();
    private final LongArrayList timestamps = new LongArrayList();
    private final LongArrayList sessionIds = new LongArrayList();
    private int limit;

    Scenario(final String source)
    {
        this.source = source;
    }

    /**
     * @return the file name, or whatever the scenario was read from, as errors name it.
     */
    public String source()
    {
        return source;
    }

    /**
     * @return number of commands.
     */
    public int size()
    {
        return offsets.size();
    }

    /**
     * @param index of a command, from 0.
     * @return its journal sequence, from 1.
     */
    public long sequence(final int index)
    {
        return sequences.getLong(index);
    }

    /**
     * @param index of a command, from 0.
     * @return its sequencer timestamp in nanoseconds.
     */
    public long timestamp(final int index)
    {
        return timestamps.getLong(index);
    }

    /**
     * @param index of a command, from 0.
     * @return the session it arrives on.
     */
    public long sessionId(final int index)
    {
        return sessionIds.getLong(index);
    }

    /**
     * @param index of a command, from 0.
     * @return the line of the source it was written on, from 1.
     */
    public int line(final int index)
    {
        return lines.getInt(index);
    }

    /**
     * @return the buffer that holds every command.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @param index of a command, from 0.
     * @return offset of its message header in {@link #buffer()}.
     */
    public int offset(final int index)
    {
        return offsets.getInt(index);
    }

    /**
     * @param index of a command, from 0.
     * @return its length in bytes, header included.
     */
    public int length(final int index)
    {
        return lengths.getInt(index);
    }

    /**
     * Feeds every command, in order, to a handler.
     *
     * @param handler such as the engine.
     */
    public void forEach(final CommandHandler handler)
    {
        for (int i = 0, size = size(); i < size; i++)
        {
            handler.onCommand(sequence(i), timestamp(i), sessionId(i), buffer, offset(i), length(i));
        }
    }

    MutableDirectBuffer encodingBuffer()
    {
        return buffer;
    }

    int limit()
    {
        return limit;
    }

    void add(final long sequence, final long timestamp, final long sessionId, final int line, final int length)
    {
        offsets.addInt(limit);
        lengths.addInt(length);
        lines.addInt(line);
        sequences.addLong(sequence);
        timestamps.addLong(timestamp);
        sessionIds.addLong(sessionId);
        limit += length;
    }
}
