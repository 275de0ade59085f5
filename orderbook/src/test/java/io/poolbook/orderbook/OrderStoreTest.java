package io.poolbook.orderbook;

import org.agrona.collections.Long2ObjectHashMap;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static io.poolbook.orderbook.OrderType.LIMIT;
import static io.poolbook.orderbook.SelfTradePrevention.CANCEL_TAKER;
import static io.poolbook.orderbook.Side.BUY;
import static io.poolbook.orderbook.Side.SELL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A book built with an {@link OrderStore} rests orders in its caller's objects, amends and cancels them by object,
 * refuses objects that do not rest on it, and behaves event for event like a book that pools its own orders.
 */
final class OrderStoreTest extends OrderBookTestSupport
{
    /** A caller's order with state of its own. */
    static final class CallerOrder extends Order
    {
        final long id;

        CallerOrder(final long id)
        {
            this.id = id;
        }
    }

    private final Long2ObjectHashMap<CallerOrder> callerOrders = new Long2ObjectHashMap<>();
    private final OrderStore store = orderId -> callerOrders.computeIfAbsent(orderId, CallerOrder::new);
    private final OrderBook storeBook = new OrderBook(TICK, LOT, MAX, store, events);
    private final OrderBook otherBook = new OrderBook(TICK, LOT, MAX, store, new EventRecorder());

    @Test
    void restsOrdersInTheCallersObjects()
    {
        assertTrue(storeBook.placeOrder(1, ALICE, BUY, LIMIT, 1000, 300, CANCEL_TAKER));
        final CallerOrder order = callerOrders.get(1);
        assertTrue(order.isOnBook());
        assertEquals(1000, order.price());
        assertEquals(300, order.leavesQuantity());
        assertSame(CANCEL_TAKER, order.selfTradePrevention());
    }

    @Test
    void amendsAndCancelsByObject()
    {
        assertTrue(storeBook.placeOrder(1, ALICE, BUY, LIMIT, 1000, 300, CANCEL_TAKER));
        assertTrue(storeBook.placeOrder(2, BOB, BUY, LIMIT, 1000, 200, CANCEL_TAKER));
        events.clear();
        final CallerOrder first = callerOrders.get(1);

        assertTrue(storeBook.amendOrder(first, 1000, 100));
        assertEvents("amended(1, 1, 1000, 100, true)", "level(BUY, 1000, 300, 2)");
        assertTrue(storeBook.amendOrder(first, 990, 100));
        assertEvents("amended(1, 1, 990, 100, false)", "level(BUY, 1000, 200, 1)", "level(BUY, 990, 100, 1)");
        assertTrue(storeBook.cancelOrder(first, CancelReason.USER));
        assertEvents("cancelled(1, 1, BUY, 990, 100, USER)", "level(BUY, 990, 0, 0)");
        assertFalse(first.isOnBook());
    }

    @Test
    void refusesAnObjectThatDoesNotRestOnIt()
    {
        assertTrue(otherBook.placeOrder(7, ALICE, SELL, LIMIT, 1010, 100, CANCEL_TAKER));
        assertTrue(storeBook.placeOrder(8, BOB, BUY, LIMIT, 1000, 100, CANCEL_TAKER));
        events.clear();

        assertFalse(storeBook.amendOrder(callerOrders.get(7), 1020, 100), "another book's order");
        assertEvents("rejected(7, UNKNOWN_ORDER)");
        assertFalse(storeBook.cancelOrder(callerOrders.get(7), CancelReason.USER), "another book's order");
        assertEvents("rejected(7, UNKNOWN_ORDER)");
        assertTrue(callerOrders.get(7).isOnBook(), "still on its own book");

        assertTrue(storeBook.cancelOrder(callerOrders.get(8), CancelReason.USER));
        events.clear();
        assertFalse(storeBook.cancelOrder(callerOrders.get(8), CancelReason.USER), "an order that has ended");
        assertEvents("rejected(8, UNKNOWN_ORDER)");
        assertFalse(storeBook.amendOrder(new CallerOrder(9), 1000, 100), "an order that never rested");
        assertEvents("rejected(0, UNKNOWN_ORDER)");
    }

    @Test
    void aFilledMakerLeavesTheBookAndItsObjectCanRestAgain()
    {
        assertTrue(storeBook.placeOrder(1, ALICE, SELL, LIMIT, 1010, 100, CANCEL_TAKER));
        assertTrue(storeBook.placeOrder(2, BOB, BUY, LIMIT, 1010, 100, CANCEL_TAKER));
        final CallerOrder maker = callerOrders.get(1);
        assertFalse(maker.isOnBook());
        assertEquals(0, storeBook.orderCount());

        final OrderStore reuse = orderId -> maker;
        final OrderBook book = new OrderBook(TICK, LOT, MAX, reuse, new EventRecorder());
        assertTrue(book.placeOrder(3, CAROL, BUY, LIMIT, 1000, 200, CANCEL_TAKER));
        assertTrue(maker.isOnBook());
        assertEquals(200, maker.leavesQuantity());
    }

    @Test
    void behavesEventForEventLikeAPoolingBook()
    {
        final EventRecorder pooledEvents = new EventRecorder();
        final OrderBook pooled = new OrderBook(TICK, LOT, MAX, 16, pooledEvents);
        final SplittableRandom random = new SplittableRandom(3);
        long nextId = 1;
        for (int i = 0; i < 20_000; i++)
        {
            final int roll = random.nextInt(10);
            final long id = roll < 4 || nextId == 1 ? nextId++ : 1 + random.nextLong(nextId - 1);
            final long price = 950 + random.nextInt(11) * 10;
            final long quantity = LOT * (1 + random.nextInt(5));
            final CallerOrder order = callerOrders.get(id);
            if (roll < 4)
            {
                final Side side = random.nextBoolean() ? BUY : SELL;
                final int account = 1 + random.nextInt(3);
                pooled.placeOrder(id, account, side, LIMIT, price, quantity, CANCEL_TAKER);
                storeBook.placeOrder(id, account, side, LIMIT, price, quantity, CANCEL_TAKER);
            }
            else if (roll < 7)
            {
                pooled.amendOrder(id, price, quantity);
                if (null != order && order.isOnBook())
                {
                    storeBook.amendOrder(order, price, quantity);
                }
                else
                {
                    storeBook.amendOrder(id, price, quantity);
                }
            }
            else
            {
                pooled.cancelOrder(id, CancelReason.USER);
                if (null != order && order.isOnBook())
                {
                    storeBook.cancelOrder(order, CancelReason.USER);
                }
                else
                {
                    storeBook.cancelOrder(id, CancelReason.USER);
                }
            }
            assertEquals(pooledEvents.events(), events.events(), "command " + i);
            pooledEvents.clear();
            events.clear();
        }
    }
}
