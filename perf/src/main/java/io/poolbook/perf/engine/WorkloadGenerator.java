package io.poolbook.perf.engine;

import io.poolbook.codecs.CommandWriter;
import io.poolbook.codecs.OrderType;
import io.poolbook.codecs.SelfTradePrevention;
import io.poolbook.codecs.Side;
import io.poolbook.codecs.TimeInForce;
import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineConfig;
import io.poolbook.engine.market.OpenOrders;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;

import java.util.SplittableRandom;

/**
 * Generates the command streams the engine is measured on, by running every command through a shadow engine as
 * it is generated so that cancels and amends name orders that are live at that point. Deterministic for a seed.
 * <ul>
 *   <li>{@link #referenceMix}: one market, about 1,000 resting orders around the mid, exchange-core's mix by
 *   count: 13% GTC, 2% IOC, 7% cancel, 71% amend price, 7% amend quantity.</li>
 *   <li>{@link #dexMix}: the same mix over many markets and accounts, a share of the markets with a
 *   constant-product pool, so that share of the takers is routed between book and pool.</li>
 * </ul>
 */
public final class WorkloadGenerator
{
    public static final int OPERATOR = 0;
    private static final int BASE_ASSET = 1;
    private static final int QUOTE_ASSET = 2;
    private static final long MID = 100_000;
    private static final long SPREAD_TICKS = 200;

    private final Engine shadow = new Engine(new EngineConfig().operatorAccountId(OPERATOR).feeAccountId(OPERATOR),
        (buffer, offset, length) -> { });
    private final CommandWriter writer = new CommandWriter();
    private final SplittableRandom random;
    private final LongArrayList[] liveByMarket;
    private long sequence;

    private WorkloadGenerator(final long seed, final int markets)
    {
        random = new SplittableRandom(seed);
        liveByMarket = new LongArrayList[markets + 1];
        for (int i = 0; i <= markets; i++)
        {
            liveByMarket[i] = new LongArrayList();
        }
    }

    /**
     * The reference mix on one market.
     *
     * @param commands in the measured stream.
     * @param seed     for the random choices.
     * @return the stream and the state it starts from.
     */
    public static CommandStream referenceMix(final int commands, final long seed)
    {
        return generate(1, 0, 100, 1_000, commands, seed);
    }

    /**
     * The DEX mix: many markets and accounts, {@code poolMarkets} of the markets with a pool.
     *
     * @param markets     markets in all.
     * @param poolMarkets of which have a pool (the first ones).
     * @param accounts    trading accounts.
     * @param commands    in the measured stream.
     * @param seed        for the random choices.
     * @return the stream and the state it starts from.
     */
    public static CommandStream dexMix(
        final int markets, final int poolMarkets, final int accounts, final int commands, final long seed)
    {
        return generate(markets, poolMarkets, accounts, 100, commands, seed);
    }

    private static CommandStream generate(
        final int markets,
        final int poolMarkets,
        final int accounts,
        final int restingPerMarket,
        final int commands,
        final long seed)
    {
        final WorkloadGenerator generator = new WorkloadGenerator(seed, markets);
        generator.setUp(markets, poolMarkets, accounts, restingPerMarket);

        final CommandStream stream = new CommandStream();
        final DirectBuffer snapshot = generator.shadow.snapshot();
        final byte[] copy = new byte[generator.shadow.snapshotLength()];
        snapshot.getBytes(0, copy);
        stream.start(copy, generator.sequence + 1);

        for (int i = 0; i < commands; i++)
        {
            final int market = 1 + generator.random.nextInt(markets);
            final int account = 1 + generator.random.nextInt(accounts);
            final int length = generator.next(market, account, restingPerMarket);
            stream.add(generator.writer.buffer(), generator.writer.offset(), length);
            generator.send(length, market);
        }
        return stream;
    }

    private void setUp(final int markets, final int poolMarkets, final int accounts, final int restingPerMarket)
    {
        send(writer.addAsset(OPERATOR, BASE_ASSET, "BASE", 6, 18, new byte[20]), 0);
        send(writer.addAsset(OPERATOR, QUOTE_ASSET, "QUOTE", 6, 6, new byte[20]), 0);
        for (int m = 1; m <= markets; m++)
        {
            send(writer.addMarket(OPERATOR, m, BASE_ASSET, QUOTE_ASSET, 1, 1, 1, 1_000_000, 10, 20), 0);
        }
        for (int a = 1; a <= accounts; a++)
        {
            send(writer.registerAccount(OPERATOR, a, new byte[32], new byte[20]), 0);
            send(writer.deposit(OPERATOR, a, BASE_ASSET, 1_000_000_000_000L, new byte[32]), 0);
            send(writer.deposit(OPERATOR, a, QUOTE_ASSET, 1_000_000_000_000_000L, new byte[32]), 0);
        }
        for (int m = 1; m <= poolMarkets; m++)
        {
            send(writer.createPool(OPERATOR, m, 30, false), 0);
            send(writer.addLiquidity(1 + (m % accounts), 0, m, 100_000_000L, 100_000_000L * MID, 0), 0);
        }
        for (int m = 1; m <= markets; m++)
        {
            for (int i = 0; i < restingPerMarket; i++)
            {
                final int account = 1 + random.nextInt(accounts);
                final boolean buy = random.nextBoolean();
                final long price = buy ? MID - 1 - random.nextInt((int)SPREAD_TICKS) :
                    MID + 1 + random.nextInt((int)SPREAD_TICKS);
                send(writer.limit(account, 0, m, buy ? Side.BUY : Side.SELL, price, 1 + random.nextInt(100)), m);
            }
        }
    }

    private int next(final int market, final int account, final int restingTarget)
    {
        final LongArrayList live = liveByMarket[market];
        final int roll = random.nextInt(100);
        final boolean needMore = live.size() < restingTarget;
        if (live.isEmpty() || roll < 13 || (needMore && roll < 20))
        {
            final boolean buy = random.nextBoolean();
            // Mostly passive, some crossing by a few ticks.
            final long offset = random.nextInt((int)SPREAD_TICKS) - 5;
            final long price = buy ? MID - offset : MID + offset;
            return writer.limit(account, 0, market, buy ? Side.BUY : Side.SELL, price, 1 + random.nextInt(100));
        }
        if (roll < 15)
        {
            final boolean buy = random.nextBoolean();
            final long price = buy ? MID + 50 : MID - 50;
            return writer.newOrder(account, 0, market, buy ? Side.BUY : Side.SELL, OrderType.LIMIT, TimeInForce.IOC,
                SelfTradePrevention.CANCEL_TAKER, price, 1 + random.nextInt(50), 0);
        }

        final int pick = random.nextInt(live.size());
        final long orderId = live.getLong(pick);
        final int owner = shadow.trading().orders().get(orderId).accountId();
        if (roll < 22 || (!needMore && live.size() > restingTarget * 11 / 10 && roll < 40))
        {
            return writer.cancelOrder(owner, market, orderId);
        }
        if (roll < 93)
        {
            final boolean buy = shadow.trading().orders().get(orderId).isBuy();
            final long offset = random.nextInt((int)SPREAD_TICKS) - 3;
            return writer.amendOrder(owner, market, orderId, buy ? MID - offset : MID + offset, 0);
        }
        return writer.amendOrder(owner, market, orderId, 0, 1);
    }

    /** Runs a command on the shadow engine and keeps the market's list of live orders current. */
    private void send(final int length, final int market)
    {
        final long lastOrderId = shadow.trading().lastOrderId();
        shadow.onCommand(++sequence, sequence * 1_000L, 1, writer.buffer(), writer.offset(), length);
        if (market == 0)
        {
            return;
        }
        final OpenOrders orders = shadow.trading().orders();
        final LongArrayList live = liveByMarket[market];
        for (int i = live.size() - 1; i >= 0; i--)
        {
            if (null == orders.get(live.getLong(i)))
            {
                live.fastUnorderedRemove(i);
            }
        }
        final long newest = shadow.trading().lastOrderId();
        if (newest != lastOrderId && null != orders.get(newest))
        {
            live.addLong(newest);
        }
    }
}
