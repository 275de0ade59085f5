package io.poolbook.orderbook;

import org.junit.jupiter.api.Test;

import static io.poolbook.orderbook.OrderBook.NO_QUOTE_BUDGET;
import static io.poolbook.orderbook.OrderBook.NULL_PRICE;
import static io.poolbook.orderbook.OrderBookReject.FOK_NOT_FILLABLE;
import static io.poolbook.orderbook.OrderBookReject.POST_ONLY_WOULD_TAKE;
import static io.poolbook.orderbook.OrderType.FOK;
import static io.poolbook.orderbook.OrderType.IOC;
import static io.poolbook.orderbook.OrderType.LIMIT;
import static io.poolbook.orderbook.OrderType.MARKET;
import static io.poolbook.orderbook.OrderType.POST_ONLY;
import static io.poolbook.orderbook.OrderType.POST_ONLY_SLIDE;
import static io.poolbook.orderbook.SelfTradePrevention.CANCEL_TAKER;
import static io.poolbook.orderbook.Side.BUY;
import static io.poolbook.orderbook.Side.SELL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class OrderTypeTest extends OrderBookTestSupport
{
    @Test
    void shouldRestLimitOrderThatDoesNotCross()
    {
        assertTrue(book.placeOrder(1, ALICE, BUY, LIMIT, 1_000, 300, CANCEL_TAKER));

        assertEvents(
            "accepted(1, 1, BUY, LIMIT, 1000, 300)",
            "rested(1, 1, BUY, 1000, 300)",
            "level(BUY, 1000, 300, 1)");
        assertEquals(1_000, book.bestBid());
        assertEquals(NULL_PRICE, book.bestAsk());
    }

    @Test
    void shouldMatchLimitOrderInPriceTimePriorityThenRestTheRemainder()
    {
        resting(1, ALICE, SELL, 1_010, 200);
        resting(2, BOB, SELL, 1_000, 100);
        resting(3, ALICE, SELL, 1_010, 300);
        resting(4, BOB, SELL, 1_020, 100);

        assertTrue(book.placeOrder(5, CAROL, BUY, LIMIT, 1_010, 900, CANCEL_TAKER));

        assertEvents(
            "accepted(5, 3, BUY, LIMIT, 1010, 900)",
            "fill(5, 2, 2, 1000, 100, 800, 0)",
            "level(SELL, 1000, 0, 0)",
            "fill(5, 1, 1, 1010, 200, 600, 0)",
            "fill(5, 3, 1, 1010, 300, 300, 0)",
            "level(SELL, 1010, 0, 0)",
            "rested(5, 3, BUY, 1010, 300)",
            "level(BUY, 1010, 300, 1)");
        assertEquals(1_010, book.bestBid());
        assertEquals(1_020, book.bestAsk());
    }

    @Test
    void shouldPartiallyFillMakerAndLeaveItAtTheFront()
    {
        resting(1, ALICE, SELL, 1_000, 500);
        resting(2, BOB, SELL, 1_000, 500);

        book.placeOrder(3, CAROL, BUY, LIMIT, 1_000, 200, CANCEL_TAKER);

        assertEvents(
            "accepted(3, 3, BUY, LIMIT, 1000, 200)",
            "fill(3, 1, 1, 1000, 200, 0, 300)",
            "level(SELL, 1000, 800, 2)");
        assertEquals("1:300 2:500", queue(SELL, 1_000));
    }

    @Test
    void shouldExpireRemainderOfImmediateOrCancel()
    {
        resting(1, ALICE, BUY, 1_000, 200);
        resting(2, ALICE, BUY, 990, 200);

        assertTrue(book.placeOrder(3, BOB, SELL, IOC, 1_000, 500, CANCEL_TAKER));

        assertEvents(
            "accepted(3, 2, SELL, IOC, 1000, 500)",
            "fill(3, 1, 1, 1000, 200, 300, 0)",
            "level(BUY, 1000, 0, 0)",
            "expired(3, 2, 300)");
        assertEquals(990, book.bestBid());
        assertEquals(NULL_PRICE, book.bestAsk());
    }

    @Test
    void shouldExpireImmediateOrCancelThatFindsNothing()
    {
        assertTrue(book.placeOrder(1, BOB, SELL, IOC, 1_000, 500, CANCEL_TAKER));

        assertEvents("accepted(1, 2, SELL, IOC, 1000, 500)", "expired(1, 2, 500)");
        assertEquals(0, book.orderCount());
    }

    @Test
    void shouldFillFillOrKillInFull()
    {
        resting(1, ALICE, SELL, 1_000, 200);
        resting(2, BOB, SELL, 1_010, 300);

        assertTrue(book.placeOrder(3, CAROL, BUY, FOK, 1_010, 500, CANCEL_TAKER));

        assertEvents(
            "accepted(3, 3, BUY, FOK, 1010, 500)",
            "fill(3, 1, 1, 1000, 200, 300, 0)",
            "level(SELL, 1000, 0, 0)",
            "fill(3, 2, 2, 1010, 300, 0, 0)",
            "level(SELL, 1010, 0, 0)");
        assertEquals(0, book.orderCount());
    }

    @Test
    void shouldRejectFillOrKillThatCannotFillInFull()
    {
        resting(1, ALICE, SELL, 1_000, 200);
        resting(2, BOB, SELL, 1_020, 300);
        final BookSnapshot before = snapshot();

        assertRejected(book.placeOrder(3, CAROL, BUY, FOK, 1_010, 500, CANCEL_TAKER), before, 3, FOK_NOT_FILLABLE);
    }

    @Test
    void shouldRejectFillOrKillThatWouldMeetItsOwnOrder()
    {
        resting(1, ALICE, SELL, 1_000, 200);
        resting(2, CAROL, SELL, 1_000, 300);
        final BookSnapshot before = snapshot();

        assertRejected(book.placeOrder(3, CAROL, BUY, FOK, 1_000, 500, CANCEL_TAKER), before, 3, FOK_NOT_FILLABLE);
    }

    @Test
    void shouldRestPostOnlyThatDoesNotCross()
    {
        resting(1, ALICE, SELL, 1_010, 200);

        assertTrue(book.placeOrder(2, BOB, BUY, POST_ONLY, 1_000, 300, CANCEL_TAKER));

        assertEvents(
            "accepted(2, 2, BUY, POST_ONLY, 1000, 300)",
            "rested(2, 2, BUY, 1000, 300)",
            "level(BUY, 1000, 300, 1)");
    }

    @Test
    void shouldRejectPostOnlyThatWouldTake()
    {
        resting(1, ALICE, SELL, 1_010, 200);
        final BookSnapshot before = snapshot();

        assertRejected(
            book.placeOrder(2, BOB, BUY, POST_ONLY, 1_010, 300, CANCEL_TAKER), before, 2, POST_ONLY_WOULD_TAKE);
    }

    @Test
    void shouldSlidePostOnlyBuyToOneTickBelowBestAsk()
    {
        resting(1, ALICE, SELL, 1_010, 200);

        assertTrue(book.placeOrder(2, BOB, BUY, POST_ONLY_SLIDE, 1_050, 300, CANCEL_TAKER));

        assertEvents(
            "accepted(2, 2, BUY, POST_ONLY_SLIDE, 1000, 300)",
            "rested(2, 2, BUY, 1000, 300)",
            "level(BUY, 1000, 300, 1)");
    }

    @Test
    void shouldSlidePostOnlySellToOneTickAboveBestBid()
    {
        resting(1, ALICE, BUY, 1_000, 200);

        assertTrue(book.placeOrder(2, BOB, SELL, POST_ONLY_SLIDE, 1_000, 300, CANCEL_TAKER));

        assertEvents(
            "accepted(2, 2, SELL, POST_ONLY_SLIDE, 1010, 300)",
            "rested(2, 2, SELL, 1010, 300)",
            "level(SELL, 1010, 300, 1)");
    }

    @Test
    void shouldNotSlidePostOnlyThatDoesNotCross()
    {
        resting(1, ALICE, SELL, 1_010, 200);

        book.placeOrder(2, BOB, BUY, POST_ONLY_SLIDE, 990, 300, CANCEL_TAKER);

        assertEquals(990, book.bestBid());
    }

    @Test
    void shouldRejectPostOnlySlideWithNoPriceBelowBestAsk()
    {
        resting(1, ALICE, SELL, TICK, 200);
        final BookSnapshot before = snapshot();

        assertRejected(
            book.placeOrder(2, BOB, BUY, POST_ONLY_SLIDE, 1_000, 300, CANCEL_TAKER), before, 2, POST_ONLY_WOULD_TAKE);
    }

    @Test
    void shouldTakeEveryLevelWithMarketOrderAndExpireTheRest()
    {
        resting(1, ALICE, SELL, 1_000, 200);
        resting(2, BOB, SELL, 5_000, 300);

        assertTrue(book.placeOrder(3, CAROL, BUY, MARKET, NULL_PRICE, 600, CANCEL_TAKER));

        assertEvents(
            "accepted(3, 3, BUY, MARKET, 0, 600)",
            "fill(3, 1, 1, 1000, 200, 400, 0)",
            "level(SELL, 1000, 0, 0)",
            "fill(3, 2, 2, 5000, 300, 100, 0)",
            "level(SELL, 5000, 0, 0)",
            "expired(3, 3, 100)");
    }

    @Test
    void shouldStopMarketOrderAtItsProtectionPrice()
    {
        resting(1, ALICE, BUY, 1_000, 200);
        resting(2, BOB, BUY, 900, 300);

        assertTrue(book.placeMarketOrder(3, CAROL, SELL, 500, 950, NO_QUOTE_BUDGET, CANCEL_TAKER));

        assertEvents(
            "accepted(3, 3, SELL, MARKET, 950, 500)",
            "fill(3, 1, 1, 1000, 200, 300, 0)",
            "level(BUY, 1000, 0, 0)",
            "expired(3, 3, 300)");
        assertEquals(900, book.bestBid());
    }

    @Test
    void shouldFillMarketBuyWithinQuoteBudgetInWholeLots()
    {
        resting(1, ALICE, SELL, 1_000, 200);
        resting(2, BOB, SELL, 1_500, 500);

        // 2 lots at 1,000 cost 2,000; 3,900 left buys 2 lots at 1,500 (3,000), 900 left buys nothing more.
        assertTrue(book.placeMarketOrder(3, CAROL, BUY, 1_000, NULL_PRICE, 5_900, CANCEL_TAKER));

        assertEvents(
            "accepted(3, 3, BUY, MARKET, 0, 1000)",
            "fill(3, 1, 1, 1000, 200, 800, 0)",
            "level(SELL, 1000, 0, 0)",
            "fill(3, 2, 2, 1500, 200, 600, 300)",
            "level(SELL, 1500, 300, 1)",
            "expired(3, 3, 600)");
    }

    @Test
    void shouldFillMarketBuyWithBudgetAndNoQuantityUpToTheBudget()
    {
        resting(1, ALICE, SELL, 1_000, 5_000);

        assertTrue(book.placeMarketOrder(2, CAROL, BUY, 0, NULL_PRICE, 3_500, CANCEL_TAKER));

        assertEvents(
            "accepted(2, 3, BUY, MARKET, 0, 10000)",
            "fill(2, 1, 1, 1000, 300, 9700, 4700)",
            "level(SELL, 1000, 4700, 1)",
            "expired(2, 3, 9700)");
    }

    @Test
    void shouldExpireMarketBuyWhoseBudgetBuysNoLot()
    {
        resting(1, ALICE, SELL, 1_000, 5_000);

        assertTrue(book.placeMarketOrder(2, CAROL, BUY, 0, NULL_PRICE, 999, CANCEL_TAKER));

        assertEvents("accepted(2, 3, BUY, MARKET, 0, 10000)", "expired(2, 3, 10000)");
    }

    @Test
    void shouldExpireMarketOrderOnEmptyBook()
    {
        assertTrue(book.placeOrder(1, CAROL, SELL, MARKET, NULL_PRICE, 100, CANCEL_TAKER));

        assertEvents("accepted(1, 3, SELL, MARKET, 0, 100)", "expired(1, 3, 100)");
    }
}
