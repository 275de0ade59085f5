package io.poolbook.engine;

import io.poolbook.codecs.*;
import io.poolbook.engine.account.Assets;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.poolbook.engine.EngineHarness.*;
import static org.junit.jupiter.api.Assertions.*;

final class EnginePoolTest
{
    private static final int POOL_FEE_BPS = 30;
    private static final long POOL_BASE = 1_000_000;
    private static final long POOL_QUOTE = 10_000_000;

    private static EngineHarness withPool(final boolean pool, final long[] asks, final long[] askLots)
    {
        final EngineHarness h = new EngineHarness().standardMarket(1, 2, 3);
        if (pool)
        {
            h.ok(h.commands.createPool(OPERATOR, MARKET, POOL_FEE_BPS, false));
            h.ok(h.commands.addLiquidity(1, 1, MARKET, POOL_BASE, POOL_QUOTE, 0));
        }
        for (int i = 0; i < asks.length; i++)
        {
            h.ok(h.commands.limit(3, 100 + i, MARKET, Side.SELL, asks[i], askLots[i] * LOT));
        }
        return h;
    }

    @Test
    void firstDepositMintsSqrtOfTheProductLessTheLockedMinimum()
    {
        final EngineHarness h = withPool(true, new long[0], new long[0]);
        final LiquidityAddedDecoder added = h.first(LiquidityAddedDecoder.TEMPLATE_ID, new LiquidityAddedDecoder());
        final long shares = (long)Math.floor(Math.sqrt((double)POOL_BASE * POOL_QUOTE)) - 1_000;
        assertEquals(shares, added.shares());
        assertEquals(shares, h.available(1, Assets.poolShareId(MARKET)));
        assertEquals(1_000_000_000L - POOL_BASE, h.available(1, BASE));
        final PoolStateDecoder state = h.first(PoolStateDecoder.TEMPLATE_ID, new PoolStateDecoder());
        assertEquals(POOL_BASE, state.baseReserve());
        assertEquals(shares + 1_000, state.totalShares());
    }

    @Test
    void aDirectSwapPaysUniswapsAmountOutAndRespectsItsMinimum()
    {
        final EngineHarness h = withPool(true, new long[0], new long[0]);
        final long in = 10_000;
        final long expectedOut = in * 9_970 * POOL_BASE / (POOL_QUOTE * 10_000 + in * 9_970);
        h.rejects(h.commands.swap(2, 1, MARKET, Side.BUY, in, expectedOut + 1), RejectReason.SLIPPAGE);
        h.ok(h.commands.swap(2, 1, MARKET, Side.BUY, in, expectedOut));
        final SwapDoneDecoder done = h.first(SwapDoneDecoder.TEMPLATE_ID, new SwapDoneDecoder());
        assertEquals(in, done.amountIn());
        assertEquals(expectedOut, done.amountOut());
        assertEquals(1_000_000_000L + expectedOut, h.available(2, BASE));
        assertEquals(1, h.count(PoolStateDecoder.TEMPLATE_ID));

        h.rejects(h.commands.swap(2, 2, MARKET, Side.BUY, 0, 0), RejectReason.INVALID_AMOUNT);
        h.rejects(h.commands.swap(2, 2, MARKET, Side.SELL, 2_000_000_000L, 0), RejectReason.INSUFFICIENT_FUNDS);
    }

    @Test
    void removingMoreSharesThanHeldIsRefusedAndRemovalPaysProRata()
    {
        final EngineHarness h = withPool(true, new long[0], new long[0]);
        final long shares = h.available(1, Assets.poolShareId(MARKET));
        h.rejects(h.commands.removeLiquidity(2, 1, MARKET, 1, 0, 0), RejectReason.INSUFFICIENT_SHARES);
        h.rejects(h.commands.removeLiquidity(1, 1, MARKET, shares + 1, 0, 0), RejectReason.INSUFFICIENT_SHARES);
        h.ok(h.commands.removeLiquidity(1, 2, MARKET, shares / 2, 0, 0));
        final LiquidityRemovedDecoder removed = h.first(LiquidityRemovedDecoder.TEMPLATE_ID,
            new LiquidityRemovedDecoder());
        assertEquals(shares / 2 * POOL_BASE / (shares + 1_000), removed.baseAmount());
        assertEquals(shares - shares / 2, h.available(1, Assets.poolShareId(MARKET)));
        h.rejects(h.commands.addLiquidity(2, 3, 99, 1, 1, 0), RejectReason.UNKNOWN_MARKET);
    }

    @Test
    void aTakerFillsFromPoolAndBookByBestPriceWithinItsLimit()
    {
        final long[] asks = { 1_010, 1_050 };
        final long[] lots = { 5, 5 };
        final EngineHarness h = withPool(true, asks, lots);
        h.ok(h.commands.limit(2, 7, MARKET, Side.BUY, 1_060, 300 * LOT));

        int poolFills = 0;
        int bookFills = 0;
        long quantity = 0;
        for (int i = 0; i < h.count(FillDecoder.TEMPLATE_ID); i++)
        {
            final FillDecoder fill = h.nth(FillDecoder.TEMPLATE_ID, i, new FillDecoder());
            if (fill.accountId() != 2)
            {
                continue;
            }
            assertTrue(fill.price() <= 1_060, "limit kept: " + fill.price());
            assertEquals(0, fill.quantity() % LOT, "whole lots");
            quantity += fill.quantity();
            if (fill.liquidity() == LiquiditySource.POOL)
            {
                poolFills++;
            }
            else
            {
                bookFills++;
            }
        }
        assertTrue(poolFills >= 2, "pool before 1010 and between 1010 and 1050: " + h.describe());
        assertEquals(2, bookFills, () -> "both book levels" + h.describe());
        assertEquals(OrderBookEmpty.NONE, OrderBookEmpty.of(h.engine.markets().get(MARKET).book().bestAsk()));
        final long spent = 1_000_000_000_000L - h.available(2, QUOTE) - h.locked(2, QUOTE);
        assertTrue(spent * LOT <= 1_060L * quantity + quantity / LOT * 3, "average within the limit");
    }

    /** Readable assertion helper: the book's ask side is empty. */
    private enum OrderBookEmpty
    {
        NONE, SOME;

        static OrderBookEmpty of(final long bestAsk)
        {
            return bestAsk == 0 ? NONE : SOME;
        }
    }

    @Test
    void aMarketBuyWithOnlyABudgetBuysFromThePoolWithinTheBudget()
    {
        final EngineHarness h = withPool(true, new long[0], new long[0]);
        h.ok(h.commands.newOrder(2, 1, MARKET, Side.BUY, OrderType.MARKET, TimeInForce.IOC,
            SelfTradePrevention.CANCEL_TAKER, 0, 0, 50_000));
        final FillDecoder fill = h.first(FillDecoder.TEMPLATE_ID, new FillDecoder());
        assertEquals(LiquiditySource.POOL, fill.liquidity());
        assertTrue(fill.quantity() >= 4 * LOT, "50,000 quote buys at least 4 lots near 1,003: " + h.describe());
        assertTrue(fill.quoteAmount() <= 50_000);
        assertEquals(0, h.locked(2, QUOTE));
        assertEquals(1_000_000_000_000L - fill.quoteAmount(), h.available(2, QUOTE));
    }

    @Test
    void postOnlyRespectsThePool()
    {
        final EngineHarness h = withPool(true, new long[0], new long[0]);
        h.rejects(h.commands.newOrder(2, 1, MARKET, Side.BUY, OrderType.LIMIT, TimeInForce.POST_ONLY,
            SelfTradePrevention.CANCEL_TAKER, 1_100, LOT, 0), RejectReason.POST_ONLY_WOULD_TAKE);
        h.ok(h.commands.newOrder(2, 2, MARKET, Side.BUY, OrderType.LIMIT, TimeInForce.POST_ONLY_SLIDE,
            SelfTradePrevention.CANCEL_TAKER, 1_100, LOT, 0));
        assertEquals(0, h.count(FillDecoder.TEMPLATE_ID));
        final long bid = h.engine.markets().get(MARKET).book().bestBid();
        assertTrue(bid > 0 && bid < 1_003, "slid below the pool's ask: " + bid);
    }

    @Test
    void fillOrKillCountsBookAndPoolTogether()
    {
        final EngineHarness h = withPool(true, new long[]{ 1_010 }, new long[]{ 5 });
        h.ok(h.commands.newOrder(2, 1, MARKET, Side.BUY, OrderType.LIMIT, TimeInForce.FOK,
            SelfTradePrevention.CANCEL_TAKER, 1_020, 20 * LOT, 0));
        long filled = 0;
        for (int i = 0; i < h.count(FillDecoder.TEMPLATE_ID); i++)
        {
            final FillDecoder fill = h.nth(FillDecoder.TEMPLATE_ID, i, new FillDecoder());
            filled += fill.accountId() == 2 ? fill.quantity() : 0;
        }
        assertEquals(20 * LOT, filled);
        h.rejects(h.commands.newOrder(2, 2, MARKET, Side.BUY, OrderType.LIMIT, TimeInForce.FOK,
            SelfTradePrevention.CANCEL_TAKER, 1_020, 5_000 * LOT, 0), RejectReason.FOK_NOT_FILLABLE);
    }

    /**
     * Best execution, randomized: for orders that each alternative fills in full, routing across book and pool
     * costs no more (buys) or earns no less (sells) than the book alone or the pool alone, give or take one unit
     * of rounding per pool swap.
     */
    @Test
    void routedAveragePriceIsNeverWorseThanBookOnlyOrPoolOnly()
    {
        final Random random = new Random(7);
        int compared = 0;
        for (int round = 0; round < 200; round++)
        {
            final boolean buy = random.nextBoolean();
            final int levels = 1 + random.nextInt(6);
            final long[] prices = new long[levels];
            final long[] lots = new long[levels];
            for (int i = 0; i < levels; i++)
            {
                prices[i] = buy ? 1_000 + 10L * random.nextInt(10) : 1_000 - 10L * random.nextInt(10);
                lots[i] = 1 + random.nextInt(30);
            }
            final long limit = buy ? 1_100 : 900;
            final long quantity = (1 + random.nextInt(40)) * LOT;

            final Outcome routed = run(true, true, buy, prices, lots, limit, quantity);
            final Outcome bookOnly = run(false, true, buy, prices, lots, limit, quantity);
            final Outcome poolOnly = run(true, false, buy, prices, lots, limit, quantity);
            assertTrue(routed.filled >= Math.max(bookOnly.filled, poolOnly.filled), "routing fills at least as much");
            for (final Outcome other : new Outcome[]{ bookOnly, poolOnly })
            {
                if (other.filled == quantity && routed.filled == quantity)
                {
                    compared++;
                    final long tolerance = routed.poolSwaps;
                    if (buy)
                    {
                        assertTrue(routed.quote <= other.quote + tolerance,
                            "buy cost " + routed.quote + " vs " + other.quote + " in round " + round);
                    }
                    else
                    {
                        assertTrue(routed.quote >= other.quote - tolerance,
                            "sell proceeds " + routed.quote + " vs " + other.quote + " in round " + round);
                    }
                }
            }
        }
        assertTrue(compared > 100, "enough comparable rounds: " + compared);
    }

    private record Outcome(long filled, long quote, int poolSwaps)
    {
    }

    private static Outcome run(
        final boolean pool,
        final boolean book,
        final boolean buy,
        final long[] prices,
        final long[] lots,
        final long limit,
        final long quantity)
    {
        final EngineHarness h = new EngineHarness().standardMarket(1, 2, 3);
        if (pool)
        {
            h.ok(h.commands.createPool(OPERATOR, MARKET, POOL_FEE_BPS, false));
            h.ok(h.commands.addLiquidity(1, 1, MARKET, POOL_BASE, POOL_QUOTE, 0));
        }
        if (book)
        {
            for (int i = 0; i < prices.length; i++)
            {
                h.ok(h.commands.limit(3, 100 + i, MARKET, buy ? Side.SELL : Side.BUY, prices[i], lots[i] * LOT));
            }
        }
        h.ok(h.commands.newOrder(2, 1, MARKET, buy ? Side.BUY : Side.SELL, OrderType.LIMIT, TimeInForce.IOC,
            SelfTradePrevention.CANCEL_TAKER, limit, quantity, 0));
        long filled = 0;
        long quote = 0;
        int poolSwaps = 0;
        for (int i = 0; i < h.count(FillDecoder.TEMPLATE_ID); i++)
        {
            final FillDecoder fill = h.nth(FillDecoder.TEMPLATE_ID, i, new FillDecoder());
            if (fill.accountId() == 2)
            {
                filled += fill.quantity();
                quote += buy ? fill.quoteAmount() + fill.fee() : fill.quoteAmount() - fill.fee();
                poolSwaps += fill.liquidity() == LiquiditySource.POOL ? 1 : 0;
            }
        }
        return new Outcome(filled, quote, poolSwaps);
    }
}
