package io.poolbook.orderbook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.poolbook.orderbook.OrderType.LIMIT;
import static io.poolbook.orderbook.SelfTradePrevention.CANCEL_BOTH;
import static io.poolbook.orderbook.SelfTradePrevention.CANCEL_RESTING;
import static io.poolbook.orderbook.SelfTradePrevention.CANCEL_TAKER;
import static io.poolbook.orderbook.SelfTradePrevention.DECREMENT_AND_CANCEL;
import static io.poolbook.orderbook.Side.BUY;
import static io.poolbook.orderbook.Side.SELL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class SelfTradePreventionTest extends OrderBookTestSupport
{
    @Test
    void shouldCancelTakerAndKeepRestingOrder()
    {
        resting(1, BOB, SELL, 1_000, 100);
        resting(2, ALICE, SELL, 1_000, 300);
        resting(3, BOB, SELL, 1_000, 100);

        book.placeOrder(4, ALICE, BUY, LIMIT, 1_000, 500, CANCEL_TAKER);

        assertEvents(
            "accepted(4, 1, BUY, LIMIT, 1000, 500)",
            "fill(4, 1, 2, 1000, 100, 400, 0)",
            "cancelled(4, 1, BUY, 1000, 400, SELF_TRADE)",
            "level(SELL, 1000, 400, 2)");
        assertEquals("2:300 3:100", queue(SELL, 1_000));
        assertFalse(book.containsOrder(4));
    }

    @Test
    void shouldCancelTakerWithoutLevelChangeWhenOwnOrderIsFirst()
    {
        resting(1, ALICE, SELL, 1_000, 300);

        book.placeOrder(2, ALICE, BUY, LIMIT, 1_000, 500, CANCEL_TAKER);

        assertEvents(
            "accepted(2, 1, BUY, LIMIT, 1000, 500)",
            "cancelled(2, 1, BUY, 1000, 500, SELF_TRADE)");
    }

    @Test
    void shouldCancelRestingOrderAndGoOnMatching()
    {
        resting(1, ALICE, SELL, 1_000, 300);
        resting(2, BOB, SELL, 1_000, 100);
        resting(3, ALICE, SELL, 1_010, 100);
        resting(4, BOB, SELL, 1_010, 200);

        book.placeOrder(5, ALICE, BUY, LIMIT, 1_010, 500, CANCEL_RESTING);

        assertEvents(
            "accepted(5, 1, BUY, LIMIT, 1010, 500)",
            "cancelled(1, 1, SELL, 1000, 300, SELF_TRADE)",
            "fill(5, 2, 2, 1000, 100, 400, 0)",
            "level(SELL, 1000, 0, 0)",
            "cancelled(3, 1, SELL, 1010, 100, SELF_TRADE)",
            "fill(5, 4, 2, 1010, 200, 200, 0)",
            "level(SELL, 1010, 0, 0)",
            "rested(5, 1, BUY, 1010, 200)",
            "level(BUY, 1010, 200, 1)");
    }

    @Test
    void shouldCancelBoth()
    {
        resting(1, BOB, SELL, 1_000, 100);
        resting(2, ALICE, SELL, 1_000, 300);
        resting(3, BOB, SELL, 1_000, 100);

        book.placeOrder(4, ALICE, BUY, LIMIT, 1_000, 500, CANCEL_BOTH);

        assertEvents(
            "accepted(4, 1, BUY, LIMIT, 1000, 500)",
            "fill(4, 1, 2, 1000, 100, 400, 0)",
            "cancelled(2, 1, SELL, 1000, 300, SELF_TRADE)",
            "cancelled(4, 1, BUY, 1000, 400, SELF_TRADE)",
            "level(SELL, 1000, 100, 1)");
        assertEquals("3:100", queue(SELL, 1_000));
    }

    @Test
    void shouldDecrementLargerRestingOrderAndCancelTaker()
    {
        resting(1, ALICE, SELL, 1_000, 500);
        resting(2, BOB, SELL, 1_000, 100);

        book.placeOrder(3, ALICE, BUY, LIMIT, 1_000, 200, DECREMENT_AND_CANCEL);

        assertEvents(
            "accepted(3, 1, BUY, LIMIT, 1000, 200)",
            "decremented(1, 1, SELL, 1000, 200, 300)",
            "cancelled(3, 1, BUY, 1000, 200, SELF_TRADE)",
            "level(SELL, 1000, 400, 2)");
        assertEquals("1:300 2:100", queue(SELL, 1_000));
    }

    @Test
    void shouldCancelSmallerRestingOrderAndDecrementTakerWhichGoesOn()
    {
        resting(1, ALICE, SELL, 1_000, 200);
        resting(2, BOB, SELL, 1_000, 500);

        book.placeOrder(3, ALICE, BUY, LIMIT, 1_000, 500, DECREMENT_AND_CANCEL);

        assertEvents(
            "accepted(3, 1, BUY, LIMIT, 1000, 500)",
            "cancelled(1, 1, SELL, 1000, 200, SELF_TRADE)",
            "decremented(3, 1, BUY, 1000, 200, 300)",
            "fill(3, 2, 2, 1000, 300, 0, 200)",
            "level(SELL, 1000, 200, 1)");
    }

    @Test
    void shouldCancelBothWhenDecrementingEqualQuantities()
    {
        resting(1, ALICE, SELL, 1_000, 300);
        resting(2, BOB, SELL, 1_000, 500);

        book.placeOrder(3, ALICE, BUY, LIMIT, 1_000, 300, DECREMENT_AND_CANCEL);

        assertEvents(
            "accepted(3, 1, BUY, LIMIT, 1000, 300)",
            "cancelled(1, 1, SELL, 1000, 300, SELF_TRADE)",
            "cancelled(3, 1, BUY, 1000, 300, SELF_TRADE)",
            "level(SELL, 1000, 500, 1)");
    }

    @ParameterizedTest
    @EnumSource(SelfTradePrevention.class)
    void shouldNeverTradeBetweenOrdersOfTheSameAccount(final SelfTradePrevention mode)
    {
        resting(1, ALICE, SELL, 1_000, 300);
        resting(2, ALICE, SELL, 1_010, 300);

        assertTrue(book.placeOrder(3, ALICE, BUY, LIMIT, 1_010, 600, mode));

        for (final String event : events.events())
        {
            assertFalse(event.startsWith("fill"), mode + " traded with itself: " + events.events());
        }
        assertTrue(book.bestBid() < book.bestAsk() || 0 == book.bestAsk() || 0 == book.bestBid());
    }
}
