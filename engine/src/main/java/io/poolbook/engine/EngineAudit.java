package io.poolbook.engine;

import io.poolbook.amm.ConstantProductPool;
import io.poolbook.engine.account.Account;
import io.poolbook.engine.account.Asset;
import io.poolbook.engine.market.Market;
import io.poolbook.engine.market.OpenOrders;
import io.poolbook.engine.market.OrderRecord;
import io.poolbook.orderbook.OrderBook;

/**
 * Checks an engine's invariants from the outside, for tests, soak runs and audits: conservation per asset
 * (balances, pool reserves and locked LP minimums add up to the asset's supply), no negative balance, locked
 * balances equal to what open orders still hold, every open order resting on its book and every resting order
 * known to the engine, and no crossed book. Allocates; not for the hot path.
 */
public final class EngineAudit
{
    private EngineAudit()
    {
    }

    /**
     * Checks every invariant.
     *
     * @param engine to check, not processing a command.
     * @return null when every invariant holds, otherwise the first violation found.
     */
    public static String check(final Engine engine)
    {
        final int assetCount = engine.assets().size();
        final int accountCount = engine.accounts().size();
        final OpenOrders orders = engine.trading().orders();

        final long[][] lockedByOrders = new long[accountCount][assetCount];
        int records = 0;
        for (int a = 0; a < accountCount; a++)
        {
            for (OrderRecord record = orders.first(a); null != record; record = orders.next(record))
            {
                records++;
                final Market market = engine.markets().get(record.marketId());
                if (!record.isResting() || !market.book().containsOrder(record.orderId()))
                {
                    return "order " + record.orderId() + " is open but not resting on market " + market.id();
                }
                final Asset asset = record.isBuy() ? market.quote() : market.base();
                lockedByOrders[a][asset.index()] += record.locked();
            }
        }
        if (records != orders.size())
        {
            return records + " open orders in account lists, " + orders.size() + " known by id";
        }

        int booked = 0;
        for (int m = 0; m < engine.markets().size(); m++)
        {
            final Market market = engine.markets().atIndex(m);
            final OrderBook book = market.book();
            booked += book.orderCount();
            final long bid = book.bestBid();
            final long ask = book.bestAsk();
            if (bid != OrderBook.NULL_PRICE && ask != OrderBook.NULL_PRICE && bid >= ask)
            {
                return "market " + market.id() + " is crossed: bid " + bid + ", ask " + ask;
            }
        }
        if (booked != records)
        {
            return booked + " orders rest on books, " + records + " are known to the engine";
        }

        for (int s = 0; s < assetCount; s++)
        {
            final Asset asset = engine.assets().atIndex(s);
            long total = 0;
            for (int a = 0; a < accountCount; a++)
            {
                final Account account = engine.accounts().atIndex(a);
                if (account.available(s) < 0 || account.locked(s) < 0)
                {
                    return "account " + account.id() + " has a negative balance of asset " + asset.id();
                }
                if (lockedByOrders[a][s] != account.locked(s))
                {
                    return "account " + account.id() + " has " + account.locked(s) + " of asset " + asset.id() +
                        " locked, its orders hold " + lockedByOrders[a][s];
                }
                total += account.available(s) + account.locked(s);
            }
            for (int m = 0; m < engine.markets().size(); m++)
            {
                final Market market = engine.markets().atIndex(m);
                final ConstantProductPool pool = market.pool();
                if (null == pool)
                {
                    continue;
                }
                total += market.base() == asset ? pool.baseReserve() : 0;
                total += market.quote() == asset ? pool.quoteReserve() : 0;
                if (market.poolShare() == asset && pool.hasLiquidity() &&
                    pool.totalShares() != asset.supply() + ConstantProductPool.MINIMUM_LIQUIDITY)
                {
                    return "pool " + market.id() + " has " + pool.totalShares() + " shares, holders " + asset.supply() +
                        " plus the locked minimum";
                }
            }
            if (total != asset.supply())
            {
                return "asset " + asset.id() + " is not conserved: " + total + " held, supply " + asset.supply();
            }
        }
        return null;
    }
}
