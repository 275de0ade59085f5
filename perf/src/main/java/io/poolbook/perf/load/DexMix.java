package io.poolbook.perf.load;

import io.poolbook.client.PoolbookClient;
import io.poolbook.codecs.Side;
import org.agrona.collections.LongArrayList;

import java.util.SplittableRandom;

/**
 * A DEX mix over several markets, each with a constant-product pool beside its book, by count: 35% swaps (both
 * ways), 30% two-sided quotes (replacing the session's quote in the market), 10% GTC limits, 10% cancels,
 * 8% add liquidity, 7% remove liquidity. Every session adds liquidity to every market before the run.
 */
final class DexMix implements Workload
{
    private static final int SPREAD_TICKS = 100;
    private final int markets;

    DexMix(final int markets)
    {
        this.markets = markets;
    }

    public int markets()
    {
        return markets;
    }

    public int setUp(final PoolbookClient operator)
    {
        operator.addAsset(BASE, "BASE", 6, 18, new byte[20]);
        operator.addAsset(QUOTE, "QUOTE", 6, 6, new byte[20]);
        for (int m = 1; m <= markets; m++)
        {
            operator.addMarket(m, BASE, QUOTE, 1, 1, 1, 1_000_000_000L, 0, 10);
            operator.createPool(m, 30, false);
        }
        return 2 + 2 * markets;
    }

    public int prime(final Session session, final SplittableRandom random)
    {
        for (int m = 1; m <= markets; m++)
        {
            while (!session.client.addLiquidity(session.nextClientId++, m, 10_000_000L, 10_000_000L * MID, 0))
            {
                session.client.poll();
            }
        }
        return markets;
    }

    public boolean send(final Session session, final SplittableRandom random)
    {
        final PoolbookClient client = session.client;
        final int market = 1 + random.nextInt(markets);
        final int roll = random.nextInt(100);
        if (roll < 35)
        {
            final boolean buy = random.nextBoolean();
            final long amountIn = buy ? (1 + random.nextInt(100)) * MID : 1 + random.nextInt(100);
            return client.swap(session.nextClientId++, market, buy ? Side.BUY : Side.SELL, amountIn, 0);
        }
        if (roll < 65)
        {
            final long half = 1 + random.nextInt(SPREAD_TICKS);
            return client.quote(session.nextClientId++, market, MID - half, 1 + random.nextInt(100), MID + half,
                1 + random.nextInt(100));
        }
        final LongArrayList live = session.liveOrders();
        if (roll < 75 || (roll < 85 && live.isEmpty()))
        {
            final boolean buy = random.nextBoolean();
            final long offset = 1 + random.nextInt(SPREAD_TICKS);
            return client.limit(session.nextClientId++, market, buy ? Side.BUY : Side.SELL,
                buy ? MID - offset : MID + offset, 1 + random.nextInt(100));
        }
        if (roll < 85)
        {
            return session.cancel(random.nextInt(live.size()));
        }
        if (roll < 93 || session.shares <= 1_000)
        {
            return client.addLiquidity(session.nextClientId++, market, 1_000, 1_000 * MID, 0);
        }
        return client.removeLiquidity(session.nextClientId++, market, 1 + random.nextInt(1_000), 0, 0);
    }
}
