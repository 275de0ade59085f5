package io.poolbook.gateway.telemetry;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.poolbook.codecs.RejectReason;
import org.agrona.CloseHelper;

import java.util.ArrayList;
import java.util.List;

/**
 * The node's counters, kept as Aeron counters in the driver's CnC file so that {@code AeronStat} shows them live
 * next to the driver's own. Each has one writer thread; readers anywhere see its latest value.
 */
public final class NodeCounters implements AutoCloseable
{
    /** Type id of every Poolbook node counter (the schema id). */
    public static final int TYPE_ID = 4217;

    private final List<Counter> all = new ArrayList<>();
    private final Counter[] rejects = new Counter[32];

    /** Fragments (messages) received from clients. */
    public final Counter messagesReceived;
    /** Commands put on the input ring. */
    public final Counter commandsSequenced;
    /** Events released by egress after their command was durable. */
    public final Counter eventsReleased;
    /** Messages sent to sessions. */
    public final Counter responsesSent;
    /** Messages sent on the market-data feed. */
    public final Counter marketDataSent;
    /** Market-data messages dropped because a feed publication was back-pressured. */
    public final Counter marketDataDropped;
    /** Sessions logged on now. */
    public final Counter sessionsLoggedOn;
    /** Logons accepted. */
    public final Counter logons;
    /** Sessions closed by the client, a timeout or the node. */
    public final Counter sessionsClosed;
    /** Sessions dropped because their responses could not be delivered in time. */
    public final Counter slowConsumers;
    /**
     * Writes to the data folder that failed: the journal (after which the node refuses new input), a snapshot,
     * a settlement batch file or a logon nonce.
     */
    public final Counter storageFailures;

    /**
     * Adds the counters to the driver.
     *
     * @param aeron client of the node's driver.
     */
    public NodeCounters(final Aeron aeron)
    {
        messagesReceived = add(aeron, "poolbook: messages received");
        commandsSequenced = add(aeron, "poolbook: commands sequenced");
        eventsReleased = add(aeron, "poolbook: events released");
        responsesSent = add(aeron, "poolbook: responses sent");
        marketDataSent = add(aeron, "poolbook: market data sent");
        marketDataDropped = add(aeron, "poolbook: market data dropped");
        sessionsLoggedOn = add(aeron, "poolbook: sessions logged on");
        logons = add(aeron, "poolbook: logons");
        sessionsClosed = add(aeron, "poolbook: sessions closed");
        slowConsumers = add(aeron, "poolbook: slow consumers");
        storageFailures = add(aeron, "poolbook: storage failures");
        for (final RejectReason reason : RejectReason.values())
        {
            if (reason != RejectReason.NULL_VAL && reason.value() > 0 && reason.value() < 30)
            {
                rejects[reason.value()] = add(aeron, "poolbook: rejected " + reason.name());
            }
        }
    }

    private Counter add(final Aeron aeron, final String label)
    {
        final Counter counter = aeron.addCounter(TYPE_ID, label);
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
