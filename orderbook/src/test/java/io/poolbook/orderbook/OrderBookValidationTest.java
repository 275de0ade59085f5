package io.poolbook.orderbook;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.poolbook.orderbook.OrderBook.NO_QUOTE_BUDGET;
import static io.poolbook.orderbook.OrderBook.NULL_PRICE;
import static io.poolbook.orderbook.OrderBookReject.CROSSES_BOOK;
import static io.poolbook.orderbook.OrderBookReject.DUPLICATE_ORDER_ID;
import static io.poolbook.orderbook.OrderBookReject.INVALID_ORDER_TYPE;
import static io.poolbook.orderbook.OrderBookReject.INVALID_PRICE;
import static io.poolbook.orderbook.OrderBookReject.INVALID_QUANTITY;
import static io.poolbook.orderbook.OrderBookReject.INVALID_QUOTE_BUDGET;
import static io.poolbook.orderbook.OrderBookReject.NOTHING_TO_AMEND;
import static io.poolbook.orderbook.OrderBookReject.OVERFLOW;
import static io.poolbook.orderbook.OrderBookReject.PRICE_OFF_TICK;
import static io.poolbook.orderbook.OrderBookReject.QUANTITY_ABOVE_MAXIMUM;
import static io.poolbook.orderbook.OrderBookReject.QUANTITY_OFF_LOT;
import static io.poolbook.orderbook.OrderBookReject.UNKNOWN_ORDER;
import static io.poolbook.orderbook.OrderType.IOC;
import static io.poolbook.orderbook.OrderType.LIMIT;
import static io.poolbook.orderbook.SelfTradePrevention.CANCEL_TAKER;
import static io.poolbook.orderbook.Side.BUY;
import static io.poolbook.orderbook.Side.SELL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Bad input: each is a reject with its reason, nothing else is emitted and the book is unchanged.
 */
final class OrderBookValidationTest extends OrderBookTestSupport
{
    private final MatchResult result = new MatchResult();
    private BookSnapshot before;

    @BeforeEach
    void restSomeOrders()
    {
        resting(1, ALICE, BUY, 1_000, 500);
        resting(2, BOB, SELL, 1_010, 500);
        before = snapshot();
    }

    @Test
    void shouldRejectZeroQuantity()
    {
        assertRejected(book.placeOrder(10, CAROL, BUY, LIMIT, 1_000, 0, CANCEL_TAKER), before, 10, INVALID_QUANTITY);
    }

    @Test
    void shouldRejectNegativeQuantity()
    {
        assertRejected(
            book.placeOrder(10, CAROL, BUY, LIMIT, 1_000, -100, CANCEL_TAKER), before, 10, INVALID_QUANTITY);
    }

    @Test
    void shouldRejectZeroPrice()
    {
        assertRejected(book.placeOrder(10, CAROL, BUY, LIMIT, 0, 100, CANCEL_TAKER), before, 10, INVALID_PRICE);
    }

    @Test
    void shouldRejectNegativePrice()
    {
        assertRejected(book.placeOrder(10, CAROL, SELL, IOC, -10, 100, CANCEL_TAKER), before, 10, INVALID_PRICE);
    }

    @Test
    void shouldRejectPriceOffTick()
    {
        assertRejected(book.placeOrder(10, CAROL, BUY, LIMIT, 1_005, 100, CANCEL_TAKER), before, 10, PRICE_OFF_TICK);
    }

    @Test
    void shouldRejectQuantityOffLot()
    {
        assertRejected(
            book.placeOrder(10, CAROL, BUY, LIMIT, 1_000, 150, CANCEL_TAKER), before, 10, QUANTITY_OFF_LOT);
    }

    @Test
    void shouldRejectQuantityAboveMaximum()
    {
        assertRejected(
            book.placeOrder(10, CAROL, BUY, LIMIT, 1_000, MAX + LOT, CANCEL_TAKER), before, 10, QUANTITY_ABOVE_MAXIMUM);
    }

    @Test
    void shouldAcceptQuantityAtMaximum()
    {
        assertEquals(true, book.placeOrder(10, CAROL, BUY, LIMIT, 990, MAX, CANCEL_TAKER));
    }

    @Test
    void shouldRejectCancelOfUnknownOrder()
    {
        assertRejected(book.cancelOrder(99), before, 99, UNKNOWN_ORDER);
    }

    @Test
    void shouldRejectAmendOfUnknownOrder()
    {
        assertRejected(book.amendOrder(99, 1_000, 100), before, 99, UNKNOWN_ORDER);
    }

    @Test
    void shouldRejectCancelOfFilledOrder()
    {
        book.placeOrder(10, CAROL, SELL, IOC, 1_000, 500, CANCEL_TAKER);
        events.clear();
        final BookSnapshot afterFill = snapshot();

        assertRejected(book.cancelOrder(1), afterFill, 1, UNKNOWN_ORDER);
    }

    @Test
    void shouldRejectDuplicateOrderId()
    {
        assertRejected(book.placeOrder(1, CAROL, BUY, LIMIT, 990, 100, CANCEL_TAKER), before, 1, DUPLICATE_ORDER_ID);
    }

    @Test
    void shouldRejectDuplicateOrderIdOfTakers()
    {
        assertRejected(book.placeOrder(2, CAROL, BUY, IOC, 1_010, 100, CANCEL_TAKER), before, 2, DUPLICATE_ORDER_ID);
        assertRejected(
            book.placeMarketOrder(2, CAROL, BUY, 100, NULL_PRICE, NO_QUOTE_BUDGET, CANCEL_TAKER),
            before, 2, DUPLICATE_ORDER_ID);
        assertRejected(
            book.matchUpTo(1, CAROL, SELL, CANCEL_TAKER, NULL_PRICE, 100, NO_QUOTE_BUDGET, result),
            before, 1, DUPLICATE_ORDER_ID);
        assertRejected(book.restOrder(1, CAROL, BUY, 990, 100, CANCEL_TAKER), before, 1, DUPLICATE_ORDER_ID);
    }

    @Test
    void shouldRejectMissingSideTypeOrSelfTradePrevention()
    {
        assertRejected(book.placeOrder(10, CAROL, null, LIMIT, 990, 100, CANCEL_TAKER), before, 10, INVALID_ORDER_TYPE);
        assertRejected(book.placeOrder(10, CAROL, BUY, null, 990, 100, CANCEL_TAKER), before, 10, INVALID_ORDER_TYPE);
        assertRejected(book.placeOrder(10, CAROL, BUY, LIMIT, 990, 100, null), before, 10, INVALID_ORDER_TYPE);
    }

    @Test
    void shouldRejectAmendToInvalidQuantityOrPrice()
    {
        assertRejected(book.amendOrder(1, 1_000, 0), before, 1, INVALID_QUANTITY);
        assertRejected(book.amendOrder(1, 1_000, 150), before, 1, QUANTITY_OFF_LOT);
        assertRejected(book.amendOrder(1, 1_000, MAX + LOT), before, 1, QUANTITY_ABOVE_MAXIMUM);
        assertRejected(book.amendOrder(1, 0, 500), before, 1, INVALID_PRICE);
        assertRejected(book.amendOrder(1, 995, 500), before, 1, PRICE_OFF_TICK);
    }

    @Test
    void shouldRejectAmendThatChangesNothing()
    {
        assertRejected(book.amendOrder(1, 1_000, 500), before, 1, NOTHING_TO_AMEND);
    }

    @Test
    void shouldRejectNegativeQuoteBudget()
    {
        assertRejected(
            book.placeMarketOrder(10, CAROL, BUY, 100, NULL_PRICE, -1, CANCEL_TAKER), before, 10, INVALID_QUOTE_BUDGET);
    }

    @Test
    void shouldRejectQuoteBudgetOnSell()
    {
        assertRejected(
            book.placeMarketOrder(10, CAROL, SELL, 100, NULL_PRICE, 5_000, CANCEL_TAKER), before, 10, INVALID_ORDER_TYPE);
    }

    @Test
    void shouldRejectMarketProtectionPriceNegativeOrOffTick()
    {
        assertRejected(
            book.placeMarketOrder(10, CAROL, BUY, 100, -10, NO_QUOTE_BUDGET, CANCEL_TAKER), before, 10, INVALID_PRICE);
        assertRejected(
            book.placeMarketOrder(10, CAROL, BUY, 100, 1_015, NO_QUOTE_BUDGET, CANCEL_TAKER), before, 10, PRICE_OFF_TICK);
    }

    @Test
    void shouldRejectMarketOrderWithoutQuantityOrBudget()
    {
        assertRejected(
            book.placeMarketOrder(10, CAROL, BUY, 0, NULL_PRICE, NO_QUOTE_BUDGET, CANCEL_TAKER),
            before, 10, INVALID_QUANTITY);
    }

    @Test
    void shouldRejectLimitWhoseNotionalOverflows()
    {
        final long price = (Long.MAX_VALUE / 100 / TICK + 1) * TICK;

        assertRejected(book.placeOrder(10, CAROL, SELL, LIMIT, price, 100 * LOT, CANCEL_TAKER), before, 10, OVERFLOW);
    }

    @Test
    void shouldRejectSellThatCouldTradeAtAnOverflowingBid()
    {
        final OrderBook book = new OrderBook(1, 1, Long.MAX_VALUE, 16, events);
        book.placeOrder(1, ALICE, BUY, LIMIT, Long.MAX_VALUE / 4, 2, CANCEL_TAKER);
        events.clear();

        assertEquals(false, book.placeOrder(2, BOB, SELL, LIMIT, 1, 8, CANCEL_TAKER));
        assertEvents("rejected(2, OVERFLOW)");
        assertEquals(false, book.placeMarketOrder(2, BOB, SELL, 8, NULL_PRICE, NO_QUOTE_BUDGET, CANCEL_TAKER));
        assertEvents("rejected(2, OVERFLOW)");
        assertEquals(true, book.placeOrder(2, BOB, SELL, LIMIT, 1, 3, CANCEL_TAKER));
    }

    @Test
    void shouldRejectMarketBuyThatCouldTradeAtAnOverflowingAsk()
    {
        final OrderBook book = new OrderBook(1, 1, Long.MAX_VALUE, 16, events);
        book.placeOrder(1, ALICE, SELL, LIMIT, 10, 2, CANCEL_TAKER);
        book.placeOrder(2, ALICE, SELL, LIMIT, Long.MAX_VALUE / 4, 2, CANCEL_TAKER);
        events.clear();

        assertEquals(false, book.placeMarketOrder(3, BOB, BUY, 8, NULL_PRICE, NO_QUOTE_BUDGET, CANCEL_TAKER));
        assertEvents("rejected(3, OVERFLOW)");
        assertEquals(true, book.placeMarketOrder(3, BOB, BUY, 8, 10, NO_QUOTE_BUDGET, CANCEL_TAKER));
    }

    @Test
    void shouldRejectAmendWhoseNotionalOverflows()
    {
        final long price = (Long.MAX_VALUE / 5 / TICK + 1) * TICK;

        assertRejected(book.amendOrder(2, price, 5 * LOT), before, 2, OVERFLOW);
    }

    @Test
    void shouldRejectRestOrderThatCrosses()
    {
        assertRejected(book.restOrder(10, CAROL, BUY, 1_010, 100, CANCEL_TAKER), before, 10, CROSSES_BOOK);
    }

    @Test
    void shouldRejectMatchUpToWithInvalidQuantityOrPrice()
    {
        assertRejected(
            book.matchUpTo(10, CAROL, BUY, CANCEL_TAKER, 1_010, 0, NO_QUOTE_BUDGET, result), before, 10, INVALID_QUANTITY);
        assertRejected(
            book.matchUpTo(10, CAROL, BUY, CANCEL_TAKER, -1, 100, NO_QUOTE_BUDGET, result), before, 10, INVALID_PRICE);
    }

    @Test
    void shouldValidateNewOrderWithoutPlacingIt()
    {
        assertNull(book.validateNewOrder(10, 1_000, 100));
        assertNull(book.validateNewOrder(10, NULL_PRICE, 100));
        assertEquals(PRICE_OFF_TICK, book.validateNewOrder(10, 1_001, 100));
        assertEquals(QUANTITY_OFF_LOT, book.validateNewOrder(10, 1_000, 101));
        assertEquals(DUPLICATE_ORDER_ID, book.validateNewOrder(1, 1_000, 100));
        assertEquals(0, events.size());
    }

    @Test
    void shouldRefuseInvalidConfiguration()
    {
        assertThrows(IllegalArgumentException.class, () -> new OrderBook(0, 1, 1, 0, events));
        assertThrows(IllegalArgumentException.class, () -> new OrderBook(1, 0, 1, 0, events));
        assertThrows(IllegalArgumentException.class, () -> new OrderBook(1, 10, 5, 0, events));
        assertThrows(IllegalArgumentException.class, () -> new OrderBook(1, 1, 1, -1, events));
        assertThrows(NullPointerException.class, () -> new OrderBook(1, 1, 1, 0, null));
    }
}
