package io.poolbook.gateway.pipeline;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.poolbook.gateway.egress.EgressAgent;
import io.poolbook.gateway.session.IngressAgent;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;

import java.util.function.Consumer;

/**
 * The compact layout's one duty cycle: the embedded media driver and the Aeron client's conductor (both invoked,
 * not threads of their own), then ingress, then the journal and the engine over what ingress sequenced, then egress
 * and market data. The same {@link IngressAgent}, {@link JournalHandler}, {@link EngineHandler} and
 * {@link EgressAgent} as the pipelined layout, called in order instead of handed over through rings between
 * threads, so the journal and the events are the same byte for byte.
 * <p>
 * Durability is unchanged: each batch is appended and committed under the fsync policy before the engine applies
 * it, and the engine applies nothing past the durable sequence (after a journal failure, nothing more), so every
 * event it emits may leave at once: the engine's events go straight to {@link EgressAgent#onDurableEvent} on this
 * thread instead of through the output ring (one copy and one ring of cold slots less per event). For that, egress
 * takes ingress's control messages ({@link EgressAgent#pollControl}) before the engine runs, so a session logged on
 * in this cycle is known to egress before its first report; the pipelined layout keeps that order because egress
 * reads control before the output ring.
 * <p>
 * One agent with explicit steps rather than a {@code CompositeAgent}: closing needs an order a composite does not
 * give (inject cancel-on-disconnect, drain input through journal and engine, drain egress, then log sessions out),
 * with the driver still invoked throughout.
 */
public final class CompactAgent implements Agent
{
    private final AgentInvoker driver;
    private final AgentInvoker client;
    private final IngressAgent ingress;
    private final RingBuffer<InputSlot> input;
    private final Sequence consumed;
    private final JournalHandler journaler;
    private final EngineHandler engine;
    private final EgressAgent egress;
    private final Consumer<Throwable> onFatal;
    private volatile boolean sessionsEnding;
    private volatile boolean sessionsEnded;
    private volatile boolean halted;

    /**
     * @param driver    the embedded media driver's invoker, or null for a driver of its own process.
     * @param client    the Aeron client's conductor invoker.
     * @param ingress   sequences into {@code input}.
     * @param input     the input ring, with {@link #consumed()} as its only gating sequence.
     * @param journaler appends and commits each batch.
     * @param engine    applies each command; its events go to {@code egress} on this thread.
     * @param egress    sends what the engine emitted, once durable.
     * @param onFatal   told of an error in the journal or engine step, after which the step stops for good.
     */
    public CompactAgent(
        final AgentInvoker driver,
        final AgentInvoker client,
        final IngressAgent ingress,
        final RingBuffer<InputSlot> input,
        final JournalHandler journaler,
        final EngineHandler engine,
        final EgressAgent egress,
        final Consumer<Throwable> onFatal)
    {
        this.driver = driver;
        this.client = client;
        this.ingress = ingress;
        this.input = input;
        this.consumed = new Sequence(input.getCursor());
        this.journaler = journaler;
        this.engine = engine;
        this.egress = egress;
        this.onFatal = onFatal;
        input.addGatingSequences(consumed);
        engine.releaseDirectlyTo(egress::onDurableEvent);
    }

    /** The input ring's consumer position: every command up to it was journaled and applied. */
    public Sequence consumed()
    {
        return consumed;
    }

    public String roleName()
    {
        return "poolbook-node";
    }

    /** {@inheritDoc} */
    public void onStart()
    {
        ingress.onStart();
        egress.onStart();
    }

    /** {@inheritDoc} */
    public int doWork()
    {
        int work = invokeAeron();
        if (!sessionsEnded)
        {
            if (sessionsEnding)
            {
                // As the pipelined layout's ingress thread ends: onClose once, then ingress runs no more (its
                // timeouts would end the same sessions again).
                ingress.onClose();
                sessionsEnded = true;
            }
            else
            {
                work += ingress.doWork();
            }
        }
        work += egress.pollControl();
        work += applyInput();
        work += egress.doWork();
        return work;
    }

    /**
     * Ends every session as the node stops, as the pipelined layout's ingress does when it closes: cancel-on-disconnect
     * is injected and then journaled and applied like any input. Any thread.
     */
    public void endSessions()
    {
        sessionsEnding = true;
    }

    /** True once sessions were ended and their input journaled and applied (or the step halted). Any thread. */
    public boolean isInputDrained()
    {
        return sessionsEnded && (halted || consumed.get() >= input.getCursor());
    }

    /** {@inheritDoc} */
    public void onClose()
    {
        egress.onClose();
        invokeAeron();
    }

    private int invokeAeron()
    {
        int work = null == driver ? 0 : driver.invoke();
        work += client.invoke();
        return work;
    }

    private int applyInput()
    {
        final long from = consumed.get() + 1;
        final long to = input.getCursor();
        if (halted)
        {
            return 0; // input backs up in the ring and ingress stops taking it, as in the pipelined layout
        }
        if (to < from)
        {
            journaler.onIdle();
            return 0;
        }
        try
        {
            for (long ringSequence = from; ringSequence <= to; ringSequence++)
            {
                journaler.onEvent(input.get(ringSequence), ringSequence, ringSequence == to);
            }
            final long durable = journaler.durableSequence().get();
            for (long ringSequence = from; ringSequence <= to; ringSequence++)
            {
                final InputSlot slot = input.get(ringSequence);
                if (slot.sequence() > durable)
                {
                    break;
                }
                engine.onEvent(slot, ringSequence, ringSequence == to);
            }
        }
        catch (final Throwable ex)
        {
            halted = true;
            onFatal.accept(ex);
            return 0;
        }
        consumed.set(to);
        return (int)(to - from + 1);
    }
}
