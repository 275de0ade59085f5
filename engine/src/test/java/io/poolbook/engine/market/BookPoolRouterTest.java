package io.poolbook.engine.market;

import io.poolbook.amm.ConstantProductPool;
import io.poolbook.amm.LiquidityResult;
import io.poolbook.amm.PoolReject;
import io.poolbook.amm.SwapDirection;
import io.poolbook.amm.SwapResult;
import io.poolbook.engine.account.Asset;
import io.poolbook.engine.account.Assets;
import io.poolbook.orderbook.CancelReason;
import io.poolbook.orderbook.OrderBookListener;
import io.poolbook.orderbook.OrderBookReject;
import io.poolbook.orderbook.OrderType;
import io.poolbook.orderbook.SelfTradePrevention;
import io.poolbook.orderbook.Side;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The router against a real {@link io.poolbook.orderbook.OrderBook} and a real {@link ConstantProductPool}, without
 * the engine's codecs: a taker is routed step by step, and each test checks what each venue filled, in which order,
 * the pool's reserves after, and that no fill passed the limit. Prices are quote units per lot of 10 base units.
 * <p>
 * Settlement is stood in for by this test: a book fill lowers a buying taker's lock by its notional plus the taker
 * fee, a pool fill by what the taker paid in, as the engine's settlement does.
 */
final class BookPoolRouterTest
{
    private static final long LOT = 10;
    private static final int TAKER = 9;
    private static final int MAKER = 2;
    /** Base and quote of the pool: a mid price of 10 quote per base unit, 100 per lot. */
    private static final long POOL_BASE = 1_000_000;
    private static final long POOL_QUOTE = 10_000_000;

    private final OpenOrders orders = new OpenOrders();
    private final List<String> steps = new ArrayList<>();
    private long bookFilled;
    private long bookNotional;
    private long poolFilled;
    private long poolPaid;
    private long poolReceived;
    private long nextOrderId = 1;
    private Market market;
    private OrderRecord taker;

    private final BookPoolRouter router = new BookPoolRouter((market, taker, lots, paid, received, leaves) ->
    {
        assertEquals(0, lots % LOT, "pool fills are whole lots");
        steps.add("POOL " + lots);
        poolFilled += lots;
        poolPaid += paid;
        poolReceived += received;
        taker.locked -= paid;
        taker.filledQuantity += lots;
    });

    @Test
    void poolBetterThanEveryLevelFillsTheWholeOrderAndLeavesTheBook()
    {
        market(30, 0, POOL_BASE, POOL_QUOTE);
        rest(Side.SELL, 120, 500);
        rest(Side.SELL, 121, 500);

        final long remaining = route(Side.BUY, 130, 1_000);

        assertEquals(0, remaining);
        assertEquals(List.of("POOL 1000"), steps);
        assertEquals(0, bookFilled);
        assertPoolMoved(1_000);
        assertTrue(poolAskBelow(120), "still better than the book after the whole order");
        assertEquals(120, market.book().bestAsk());
        assertEquals(500, market.book().quantityAtBest(Side.SELL));
        assertBuyWithinLimit(130);
    }

    @Test
    void limitBetweenPoolPriceAndBestLevelFillsThePoolUpToTheLimitOnly()
    {
        market(30, 0, POOL_BASE, POOL_QUOTE);
        rest(Side.SELL, 105, 500);

        final long remaining = route(Side.BUY, 103, 100_000);

        assertEquals(0, bookFilled, "the book is above the limit");
        assertTrue(poolFilled > 0);
        assertEquals(100_000 - poolFilled, remaining);
        assertPoolMoved(poolFilled);
        assertFalse(oneMoreLotStaysWithin(103), "the pool was taken to the limit");
        assertTrue(poolAskNotAbove(103), "and not past it");
        assertBuyWithinLimit(103);
    }

    @Test
    void poolAndBookAlternateLevelByLevelAndTiesGoToTheBook()
    {
        // No pool fee: the pool's marginal ask is exactly 100 per lot, tying the best level.
        market(0, 0, POOL_BASE, POOL_QUOTE);
        rest(Side.SELL, 100, 200);
        rest(Side.SELL, 101, 300);

        final long remaining = route(Side.BUY, 102, 50_000);

        assertEquals("BOOK 200@100", steps.get(0), "a tie goes to the book");
        assertTrue(steps.get(1).startsWith("POOL "), "then the pool, up to the next level: " + steps);
        assertEquals("BOOK 300@101", steps.get(2));
        assertTrue(steps.get(3).startsWith("POOL "), "then the pool up to the limit: " + steps);
        assertEquals(4, steps.size(), steps.toString());
        assertEquals(500, bookFilled);
        assertEquals(200 * 100 / LOT + 300 * 101 / LOT, bookNotional);
        assertEquals(50_000 - 500 - poolFilled, remaining);
        assertPoolMoved(poolFilled);
        assertTrue(poolAskNotAbove(102));
        assertFalse(oneMoreLotStaysWithin(102), "the pool was taken to the limit");
        assertEquals(0, market.book().levelCount(Side.SELL));
    }

    @Test
    void sellsRouteDownTheBidsTheSameWay()
    {
        market(30, 0, POOL_BASE, POOL_QUOTE);
        rest(Side.BUY, 99, 100);
        rest(Side.BUY, 98, 100);

        final long remaining = route(Side.SELL, 95, 50_000);

        assertEquals(List.of("POOL", "BOOK 100@99", "POOL", "BOOK 100@98", "POOL"), stepKinds());
        assertEquals(200, bookFilled);
        assertEquals(50_000 - 200 - poolFilled, remaining);
        assertEquals(POOL_BASE + poolFilled, market.pool().baseReserve());
        assertEquals(POOL_QUOTE - poolReceived, market.pool().quoteReserve());
        assertEquals(poolFilled, poolPaid, "a sell pays base in");
        assertTrue(poolReceived * LOT >= 95 * poolFilled, "never below the limit on average");
        assertTrue(market.pool().compareMarginalPrice(SwapDirection.BASE_IN, 95, LOT) >= 0, "bid not below 95");
    }

    @Test
    void emptyBookWithoutLimitFillsTheWholeOrderFromThePool()
    {
        market(30, 0, POOL_BASE, POOL_QUOTE);

        final long remaining = route(Side.SELL, 0, 20_000);

        assertEquals(0, remaining);
        assertEquals(List.of("POOL 20000"), steps);
        assertEquals(POOL_BASE + 20_000, market.pool().baseReserve());
        assertEquals(POOL_QUOTE - poolReceived, market.pool().quoteReserve());
        assertEquals(quoteOut(POOL_BASE, POOL_QUOTE, 30, 20_000), poolReceived, "the pool's exact-in output");
    }

    @Test
    void emptyPoolLeavesEverythingToTheBook()
    {
        market(30, 0, 0, 0);
        rest(Side.SELL, 101, 100);
        rest(Side.SELL, 102, 100);

        final long remaining = route(Side.BUY, 101, 150);

        assertEquals(List.of("BOOK 100@101"), steps);
        assertEquals(50, remaining, "the level above the limit is not taken");
        assertEquals(0, market.pool().baseReserve());
        assertEquals(0, market.pool().quoteReserve());
    }

    @Test
    void bothVenuesEmptyFillNothing()
    {
        market(30, 0, 0, 0);

        assertEquals(500, route(Side.BUY, 0, 500));
        assertTrue(steps.isEmpty());
    }

    @Test
    void exactlyTheBestLevelIsFilledByTheBookAloneWhenThePoolIsWorse()
    {
        market(30, 0, POOL_BASE, POOL_QUOTE);
        rest(Side.SELL, 100, 70);

        final long remaining = route(Side.BUY, 100, 70);

        assertEquals(0, remaining);
        assertEquals(List.of("BOOK 70@100"), steps);
        assertEquals(POOL_BASE, market.pool().baseReserve(), "pool untouched");
        assertEquals(POOL_QUOTE, market.pool().quoteReserve());
    }

    @Test
    void aLimitAtThePoolsExactPriceTakesNothingFromIt()
    {
        market(0, 0, POOL_BASE, POOL_QUOTE);

        assertEquals(1_000, route(Side.BUY, 100, 1_000), "at 100 the next unit costs more than 100");
        assertTrue(steps.isEmpty(), steps.toString());
        assertEquals(POOL_BASE, market.pool().baseReserve());
    }

    @Test
    void aPoolStepIsTheWholeLotsOfTheClosedFormAmountToTheNextLevel()
    {
        // The pool reaches the level 101 after some whole lots; a fraction of a lot more would pass it, so the
        // level fills next even though the pool's price is still a hair below 101.
        market(0, 0, POOL_BASE, POOL_QUOTE);
        rest(Side.SELL, 101, 1_000);

        route(Side.BUY, 101, 100_000);

        assertEquals("BOOK 1000@101", steps.get(1), steps.toString());
        final long poolLots = Long.parseLong(steps.get(0).substring(5));
        assertTrue(poolAskNotAbove(101));
        assertTrue(poolLots > 0);
        // The exact base to move the pool's ask to 101 (sqrt(k / 10.1) off the reserve) is not a whole number of
        // lots; the pool filled the whole lots below it.
        final double exact = POOL_BASE - Math.sqrt((double)POOL_BASE * POOL_QUOTE / 10.1);
        assertEquals((long)(exact / LOT) * LOT, poolLots, 3 * LOT, "about the closed-form amount, in whole lots");
        assertTrue(poolLots % LOT == 0);
    }

    @Test
    void takerFeeOnTheBookMakesThePoolBetterAtTheSameBarePrice()
    {
        // Lots of 100: the pool's ask is about 1003 per lot. A book ask of 1002 is cheaper bare, but with a 30 bps
        // taker fee it is about 1005 all in: the pool fills first, up to that all-in price.
        market(30, 30, POOL_BASE, POOL_QUOTE, LOT * 10);
        final long bookAsk = 1_002; // per lot of 100 base units: 10.02 per base unit
        rest(Side.SELL, bookAsk, 100);

        route(Side.BUY, 1_010, 100_000);

        assertTrue(steps.get(0).startsWith("POOL "), "the pool first: " + steps);
        assertEquals("BOOK 100@1002", steps.get(1));

        // Without the fee the book is first.
        steps.clear();
        market(30, 0, POOL_BASE, POOL_QUOTE, LOT * 10);
        rest(Side.SELL, bookAsk, 100);
        route(Side.BUY, 1_010, 100_000);
        assertEquals("BOOK 100@1002", steps.get(0), steps.toString());
    }

    @Test
    void aBuyNeverSpendsMoreThanItHasLocked()
    {
        market(30, 0, POOL_BASE, POOL_QUOTE);
        final long lock = 5_000;
        final long remaining = route(Side.BUY, 0, 100_000, lock);

        assertTrue(poolPaid <= lock, "paid " + poolPaid + " of a lock of " + lock);
        assertTrue(poolFilled > 0);
        assertTrue(taker.locked >= 0);
        assertTrue(lock - poolPaid < quoteIn(POOL_BASE - poolFilled, POOL_QUOTE + poolPaid, 30, LOT),
            "what is left would not buy another lot");
        assertEquals(100_000 - poolFilled, remaining);
    }

    @Test
    void aTakerCancelledBySelfTradePreventionStopsTheRoute()
    {
        market(30, 0, POOL_BASE, POOL_QUOTE);
        final long own = nextOrderId++;
        orders.add(own, 0, TAKER, 0, 1, false, 0);
        market.book().placeOrder(own, TAKER, Side.SELL, OrderType.LIMIT, 99, 100, SelfTradePrevention.CANCEL_TAKER);

        final long remaining = route(Side.BUY, 110, 5_000, Long.MAX_VALUE / 4, SelfTradePrevention.CANCEL_TAKER);

        assertEquals(0, taker.orderId, "the taker ended: its record went back to the pool");
        assertEquals(0, bookFilled);
        assertEquals(5_000, remaining, "nothing filled before its own order stopped it");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void market(final int poolFeeBps, final int takerFeeBps, final long base, final long quote)
    {
        market(poolFeeBps, takerFeeBps, base, quote, LOT);
    }

    private void market(
        final int poolFeeBps, final int takerFeeBps, final long base, final long quote, final long lot)
    {
        final Assets assets = new Assets();
        final Asset baseAsset = assets.addToken(1, "B", 6, 18, new byte[20]);
        final Asset quoteAsset = assets.addToken(2, "Q", 6, 6, new byte[20]);
        market = new Market(1, baseAsset, quoteAsset, 1, lot, lot, 1_000_000_000, 0, takerFeeBps,
            new BookFills(), orders::get);
        final ConstantProductPool pool = new ConstantProductPool(poolFeeBps, false);
        if (base > 0)
        {
            assertEquals(PoolReject.OK, pool.addLiquidity(base, quote, 0, new LiquidityResult()));
        }
        market.pool(pool, assets.addPoolShare(1));
    }

    private void rest(final Side side, final long price, final long quantity)
    {
        final long orderId = nextOrderId++;
        orders.add(orderId, 0, MAKER, 1, 1, side == Side.BUY, 0);
        assertTrue(market.book().placeOrder(
            orderId, MAKER, side, OrderType.LIMIT, price, quantity, SelfTradePrevention.CANCEL_TAKER));
    }

    private long route(final Side side, final long limit, final long quantity)
    {
        return route(side, limit, quantity, Long.MAX_VALUE / 4);
    }

    private long route(final Side side, final long limit, final long quantity, final long lock)
    {
        return route(side, limit, quantity, lock, SelfTradePrevention.CANCEL_TAKER);
    }

    private long route(
        final Side side, final long limit, final long quantity, final long lock, final SelfTradePrevention stp)
    {
        taker = orders.add(nextOrderId++, 0, TAKER, 0, 1, side == Side.BUY, side == Side.BUY ? lock : quantity);
        return router.route(market, taker, side, stp, limit, quantity, false);
    }

    private List<String> stepKinds()
    {
        final List<String> kinds = new ArrayList<>();
        for (final String step : steps)
        {
            kinds.add(step.startsWith("POOL") ? "POOL" : step);
        }
        return kinds;
    }

    private void assertPoolMoved(final long baseOut)
    {
        assertEquals(baseOut, poolFilled);
        assertEquals(POOL_BASE - baseOut, market.pool().baseReserve(), "base reserve");
        assertEquals(POOL_QUOTE + poolPaid, market.pool().quoteReserve(), "quote reserve");
        assertEquals(baseOut, poolReceived, "a buy receives base");
    }

    private void assertBuyWithinLimit(final long limit)
    {
        assertTrue(poolPaid * LOT <= limit * poolFilled, "average " + poolPaid * LOT / (double)poolFilled);
    }

    /** Is the pool's post-fee marginal ask strictly below a price per lot? */
    private boolean poolAskBelow(final long price)
    {
        return market.pool().compareMarginalPrice(SwapDirection.QUOTE_IN, price, LOT) < 0;
    }

    private boolean poolAskNotAbove(final long price)
    {
        return market.pool().compareMarginalPrice(SwapDirection.QUOTE_IN, price, LOT) <= 0;
    }

    /** Would the pool's marginal ask still be at most the price after one more lot, on a copy of the pool? */
    private boolean oneMoreLotStaysWithin(final long price)
    {
        final ConstantProductPool pool = market.pool();
        final ConstantProductPool copy = new ConstantProductPool();
        copy.restore(pool.baseReserve(), pool.quoteReserve(), pool.totalShares(), pool.feeBasisPoints(), false, 0, 0);
        final SwapResult result = new SwapResult();
        if (copy.swapExactOut(SwapDirection.QUOTE_IN, LOT, Long.MAX_VALUE, result) != PoolReject.OK)
        {
            return false;
        }
        return copy.compareMarginalPrice(SwapDirection.QUOTE_IN, price, LOT) <= 0;
    }

    /** Constant-product output of selling {@code in} base, the fee taken from the input, rounded down. */
    private static long quoteOut(final long base, final long quote, final int feeBps, final long in)
    {
        final java.math.BigInteger inAfterFee = java.math.BigInteger.valueOf(in).multiply(
            java.math.BigInteger.valueOf(10_000 - feeBps));
        return inAfterFee.multiply(java.math.BigInteger.valueOf(quote))
            .divide(java.math.BigInteger.valueOf(base).multiply(java.math.BigInteger.valueOf(10_000)).add(inAfterFee))
            .longValueExact();
    }

    /** Constant-product input, fee included, to buy {@code out} base, rounded up. */
    private static long quoteIn(final long base, final long quote, final int feeBps, final long out)
    {
        final java.math.BigInteger numerator = java.math.BigInteger.valueOf(quote).multiply(
            java.math.BigInteger.valueOf(out)).multiply(java.math.BigInteger.valueOf(10_000));
        final java.math.BigInteger denominator = java.math.BigInteger.valueOf(base - out).multiply(
            java.math.BigInteger.valueOf(10_000 - feeBps));
        return numerator.add(denominator).subtract(java.math.BigInteger.ONE).divide(denominator).longValueExact();
    }

    /** Stands in for settlement on book fills: records them, and lowers a buying taker's lock. */
    private final class BookFills implements OrderBookListener
    {
        public void onAccepted(final long orderId, final int accountId, final Side side, final OrderType orderType,
            final long price, final long quantity)
        {
        }

        public void onFill(final long takerOrderId, final long makerOrderId, final int makerAccountId,
            final long price, final long quantity, final long takerLeavesQuantity, final long makerLeavesQuantity)
        {
            final long notional = market.book().notional(price, quantity);
            bookFilled += quantity;
            bookNotional += notional;
            final String last = steps.isEmpty() ? "" : steps.get(steps.size() - 1);
            if (last.startsWith("BOOK ") && last.endsWith("@" + price))
            {
                final long before = Long.parseLong(last.substring(5, last.indexOf('@')));
                steps.set(steps.size() - 1, "BOOK " + (before + quantity) + "@" + price);
            }
            else
            {
                steps.add("BOOK " + quantity + "@" + price);
            }
            if (taker.buy)
            {
                taker.locked -= notional + Fees.charge(notional, market.takerFeeBps());
            }
        }

        public void onCancelled(final long orderId, final int accountId, final Side side, final long price,
            final long cancelledQuantity, final CancelReason reason)
        {
            orders.remove(orders.get(orderId));
        }

        public void onSelfTradeDecremented(final long orderId, final int accountId, final Side side,
            final long price, final long decrementQuantity, final long leavesQuantity)
        {
        }

        public void onExpired(final long orderId, final int accountId, final long expiredQuantity)
        {
        }

        public void onRested(final long orderId, final int accountId, final Side side, final long price,
            final long leavesQuantity)
        {
        }

        public void onAmended(final long orderId, final int accountId, final long newPrice, final long newQuantity,
            final boolean keptPriority)
        {
        }

        public void onRejected(final long orderId, final OrderBookReject reason)
        {
            fail("the book rejected order " + orderId + ": " + reason);
        }

        public void onLevelChanged(final Side side, final long price, final long totalQuantity, final int orderCount)
        {
        }
    }
}
