package io.poolbook.perf.load;


import io.poolbook.client.PoolbookClient;

import java.util.SplittableRandom;

/**
 * What the load sessions send: the markets it needs (set up by the operator), what each session does once before
 * the clock starts, and the next command of a session. Public so other harnesses (the node soak) can drive the same
 * mixes and wrap them.
 */
public interface Workload
{
    int BASE = 1;
    int QUOTE = 2;
    long MID = 100_000;

    /** Markets in use, numbered from 1. */
    int markets();

    /**
     * Operator commands that create the assets and markets (and pools); each answered by one CommandAccepted.
     *
     * @return commands sent.
     */
    int setUp(PoolbookClient operator);

    /**
     * Commands one session sends before the run (liquidity, resting orders); answered like any other.
     *
     * @return commands sent.
     */
    int prime(Session session, SplittableRandom random);

    /**
     * Sends the next command of a session.
     *
     * @return false when the client could not send it now (back pressure); the caller polls and retries.
     */
    boolean send(Session session, SplittableRandom random);

    static Workload parse(final String name, final int markets)
    {
        switch (name)
        {
            case "exchange":
                return new ExchangeMix();
            case "dex":
                return new DexMix(markets);
            default:
                throw new IllegalArgumentException("unknown workload " + name + " (exchange, dex)");
        }
    }
}
