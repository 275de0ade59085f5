package io.poolbook.gateway.telemetry;

import io.aeron.Aeron;
import io.poolbook.codecs.RejectReason;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The node's counters, kept as Aeron counters in the driver's CnC file so that {@code AeronStat} shows them live
 * next to the driver's own. Each has one writer thread; readers anywhere see its latest value. Unit tests of the
 * gateway's agents make them over a plain {@link CountersManager} instead, with no driver.
 */
public final class NodeCounters implements AutoCloseable
{
    /** Type id of every Poolbook node counter (the schema id). */
    public static final int TYPE_ID = 4217;

    private final List<AtomicCounter> all = new ArrayList<>();
    private final AtomicCounter[] rejects = new AtomicCounter[32];

    /** Fragments (messages) received from clients. */
    public final AtomicCounter messagesReceived;
    /** Commands put on the input ring. */
    public final AtomicCounter commandsSequenced;
    /** Events released by egress after their command was durable. */
    public final AtomicCounter eventsReleased;
    /** Messages sent to sessions. */
    public final AtomicCounter responsesSent;
    /** Messages sent on the market-data feed. */
    public final AtomicCounter marketDataSent;
    /** Market-data messages dropped because a feed publication was back-pressured. */
    public final AtomicCounter marketDataDropped;
    /** Sessions logged on now. */
    public final AtomicCounter sessionsLoggedOn;
    /** Logons accepted. */
    public final AtomicCounter logons;
    /** Sessions closed by the client, a timeout or the node. */
    public final AtomicCounter sessionsClosed;
    /** Sessions dropped because their responses could not be delivered in time. */
    public final AtomicCounter slowConsumers;
    /**
     * Writes to the data folder that failed: the journal (after which the node refuses new input), a snapshot,
     * a settlement batch file or a logon nonce.
     */
    public final AtomicCounter storageFailures;

    /**
     * Adds the counters to the driver.
     *
     * @param aeron client of the node's driver.
     */
    public NodeCounters(final Aeron aeron)
    {
        this((label) -> aeron.addCounter(TYPE_ID, label));
    }

    /**
     * Allocates the counters in a counters manager of the caller's, with no driver.
     *
     * @param countersManager to allocate from; closing these counters frees them there.
     */
    public NodeCounters(final CountersManager countersManager)
    {
        this((label) -> countersManager.newCounter(label, TYPE_ID));
    }

    private NodeCounters(final Function<String, AtomicCounter> factory)
    {
        messagesReceived = add(factory, "poolbook: messages received");
        commandsSequenced = add(factory, "poolbook: commands sequenced");
        eventsReleased = add(factory, "poolbook: events released");
        responsesSent = add(factory, "poolbook: responses sent");
        marketDataSent = add(factory, "poolbook: market data sent");
        marketDataDropped = add(factory, "poolbook: market data dropped");
        sessionsLoggedOn = add(factory, "poolbook: sessions logged on");
        logons = add(factory, "poolbook: logons");
        sessionsClosed = add(factory, "poolbook: sessions closed");
        slowConsumers = add(factory, "poolbook: slow consumers");
        storageFailures = add(factory, "poolbook: storage failures");
        for (final RejectReason reason : RejectReason.values())
        {
            if (reason != RejectReason.NULL_VAL && reason.value() > 0 && reason.value() < 30)
            {
                rejects[reason.value()] = add(factory, "poolbook: rejected " + reason.name());
            }
        }
    }

    private AtomicCounter add(final Function<String, AtomicCounter> factory, final String label)
    {
        final AtomicCounter counter = factory.apply(label);
        all.add(counter);
        return counter;
    }

    /**
     * Counts one message refused by the gateway.
     *
     * @param reason a framing or session reason (1-29).
     */
    public void onReject(final RejectReason reason)
    {
        final int value = reason.value();
        if (value > 0 && value < rejects.length && null != rejects[value])
        {
            rejects[value].incrementRelease();
        }
    }

    /** Messages refused by the gateway for a reason so far. */
    public long rejects(final RejectReason reason)
    {
        final int value = reason.value();
        return value > 0 && value < rejects.length && null != rejects[value] ? rejects[value].get() : 0;
    }

    /** Releases the counters. */
    public void close()
    {
        CloseHelper.closeAll(all);
    }
}
