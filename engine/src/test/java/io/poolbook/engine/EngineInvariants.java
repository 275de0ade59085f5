package io.poolbook.engine;

import io.poolbook.amm.ConstantProductPool;
import io.poolbook.engine.account.Account;
import io.poolbook.engine.account.Asset;
import io.poolbook.engine.market.Market;
import io.poolbook.engine.market.OpenOrders;
import io.poolbook.engine.market.OrderRecord;
import io.poolbook.orderbook.OrderBook;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The engine's invariants, checked from the outside: conservation per asset, locks equal to what open orders
 * can spend, no negative balance, books never crossed, records in step with books, and each pool's
 * {@code k} per share squared never decreasing (shares minted as protocol fee aside: they dilute by design).
 */
final class EngineInvariants
{
    private final Map<Integer, BigInteger[]> lastPool = new HashMap<>();

    void check(final Engine engine, final String where)
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
                assertTrue(record.isResting(), where + ": only resting orders outlive a command");
                assertTrue(market.book().containsOrder(record.orderId()), where + ": record without book order");
                final Asset asset = record.isBuy() ? market.quote() : market.base();
                lockedByOrders[a][asset.index()] += record.locked();
            }
        }
        assertEquals(records, orders.size(), where);

        int booked = 0;
        for (int m = 0; m < engine.markets().size(); m++)
        {
            final Market market = engine.markets().atIndex(m);
            final OrderBook book = market.book();
            booked += book.orderCount();
            final long bid = book.bestBid();
            final long ask = book.bestAsk();
            assertTrue(bid == OrderBook.NULL_PRICE || ask == OrderBook.NULL_PRICE || bid < ask,
                where + ": crossed book in market " + market.id() + " " + bid + "/" + ask);
            checkPool(market, where);
        }
        assertEquals(records, booked, where + ": every resting order has a record");

        for (int s = 0; s < assetCount; s++)
        {
            final Asset asset = engine.assets().atIndex(s);
            long total = 0;
            for (int a = 0; a < accountCount; a++)
            {
                final Account account = engine.accounts().atIndex(a);
                assertTrue(account.available(s) >= 0, where + ": negative available " + account.id() + "/" + asset.id());
                assertTrue(account.locked(s) >= 0, where + ": negative locked");
                assertEquals(lockedByOrders[a][s], account.locked(s),
                    where + ": locked of account " + account.id() + " in asset " + asset.id());
                total += account.available(s) + account.locked(s);
            }
            for (int m = 0; m < engine.markets().size(); m++)
            {
                final Market market = engine.markets().atIndex(m);
                final ConstantProductPool pool = market.pool();
                if (null != pool)
                {
                    total += market.base() == asset ? pool.baseReserve() : 0;
                    total += market.quote() == asset ? pool.quoteReserve() : 0;
                    if (market.poolShare() == asset && pool.hasLiquidity())
                    {
                        assertEquals(pool.totalShares(), asset.supply() + ConstantProductPool.MINIMUM_LIQUIDITY,
                            where + ": shares");
                    }
                }
            }
            assertEquals(asset.supply(), total, where + ": conservation of asset " + asset.id());
        }
    }

    private void checkPool(final Market market, final String where)
    {
        final ConstantProductPool pool = market.pool();
        if (null == pool || !pool.hasLiquidity())
        {
            return;
        }
        final BigInteger k = BigInteger.valueOf(pool.baseReserve()).multiply(BigInteger.valueOf(pool.quoteReserve()));
        final BigInteger shares = BigInteger.valueOf(pool.totalShares());
        final BigInteger protocol = BigInteger.valueOf(pool.protocolSharesAccrued());
        final BigInteger[] last = lastPool.get(market.id());
        if (null != last)
        {
            // k / S^2 never decreases: k_new * S_old^2 >= k_old * S_new^2, where S_old counts the shares minted to
            // the protocol since (they dilute by design, as Uniswap V2's kLast fee does).
            final BigInteger oldShares = last[1].add(protocol.subtract(last[2]));
            assertTrue(k.multiply(oldShares.pow(2)).compareTo(last[0].multiply(shares.pow(2))) >= 0,
                where + ": pool value per share fell in market " + market.id() + ": k " + last[0] + " -> " + k +
                ", shares " + last[1] + " -> " + shares + ", reserves " + pool.baseReserve() + "/" +
                pool.quoteReserve() + ", protocol " + pool.protocolSharesAccrued());
        }
        lastPool.put(market.id(), new BigInteger[]{ k, shares, protocol });
    }
}
