package io.poolbook.gateway.pipeline;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How the node's threads wait for work: one setting gives both the Agrona idle strategy of the polling agents
 * (ingress, egress) and the Disruptor wait strategy of the ring consumers (journaler, engine), so that a node on
 * dedicated cores spins everywhere and a node on shared cores backs off everywhere.
 */
public enum IdleMode
{
    /** Never yields the core: lowest latency, one full core per thread. Only for dedicated, isolated cores. */
    BUSY_SPIN,
    /** Spins with {@link Thread#yield()}: low latency, but still burns every core it gets. */
    YIELD,
    /** Spins briefly, then yields, then parks for growing intervals: the default for shared cores. */
    BACKOFF,
    /** Sleeps about a millisecond when idle: for tests and demos on busy machines; latency in milliseconds. */
    SLEEP;

    /**
     * @param name as given on a command line: busy-spin, yield, backoff or sleep, in any case, '-' or '_'.
     * @return the mode.
     */
    public static IdleMode parse(final String name)
    {
        return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** A new idle strategy for one agent; strategies hold state and must not be shared between threads. */
    public IdleStrategy newIdleStrategy()
    {
        switch (this)
        {
            case BUSY_SPIN:
                return new BusySpinIdleStrategy();
            case YIELD:
                return new YieldingIdleStrategy();
            case SLEEP:
                return new SleepingMillisIdleStrategy(1);
            default:
                return new BackoffIdleStrategy(
                    100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
        }
    }

    /** A new Disruptor wait strategy for the consumers of one ring. */
    public WaitStrategy newWaitStrategy()
    {
        switch (this)
        {
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            case YIELD:
                return new YieldingWaitStrategy();
            case SLEEP:
                return new SleepingWaitStrategy(0, TimeUnit.MILLISECONDS.toNanos(1));
            default:
                return new SleepingWaitStrategy(200, TimeUnit.MICROSECONDS.toNanos(20));
        }
    }

    /** The name a command line takes. */
    public String optionName()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
