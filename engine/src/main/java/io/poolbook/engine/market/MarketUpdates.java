package io.poolbook.engine.market;

import io.poolbook.amm.ConstantProductPool;
import io.poolbook.engine.event.EventWriter;

import java.util.Arrays;

/**
 * The price levels and pools a command changed, each reported once with its final state when the command ends,
 * in the order they first changed: one {@code L2Update} per level however many fills touched it, one
 * {@code PoolState} per pool however many swaps. Grows to the largest command seen, then allocates no more.
 */
final class MarketUpdates
{
    private int levelCount;
    private int[] levelMarkets = new int[16];
    private boolean[] levelBuy = new boolean[16];
    private long[] levelPrices = new long[16];
    private long[] levelQuantities = new long[16];
    private int[] levelOrders = new int[16];

    private Market[] changedPools = new Market[4];
    private int changedPoolCount;

    void onLevelChanged(final int marketId, final boolean buy, final long price, final long quantity,
        final int orderCount)
    {
        for (int i = 0; i < levelCount; i++)
        {
            if (levelPrices[i] == price && levelMarkets[i] == marketId && levelBuy[i] == buy)
            {
                levelQuantities[i] = quantity;
                levelOrders[i] = orderCount;
                return;
            }
        }
        if (levelCount == levelPrices.length)
        {
            final int length = levelCount * 2;
            levelMarkets = Arrays.copyOf(levelMarkets, length);
            levelBuy = Arrays.copyOf(levelBuy, length);
            levelPrices = Arrays.copyOf(levelPrices, length);
            levelQuantities = Arrays.copyOf(levelQuantities, length);
            levelOrders = Arrays.copyOf(levelOrders, length);
        }
        levelMarkets[levelCount] = marketId;
        levelBuy[levelCount] = buy;
        levelPrices[levelCount] = price;
        levelQuantities[levelCount] = quantity;
        levelOrders[levelCount] = orderCount;
        levelCount++;
    }

    void onPoolChanged(final Market market)
    {
        for (int i = 0; i < changedPoolCount; i++)
        {
            if (changedPools[i] == market)
            {
                return;
            }
        }
        if (changedPoolCount == changedPools.length)
        {
            changedPools = Arrays.copyOf(changedPools, changedPoolCount * 2);
        }
        changedPools[changedPoolCount++] = market;
    }

    /** Forgets the level changes so far unreported: a restored book's levels are state, not news. */
    void discardLevels()
    {
        levelCount = 0;
    }

    /** Reports every change of the command, levels first, and forgets them. */
    void report(final EventWriter events)
    {
        for (int i = 0; i < levelCount; i++)
        {
            events.l2Update(levelMarkets[i], WireMapping.wireSide(levelBuy[i]), levelPrices[i], levelQuantities[i],
                levelOrders[i]);
        }
        levelCount = 0;
        for (int i = 0; i < changedPoolCount; i++)
        {
            final Market market = changedPools[i];
            final ConstantProductPool pool = market.pool();
            events.poolState(market.id(), pool.baseReserve(), pool.quoteReserve(), pool.totalShares(),
                pool.feeBasisPoints());
            changedPools[i] = null;
        }
        changedPoolCount = 0;
    }
}
