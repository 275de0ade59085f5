package io.poolbook.gateway.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.poolbook.engine.CommandHandler;
import io.poolbook.engine.EventListener;
import org.agrona.DirectBuffer;

/**
 * The engine's thread: feeds each command of the input ring to the engine and copies every event it emits into the
 * output ring, stamped with the command's sequence and session (or, in the compact layout, hands it straight to
 * egress: {@link #releaseDirectlyTo}). Before the pipeline starts, the same handler is the
 * engine's listener during start-up replay, when it passes nothing on: replayed events were delivered before.
 */
public final class EngineHandler implements EventHandler<InputSlot>, EventListener
{
    private final RingBuffer<OutputSlot> output;
    private CommandHandler engine;
    private EngineSnapshotter snapshotter;
    private DurableEventListener direct;
    private boolean live;
    private long inputSequence;
    private long sessionId;

    /**
     * @param output ring the events go to; this handler is its only producer.
     */
    public EngineHandler(final RingBuffer<OutputSlot> output)
    {
        this.output = output;
    }

    /**
     * Sets the engine, which is made with this handler as its listener.
     *
     * @param engine to feed.
     */
    public void engine(final CommandHandler engine)
    {
        this.engine = engine;
    }

    /**
     * Takes engine snapshots as commands are applied; null for none.
     *
     * @param snapshotter told the sequence of each command applied.
     */
    public void snapshotter(final EngineSnapshotter snapshotter)
    {
        this.snapshotter = snapshotter;
    }

    /**
     * Gives every event to a listener on this handler's thread instead of the output ring: the compact layout, where
     * the engine applies only durable commands, so their events may leave at once. Call before {@link #goLive()}.
     *
     * @param listener told each event with its command's sequence and session.
     */
    public void releaseDirectlyTo(final DurableEventListener listener)
    {
        this.direct = listener;
    }

    /** From now on, events go to the output ring; until now (replay) they were dropped. */
    public void goLive()
    {
        live = true;
    }

    /** {@inheritDoc} */
    public void onEvent(final InputSlot slot, final long ringSequence, final boolean endOfBatch)
    {
        inputSequence = slot.sequence();
        sessionId = slot.sessionId();
        engine.onCommand(slot.sequence(), slot.timestamp(), slot.sessionId(), slot.buffer(), 0, slot.length());
        if (null != snapshotter)
        {
            snapshotter.onCommand(slot.sequence());
        }
    }

    /** {@inheritDoc} */
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!live)
        {
            return;
        }
        if (null != direct)
        {
            direct.onDurableEvent(inputSequence, sessionId, buffer, offset, length);
            return;
        }
        final long sequence = output.next();
        try
        {
            output.get(sequence).set(inputSequence, sessionId, buffer, offset, length);
        }
        finally
        {
            output.publish(sequence);
        }
    }
}
