package io.poolbook.perf.load;

import io.poolbook.client.PoolbookClient;
import io.poolbook.codecs.OrderType;
import io.poolbook.codecs.SelfTradePrevention;
import io.poolbook.codecs.Side;
import io.poolbook.codecs.TimeInForce;
import org.agrona.collections.LongArrayList;

import java.util.SplittableRandom;

/**
 * The exchange-core generator's mix on one market, as in ARCHITECTURE.md and the engine benchmark's reference mix,
 * by count: 13% GTC limit, 2% IOC, 7% cancel, 71% amend price, 7% amend quantity, keeping about
 * {@value #RESTING_PER_SESSION} resting orders per session around the mid (more GTC while a session has fewer).
 */
final class ExchangeMix implements Workload
{
    static final int MARKET = 1;
    static final int RESTING_PER_SESSION = 100;
    private static final int SPREAD_TICKS = 200;

    public int markets()
    {
        return 1;
    }

    public int setUp(final PoolbookClient operator)
    {
        operator.addAsset(BASE, "BASE", 6, 18, new byte[20]);
        operator.addAsset(QUOTE, "QUOTE", 6, 6, new byte[20]);
        operator.addMarket(MARKET, BASE, QUOTE, 1, 1, 1, 1_000_000_000L, 0, 10);
        return 3;
    }

    public int prime(final Session session, final SplittableRandom random)
    {
        return 0;
    }

    public boolean send(final Session session, final SplittableRandom random)
    {
        final PoolbookClient client = session.client;
        final LongArrayList live = session.liveOrders();
        final int roll = random.nextInt(100);
        final boolean needMore = live.size() < RESTING_PER_SESSION;
        if (live.isEmpty() || roll < 13 || (needMore && roll < 20))
        {
            final boolean buy = random.nextBoolean();
            final long offset = random.nextInt(SPREAD_TICKS) - 5;
            return client.limit(session.nextClientId++, MARKET, buy ? Side.BUY : Side.SELL,
                buy ? MID - offset : MID + offset, 1 + random.nextInt(100));
        }
        if (roll < 15)
        {
            final boolean buy = random.nextBoolean();
            return client.newOrder(session.nextClientId++, MARKET, buy ? Side.BUY : Side.SELL, OrderType.LIMIT,
                TimeInForce.IOC, SelfTradePrevention.CANCEL_TAKER, buy ? MID + 50 : MID - 50, 1 + random.nextInt(50),
                0);
        }
        final int pick = random.nextInt(live.size());
        final long orderId = Session.orderId(live.getLong(pick));
        final boolean buy = Session.isBuy(live.getLong(pick));
        if (roll < 22 || (!needMore && live.size() > RESTING_PER_SESSION * 11 / 10 && roll < 40))
        {
            // Forgotten at once, so later commands do not name it while the cancel is in flight.
            return session.cancel(pick);
        }
        if (roll < 93)
        {
            final long offset = random.nextInt(SPREAD_TICKS) - 3;
            return client.amend(MARKET, orderId, buy ? MID - offset : MID + offset, 0);
        }
        return client.amend(MARKET, orderId, 0, 1 + random.nextInt(100));
    }
}
