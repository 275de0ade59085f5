package io.poolbook.gateway.testkit;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;

import java.util.concurrent.TimeUnit;

/**
 * Clocks the test moves: the relative clock for timeouts and rates, and (as {@link #epoch()}) the epoch clock that
 * stamps commands, so that an agent's timing decisions can be checked without sleeping.
 */
public final class ManualClock implements NanoClock
{
    /** What {@link #nanoTime()} answers for the relative clock; move it with {@link #advanceMs}. */
    public long nowNs;
    /** What the epoch clock answers; a test may step it back to check that stamps do not follow. */
    public long epochNs;

    /**
     * @param epochNs the epoch clock's first reading.
     */
    public ManualClock(final long epochNs)
    {
        this.epochNs = epochNs;
        this.nowNs = 1_000_000_000L;
    }

    /** Moves both clocks on. */
    public void advanceMs(final long millis)
    {
        nowNs += TimeUnit.MILLISECONDS.toNanos(millis);
        epochNs += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** {@inheritDoc} */
    public long nanoTime()
    {
        return nowNs;
    }

    /** The epoch clock, reading {@link #epochNs}. */
    public EpochNanoClock epoch()
    {
        return epoch;
    }

    private final EpochNanoClock epoch = () -> epochNs;
}
