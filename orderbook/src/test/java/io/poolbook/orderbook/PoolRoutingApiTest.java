package io.poolbook.orderbook;

import org.junit.jupiter.api.Test;

import static io.poolbook.orderbook.OrderBook.NOTIONAL_OVERFLOW;
import static io.poolbook.orderbook.OrderBook.NO_QUOTE_BUDGET;
import static io.poolbook.orderbook.OrderBook.NULL_PRICE;
import static io.poolbook.orderbook.SelfTradePrevention.CANCEL_BOTH;
import static io.poolbook.orderbook.SelfTradePrevention.CANCEL_RESTING;
import static io.poolbook.orderbook.SelfTradePrevention.CANCEL_TAKER;
import static io.poolbook.orderbook.SelfTradePrevention.DECREMENT_AND_CANCEL;
import static io.poolbook.orderbook.Side.BUY;
import static io.poolbook.orderbook.Side.SELL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The step-by-step API the engine uses to route a taker between the book and a pool.
 */
final class PoolRoutingApiTest extends OrderBookTestSupport
{
    private final MatchResult result = new MatchResult();

    @Test
    void shouldShowNextOppositeLevelIncludingOwnOrders()
    {
        resting(1, ALICE, SELL, 1_010, 200);
        resting(2, BOB, SELL, 1_010, 300);
        resting(3, BOB, SELL, 1_020, 300);

        assertEquals(1_010, book.bestPrice(SELL));
        assertEquals(500, book.quantityAtBest(SELL));
        assertEquals(2, book.orderCountAtBest(SELL));
        assertEquals(NULL_PRICE, book.bestPrice(BUY));
        assertEquals(0, book.quantityAtBest(BUY));
    }

    @Test
    void shouldMatchUpToPriceAndLeaveTheRestToTheCaller()
    {
        resting(1, ALICE, SELL, 1_000, 200);
        resting(2, BOB, SELL, 1_010, 300);
        resting(3, BOB, SELL, 1_020, 300);

        assertTrue(book.matchUpTo(9, CAROL, BUY, CANCEL_TAKER, 1_010, 1_000, NO_QUOTE_BUDGET, result));

        assertEvents(
            "fill(9, 1, 1, 1000, 200, 800, 0)",
            "level(SELL, 1000, 0, 0)",
            "fill(9, 2, 2, 1010, 300, 500, 0)",
            "level(SELL, 1010, 0, 0)");
        assertEquals(500, result.filledQuantity());
        assertEquals(2 * 1_000 + 3 * 1_010, result.filledNotional());
        assertEquals(500, result.leavesQuantity());
        assertFalse(result.takerCancelled());
        assertFalse(book.containsOrder(9));
        assertEquals(1_020, book.bestAsk());
    }

    @Test
    void shouldMatchUpToQuantity()
    {
        resting(1, ALICE, BUY, 1_000, 500);

        assertTrue(book.matchUpTo(9, CAROL, SELL, CANCEL_TAKER, NULL_PRICE, 200, NO_QUOTE_BUDGET, result));

        assertEquals(200, result.filledQuantity());
        assertEquals(0, result.leavesQuantity());
        assertEquals(300, leavesOf(1));
    }

    @Test
    void shouldMatchUpToALimitPriceOffTheTick()
    {
        resting(1, ALICE, SELL, 1_000, 200);
        resting(2, ALICE, SELL, 1_010, 200);

        assertTrue(book.matchUpTo(9, CAROL, BUY, CANCEL_TAKER, 1_007, 1_000, NO_QUOTE_BUDGET, result));

        assertEquals(200, result.filledQuantity());
        assertEquals(1_010, book.bestAsk());
    }

    @Test
    void shouldMatchWithinQuoteBudget()
    {
        resting(1, ALICE, SELL, 1_000, 1_000);

        assertTrue(book.matchUpTo(9, CAROL, BUY, CANCEL_TAKER, NULL_PRICE, 1_000, 2_500, result));

        assertEquals(200, result.filledQuantity());
        assertEquals(2_000, result.filledNotional());
        assertEquals(800, result.leavesQuantity());
    }

    @Test
    void shouldReportTakerCancelledBySelfTradePrevention()
    {
        resting(1, BOB, SELL, 1_000, 100);
        resting(2, CAROL, SELL, 1_000, 100);

        assertTrue(book.matchUpTo(9, CAROL, BUY, CANCEL_BOTH, 1_000, 500, NO_QUOTE_BUDGET, result));

        assertEquals(100, result.filledQuantity());
        assertEquals(0, result.leavesQuantity());
        assertTrue(result.takerCancelled());
    }

    @Test
    void shouldRestWithoutMatching()
    {
        resting(1, ALICE, SELL, 1_010, 200);

        assertTrue(book.restOrder(9, CAROL, BUY, 1_000, 300, DECREMENT_AND_CANCEL));

        assertEvents("rested(9, 3, BUY, 1000, 300)", "level(BUY, 1000, 300, 1)");
        final OrderView view = new OrderView();
        assertTrue(book.readOrder(9, view));
        assertEquals(OrderType.LIMIT, view.orderType());
        assertEquals(DECREMENT_AND_CANCEL, view.selfTradePrevention());
    }

    @Test
    void shouldRouteTakerAcrossBookAndPoolAndRestTheRemainder()
    {
        resting(1, ALICE, SELL, 1_000, 200);
        resting(2, ALICE, SELL, 1_020, 200);

        // Book first up to the pool's price, the pool takes its share, then the remainder rests at the limit.
        assertTrue(book.matchUpTo(9, CAROL, BUY, CANCEL_TAKER, 1_010, 1_000, NO_QUOTE_BUDGET, result));
        final long afterPool = result.leavesQuantity() - 300;
        assertTrue(book.matchUpTo(9, CAROL, BUY, CANCEL_TAKER, 1_010, afterPool, NO_QUOTE_BUDGET, result));
        assertTrue(book.restOrder(9, CAROL, BUY, 1_010, result.leavesQuantity(), CANCEL_TAKER));

        assertEquals(500, leavesOf(9));
        assertEquals(1_010, book.bestBid());
        assertEquals(1_020, book.bestAsk());
    }

    @Test
    void shouldTellFillableQuantityWithoutSideEffects()
    {
        resting(1, ALICE, SELL, 1_000, 200);
        resting(2, BOB, SELL, 1_000, 100);
        resting(3, ALICE, SELL, 1_010, 300);
        final BookSnapshot before = snapshot();

        assertEquals(300, book.fillableQuantity(BUY, CAROL, CANCEL_TAKER, 1_000, 1_000));
        assertEquals(600, book.fillableQuantity(BUY, CAROL, CANCEL_TAKER, NULL_PRICE, 1_000));
        assertEquals(250, book.fillableQuantity(BUY, CAROL, CANCEL_TAKER, NULL_PRICE, 250));
        assertEquals(0, book.fillableQuantity(BUY, ALICE, CANCEL_TAKER, NULL_PRICE, 1_000));
        assertEquals(100, book.fillableQuantity(BUY, ALICE, CANCEL_RESTING, NULL_PRICE, 1_000));
        assertEquals(100, book.fillableQuantity(BUY, ALICE, DECREMENT_AND_CANCEL, NULL_PRICE, 1_000));
        assertEquals(0, book.fillableQuantity(SELL, CAROL, CANCEL_TAKER, NULL_PRICE, 1_000));

        assertEquals(0, events.size());
        assertTrue(before.sameAs(snapshot()));
    }

    @Test
    void shouldComputeNotionalExactlyOrReportOverflow()
    {
        assertEquals(1_000 * 5, book.notional(1_000, 5 * LOT));
        assertEquals(0, book.notional(1_000, 0));
        assertEquals(NOTIONAL_OVERFLOW, book.notional(Long.MAX_VALUE / 2, 3 * LOT));
        assertEquals(Long.MAX_VALUE, book.notional(Long.MAX_VALUE, LOT));
    }
}
