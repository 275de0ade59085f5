package io.poolbook.engine;

import io.poolbook.codecs.CommandWriter;
import io.poolbook.codecs.OrderType;
import io.poolbook.codecs.SelfTradePrevention;
import io.poolbook.codecs.Side;
import io.poolbook.codecs.TimeInForce;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine's output is pinned: a seeded stream of every trading command (limits, IOC and market orders, quotes,
 * amends, cancels, mass cancels, swaps, liquidity, batch cuts, and the rejects of stale ids) over three markets,
 * one with a pool, must give the state hash and the digest of every event byte that the engine gave before its
 * data structures were reworked for speed (issue 16: interleaved balances, one object per live order). A change
 * that alters either is a change of behaviour: a journal written before it would replay differently, so it
 * needs a versioned migration, not a new constant.
 */
final class PinnedStateHashTest
{
    /** Recorded with the engine of commit ecb998f, before issue 16. */
    private static final long PINNED_STATE_HASH = 0x413565342ca4bc96L;
    private static final long PINNED_EVENT_DIGEST = 0xd710980d9186fb82L;
    private static final long PINNED_EVENT_COUNT = 122_907L;

    @Test
    void sameStateHashAndEventsAsBeforeTheRework()
    {
        final long[] result = run();
        assertEquals(PINNED_EVENT_COUNT, result[2], "event count");
        assertEquals(PINNED_EVENT_DIGEST, result[1], "event digest");
        assertEquals(PINNED_STATE_HASH, result[0], "state hash");
    }

    /** Runs the stream; returns the state hash, the event digest and the event count. */
    static long[] run()
    {
        final long[] digest = { 0xcbf29ce484222325L, 0 };
        final Engine engine = new Engine(new EngineConfig(), (buffer, offset, length) ->
        {
            long hash = digest[0];
            for (int i = 0; i < length; i++)
            {
                hash = (hash ^ (buffer.getByte(offset + i) & 0xFF)) * 0x100000001b3L;
            }
            digest[0] = hash;
            digest[1]++;
        });
        final CommandWriter commands = new CommandWriter();
        final SplittableRandom random = new SplittableRandom(16);
        final long mid = 10_000;
        long sequence = 0;

        for (int step = 0; ; step++)
        {
            final int length;
            if (step == 0)
            {
                length = commands.addAsset(0, 1, "B", 6, 18, new byte[20]);
            }
            else if (step == 1)
            {
                length = commands.addAsset(0, 2, "Q", 6, 6, new byte[20]);
            }
            else if (step <= 4)
            {
                length = commands.addMarket(0, step - 1, 1, 2, 1, 1, 1, 1_000_000, 10, 20);
            }
            else if (step == 5)
            {
                length = commands.createPool(0, 3, 30, false);
            }
            else if (step <= 5 + 3 * 12)
            {
                final int account = 1 + (step - 6) / 3;
                final int kind = (step - 6) % 3;
                length = kind == 0 ? commands.registerAccount(0, account, new byte[32], new byte[20]) :
                    commands.deposit(0, account, kind, kind == 1 ? 1_000_000_000L : 1_000_000_000_000L, new byte[32]);
            }
            else if (step == 6 + 3 * 12)
            {
                length = commands.addLiquidity(1, 0, 3, 1_000_000, 1_000_000 * mid, 0);
            }
            else
            {
                break;
            }
            engine.onCommand(++sequence, sequence * 1_000, 1, commands.buffer(), commands.offset(), length);
        }

        for (int i = 0; i < 30_000; i++)
        {
            final int market = 1 + random.nextInt(3);
            final int account = 1 + random.nextInt(12);
            final boolean buy = random.nextBoolean();
            final Side side = buy ? Side.BUY : Side.SELL;
            final long lastOrderId = Math.max(1, engine.trading().lastOrderId());
            final long someOrder = 1 + random.nextLong(lastOrderId);
            final int roll = random.nextInt(100);
            final int length;
            if (roll < 25)
            {
                final long offset = random.nextInt(60) - 5;
                length = commands.limit(account, 0, market, side, buy ? mid - offset : mid + offset,
                    1 + random.nextInt(30));
            }
            else if (roll < 30)
            {
                length = commands.newOrder(account, 0, market, side, OrderType.LIMIT, TimeInForce.IOC,
                    SelfTradePrevention.values()[random.nextInt(4)], buy ? mid + 40 : mid - 40, 1 + random.nextInt(60), 0);
            }
            else if (roll < 33)
            {
                length = commands.newOrder(account, 0, market, side, OrderType.MARKET, TimeInForce.IOC,
                    SelfTradePrevention.CANCEL_TAKER, 0, 1 + random.nextInt(40), 0);
            }
            else if (roll < 40)
            {
                final long offset = 1 + random.nextInt(20);
                length = commands.quote(account, i, market, mid - offset, 1 + random.nextInt(20), mid + offset,
                    1 + random.nextInt(20));
            }
            else if (roll < 75)
            {
                final long offset = random.nextInt(60) - 3;
                length = commands.amendOrder(account, market, someOrder, buy ? mid - offset : mid + offset, 0);
            }
            else if (roll < 80)
            {
                length = commands.amendOrder(account, market, someOrder, 0, 1 + random.nextInt(30));
            }
            else if (roll < 90)
            {
                length = commands.cancelOrder(account, market, someOrder);
            }
            else if (roll < 91)
            {
                length = commands.massCancel(account, market);
            }
            else if (roll < 96)
            {
                length = commands.swap(account, 0, 3, side, buy ? 1_000 * mid : 1_000, 0);
            }
            else if (roll < 98)
            {
                length = commands.addLiquidity(account, 0, 3, 10_000, 10_000 * mid, 0);
            }
            else if (roll < 99)
            {
                length = commands.removeLiquidity(account, 0, 3, 1 + random.nextInt(1_000), 0, 0);
            }
            else
            {
                length = commands.cutSettlementBatch(0);
            }
            engine.onCommand(++sequence, sequence * 1_000, 1, commands.buffer(), commands.offset(), length);
        }
        return new long[]{ engine.stateHash(), digest[0], digest[1] };
    }
}
