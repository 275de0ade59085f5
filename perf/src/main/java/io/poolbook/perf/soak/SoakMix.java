package io.poolbook.perf.soak;

import io.poolbook.client.PoolbookClient;
import io.poolbook.perf.load.LoadNode;
import io.poolbook.perf.load.Session;
import io.poolbook.perf.load.Workload;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The node soak's load: a load workload's own mix, where now and then a session mass-cancels its orders in one of
 * the markets instead, and the operator cuts a settlement batch every so often, both interleaved with the flowing
 * load rather than at quiet points, so that they meet in-flight amends, cancels and fills.
 */
final class SoakMix implements Workload
{
    private final Workload mix;
    private final LoadNode node;
    private final int massCancelPerMille;
    private final long cutIntervalNs;
    private long nextCutNs;
    private long massCancels;
    private long cuts;

    /**
     * @param mix                what the sessions send otherwise.
     * @param node               whose operator cuts the batches.
     * @param massCancelPerMille commands out of 1,000 that are a mass cancel.
     * @param cutIntervalSeconds seconds between settlement batch cuts; 0 for none.
     */
    SoakMix(final Workload mix, final LoadNode node, final int massCancelPerMille, final double cutIntervalSeconds)
    {
        this.mix = mix;
        this.node = node;
        this.massCancelPerMille = massCancelPerMille;
        this.cutIntervalNs = (long)(cutIntervalSeconds * TimeUnit.SECONDS.toNanos(1));
    }

    public int markets()
    {
        return mix.markets();
    }

    public int setUp(final PoolbookClient operator)
    {
        return mix.setUp(operator);
    }

    public int prime(final Session session, final SplittableRandom random)
    {
        return mix.prime(session, random);
    }

    public boolean send(final Session session, final SplittableRandom random)
    {
        if (cutIntervalNs > 0)
        {
            final long nowNs = System.nanoTime();
            if (0 == nextCutNs)
            {
                nextCutNs = nowNs + cutIntervalNs;
            }
            else if (nowNs >= nextCutNs && node.cutSettlementBatch())
            {
                cuts++;
                nextCutNs = nowNs + cutIntervalNs;
            }
        }
        if (random.nextInt(1_000) < massCancelPerMille)
        {
            if (session.client().massCancel(1 + random.nextInt(mix.markets())))
            {
                massCancels++;
                return true;
            }
            return false;
        }
        return mix.send(session, random);
    }

    /** Mass cancels sent. */
    long massCancels()
    {
        return massCancels;
    }

    /** Settlement batch cuts sent. */
    long cuts()
    {
        return cuts;
    }
}
