package io.poolbook.orderbook;

import org.junit.jupiter.api.Test;

import static io.poolbook.orderbook.OrderBookReject.POST_ONLY_WOULD_TAKE;
import static io.poolbook.orderbook.OrderType.IOC;
import static io.poolbook.orderbook.OrderType.POST_ONLY;
import static io.poolbook.orderbook.SelfTradePrevention.CANCEL_RESTING;
import static io.poolbook.orderbook.SelfTradePrevention.CANCEL_TAKER;
import static io.poolbook.orderbook.Side.BUY;
import static io.poolbook.orderbook.Side.SELL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class AmendAndCancelTest extends OrderBookTestSupport
{
    @Test
    void shouldCancelRestingOrder()
    {
        resting(1, ALICE, BUY, 1_000, 200);
        resting(2, BOB, BUY, 1_000, 300);

        assertTrue(book.cancelOrder(1));

        assertEvents("cancelled(1, 1, BUY, 1000, 200, USER)", "level(BUY, 1000, 300, 1)");
        assertEquals("2:300", queue(BUY, 1_000));
        assertFalse(book.containsOrder(1));
    }

    @Test
    void shouldCancelLastOrderOfLevelAndRemoveTheLevel()
    {
        resting(1, ALICE, SELL, 1_010, 200);
        resting(2, ALICE, SELL, 1_020, 200);

        assertTrue(book.cancelOrder(1, CancelReason.DISCONNECT));

        assertEvents("cancelled(1, 1, SELL, 1010, 200, DISCONNECT)", "level(SELL, 1010, 0, 0)");
        assertEquals(1, book.levelCount(SELL));
        assertEquals(1_020, book.bestAsk());
    }

    @Test
    void shouldKeepPriorityWhenQuantityIsCut()
    {
        resting(1, ALICE, BUY, 1_000, 500);
        resting(2, BOB, BUY, 1_000, 300);

        assertTrue(book.amendOrder(1, 1_000, 200));

        assertEvents("amended(1, 1, 1000, 200, true)", "level(BUY, 1000, 500, 2)");
        assertEquals("1:200 2:300", queue(BUY, 1_000));
    }

    @Test
    void shouldLosePriorityWhenQuantityIsIncreased()
    {
        resting(1, ALICE, BUY, 1_000, 500);
        resting(2, BOB, BUY, 1_000, 300);

        assertTrue(book.amendOrder(1, 1_000, 600));

        assertEvents("amended(1, 1, 1000, 600, false)", "level(BUY, 1000, 900, 2)");
        assertEquals("2:300 1:600", queue(BUY, 1_000));
    }

    @Test
    void shouldLosePriorityWhenPriceChanges()
    {
        resting(1, ALICE, BUY, 1_000, 500);
        resting(2, BOB, BUY, 990, 300);

        assertTrue(book.amendOrder(1, 990, 500));

        assertEvents(
            "amended(1, 1, 990, 500, false)",
            "level(BUY, 1000, 0, 0)",
            "level(BUY, 990, 800, 2)");
        assertEquals("2:300 1:500", queue(BUY, 990));
        assertEquals(990, book.bestBid());
    }

    @Test
    void shouldMatchWhenNewPriceCrossesThenRestTheRemainder()
    {
        resting(1, ALICE, BUY, 1_000, 500);
        resting(2, BOB, SELL, 1_010, 200);
        resting(3, BOB, SELL, 1_020, 200);

        assertTrue(book.amendOrder(1, 1_010, 400));

        assertEvents(
            "amended(1, 1, 1010, 400, false)",
            "level(BUY, 1000, 0, 0)",
            "fill(1, 2, 2, 1010, 200, 200, 0)",
            "level(SELL, 1010, 0, 0)",
            "level(BUY, 1010, 200, 1)");
        assertEquals(200, leavesOf(1));
        assertEquals(1_010, book.bestBid());
        assertEquals(1_020, book.bestAsk());
    }

    @Test
    void shouldRemoveAmendedOrderThatFillsInFull()
    {
        resting(1, ALICE, BUY, 1_000, 200);
        resting(2, BOB, SELL, 1_010, 500);

        assertTrue(book.amendOrder(1, 1_010, 200));

        assertEvents(
            "amended(1, 1, 1010, 200, false)",
            "level(BUY, 1000, 0, 0)",
            "fill(1, 2, 2, 1010, 200, 0, 300)",
            "level(SELL, 1010, 300, 1)");
        assertFalse(book.containsOrder(1));
        assertEquals(1, book.orderCount());
    }

    @Test
    void shouldUseTheAmendedOrdersOwnSelfTradePrevention()
    {
        book.placeOrder(1, ALICE, BUY, OrderType.LIMIT, 1_000, 200, CANCEL_RESTING);
        resting(2, ALICE, SELL, 1_010, 100);
        resting(3, BOB, SELL, 1_010, 100);
        events.clear();

        assertTrue(book.amendOrder(1, 1_010, 200));

        assertEvents(
            "amended(1, 1, 1010, 200, false)",
            "level(BUY, 1000, 0, 0)",
            "cancelled(2, 1, SELL, 1010, 100, SELF_TRADE)",
            "fill(1, 3, 2, 1010, 100, 100, 0)",
            "level(SELL, 1010, 0, 0)",
            "level(BUY, 1010, 100, 1)");
    }

    @Test
    void shouldRejectPostOnlyAmendThatWouldTake()
    {
        book.placeOrder(1, ALICE, BUY, POST_ONLY, 1_000, 200, CANCEL_TAKER);
        resting(2, BOB, SELL, 1_010, 100);
        final BookSnapshot before = snapshot();

        assertRejected(book.amendOrder(1, 1_010, 200), before, 1, POST_ONLY_WOULD_TAKE);
        assertTrue(book.amendOrder(1, 990, 200));
    }

    @Test
    void shouldReadTheAmendedOrder()
    {
        resting(1, ALICE, SELL, 1_010, 500);
        book.amendOrder(1, 1_030, 700);
        final OrderView view = new OrderView();

        assertTrue(book.readOrder(1, view));

        assertEquals(1, view.orderId());
        assertEquals(ALICE, view.accountId());
        assertEquals(SELL, view.side());
        assertEquals(1_030, view.price());
        assertEquals(700, view.leavesQuantity());
    }

    @Test
    void shouldNotRestImmediateOrCancelSoItCannotBeCancelled()
    {
        book.placeOrder(1, ALICE, BUY, IOC, 1_000, 200, CANCEL_TAKER);
        events.clear();

        assertFalse(book.cancelOrder(1));
        assertEvents("rejected(1, UNKNOWN_ORDER)");
    }
}
