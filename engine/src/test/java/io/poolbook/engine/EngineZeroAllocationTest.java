package io.poolbook.engine;

import io.poolbook.codecs.CommandWriter;
import io.poolbook.codecs.OrderType;
import io.poolbook.codecs.SelfTradePrevention;
import io.poolbook.codecs.Side;
import io.poolbook.codecs.TimeInForce;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The hot path allocates nothing in steady state: after a warm-up, hundreds of thousands of orders, amends,
 * cancels, trades and routed takers (book and pool) allocate no more than a few bytes in all, measured with the
 * JVM's per-thread allocation counter. The command generator itself is allocation-free.
 */
final class EngineZeroAllocationTest
{
    private static final int MARKETS = 2;
    private static final long MID = 10_000;

    private final Engine engine = new Engine(new EngineConfig(), (buffer, offset, length) -> { });
    private final CommandWriter commands = new CommandWriter();
    private final SplittableRandom random = new SplittableRandom(11);
    private final long[] live = new long[4_096];
    private int liveCount;
    private long sequence;

    private void send(final int length)
    {
        engine.onCommand(++sequence, sequence * 1_000, 1, commands.buffer(), commands.offset(), length);
    }

    @Test
    void steadyStateTradingAllocatesNothing()
    {
        send(commands.addAsset(0, 1, "B", 6, 18, new byte[20]));
        send(commands.addAsset(0, 2, "Q", 6, 6, new byte[20]));
        for (int m = 1; m <= MARKETS; m++)
        {
            send(commands.addMarket(0, m, 1, 2, 1, 1, 1, 1_000_000, 10, 20));
        }
        send(commands.createPool(0, 2, 30, false));
        for (int a = 1; a <= 20; a++)
        {
            send(commands.registerAccount(0, a, new byte[32], new byte[20]));
            send(commands.deposit(0, a, 1, 1_000_000_000_000L, new byte[32]));
            send(commands.deposit(0, a, 2, 1_000_000_000_000_000L, new byte[32]));
        }
        send(commands.addLiquidity(1, 0, 2, 10_000_000, 10_000_000 * MID, 0));

        run(300_000);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        final long tradesBefore = engine.trading().lastTradeId();
        run(300_000);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertTrue(engine.trading().lastTradeId() - tradesBefore > 10_000, "the measured phase trades");
        System.out.println("engine steady state: allocated " + allocated + " bytes in 300,000 commands");
        assertTrue(allocated < 4_096, "allocated " + allocated + " bytes in 300,000 commands");
    }

    private void run(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final int market = 1 + random.nextInt(MARKETS);
            final int account = 1 + random.nextInt(20);
            final int roll = random.nextInt(100);
            if (liveCount < 500 || roll < 15)
            {
                final boolean buy = random.nextBoolean();
                final long offset = random.nextInt(100) - 3;
                final long lastOrderId = engine.trading().lastOrderId();
                send(commands.limit(account, 0, market, buy ? Side.BUY : Side.SELL, buy ? MID - offset : MID + offset,
                    1 + random.nextInt(20)));
                final long orderId = engine.trading().lastOrderId();
                if (orderId != lastOrderId && null != engine.trading().orders().get(orderId) && liveCount < live.length)
                {
                    live[liveCount++] = orderId;
                }
            }
            else if (roll < 18)
            {
                final boolean buy = random.nextBoolean();
                send(commands.newOrder(account, 0, market, buy ? Side.BUY : Side.SELL, OrderType.LIMIT,
                    TimeInForce.IOC, SelfTradePrevention.CANCEL_TAKER, buy ? MID + 500 : MID - 500,
                    1 + random.nextInt(200), 0));
            }
            else
            {
                final int pick = random.nextInt(liveCount);
                final long orderId = live[pick];
                final io.poolbook.engine.market.OrderRecord record = engine.trading().orders().get(orderId);
                if (null == record)
                {
                    live[pick] = live[--liveCount];
                    continue;
                }
                if (roll < 25)
                {
                    send(commands.cancelOrder(record.accountId(), record.marketId(), orderId));
                }
                else
                {
                    final long offset = random.nextInt(100) - 2;
                    send(commands.amendOrder(record.accountId(), record.marketId(), orderId,
                        record.isBuy() ? MID - offset : MID + offset, 0));
                }
            }
        }
    }
}
