package io.poolbook.orderbook;

import java.util.List;

import static io.poolbook.orderbook.OrderType.LIMIT;
import static io.poolbook.orderbook.SelfTradePrevention.CANCEL_TAKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small book (tick 10, lot 100, maximum 10,000) with an event recorder, and helpers to arrange and assert.
 * Events read as {@code fill(taker, maker, makerAccount, price, quantity, takerLeaves, makerLeaves)} and so on,
 * see {@link EventRecorder}.
 */
abstract class OrderBookTestSupport
{
    static final long TICK = 10;
    static final long LOT = 100;
    static final long MAX = 10_000;
    static final int ALICE = 1;
    static final int BOB = 2;
    static final int CAROL = 3;

    final EventRecorder events = new EventRecorder();
    final OrderBook book = new OrderBook(TICK, LOT, MAX, 16, events);

    /**
     * Rest a limit order that does not cross, and forget its events.
     */
    void resting(final long orderId, final int accountId, final Side side, final long price, final long quantity)
    {
        assertTrue(book.placeOrder(orderId, accountId, side, LIMIT, price, quantity, CANCEL_TAKER));
        assertEquals(quantity, leavesOf(orderId), "order " + orderId + " should rest in full");
        events.clear();
    }

    long leavesOf(final long orderId)
    {
        final OrderView view = new OrderView();
        return book.readOrder(orderId, view) ? view.leavesQuantity() : 0;
    }

    void assertEvents(final String... expected)
    {
        assertEquals(List.of(expected), events.events());
        events.clear();
    }

    BookSnapshot snapshot()
    {
        final BookSnapshot snapshot = new BookSnapshot();
        snapshot.capture(book);
        return snapshot;
    }

    /**
     * The command was rejected for {@code reason}, emitted nothing else, and left the book as it was.
     */
    void assertRejected(
        final boolean accepted, final BookSnapshot before, final long orderId, final OrderBookReject reason)
    {
        assertFalse(accepted, "should be rejected");
        assertEvents("rejected(" + orderId + ", " + reason + ")");
        final BookSnapshot after = snapshot();
        assertTrue(before.sameAs(after), "book changed: " + before + " -> " + after);
    }

    /**
     * Orders at a level in time priority, as {@code id:leaves}.
     */
    String queue(final Side side, final long price)
    {
        final StringBuilder queue = new StringBuilder();
        book.forEachOrderAtLevel(side, price, (orderId, accountId, leavesQuantity) ->
            queue.append(queue.length() == 0 ? "" : " ").append(orderId).append(':').append(leavesQuantity));
        return queue.toString();
    }
}
