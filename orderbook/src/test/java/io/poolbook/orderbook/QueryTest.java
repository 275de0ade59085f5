package io.poolbook.orderbook;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.poolbook.orderbook.Side.BUY;
import static io.poolbook.orderbook.Side.SELL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class QueryTest extends OrderBookTestSupport
{
    @Test
    void shouldFillDepthArraysBestFirst()
    {
        resting(1, ALICE, BUY, 1_000, 200);
        resting(2, BOB, BUY, 990, 300);
        resting(3, CAROL, BUY, 1_000, 100);
        resting(4, BOB, BUY, 980, 100);
        final long[] prices = new long[2];
        final long[] quantities = new long[2];
        final int[] counts = new int[2];

        assertEquals(2, book.depth(BUY, prices, quantities, counts));

        assertArrayEquals(new long[]{ 1_000, 990 }, prices);
        assertArrayEquals(new long[]{ 300, 300 }, quantities);
        assertArrayEquals(new int[]{ 2, 1 }, counts);
        assertEquals(0, book.depth(SELL, prices, quantities, counts));
    }

    @Test
    void shouldVisitLevelsBestFirst()
    {
        resting(1, ALICE, SELL, 1_020, 200);
        resting(2, BOB, SELL, 1_010, 300);
        resting(3, BOB, SELL, 1_030, 300);
        final List<String> levels = new ArrayList<>();

        assertEquals(2, book.forEachLevel(SELL, 2, (side, price, total, count) ->
            levels.add(side + " " + price + " " + total + " " + count)));

        assertEquals(List.of("SELL 1010 300 1", "SELL 1020 200 1"), levels);
    }

    @Test
    void shouldVisitOrdersOfALevelInTimePriority()
    {
        resting(1, ALICE, BUY, 1_000, 200);
        resting(2, BOB, BUY, 1_000, 300);
        resting(3, CAROL, BUY, 1_000, 100);

        assertEquals("1:200 2:300 3:100", queue(BUY, 1_000));
        assertEquals(0, book.forEachOrderAtLevel(BUY, 990, (id, account, leaves) -> { }));
    }

    @Test
    void shouldCountOrdersAndLevels()
    {
        resting(1, ALICE, BUY, 1_000, 200);
        resting(2, BOB, BUY, 990, 300);
        resting(3, CAROL, SELL, 1_010, 100);

        assertEquals(3, book.orderCount());
        assertEquals(2, book.levelCount(BUY));
        assertEquals(1, book.levelCount(SELL));
        assertTrue(book.containsOrder(2));
        assertFalse(book.containsOrder(4));
        assertFalse(book.readOrder(4, new OrderView()));
    }

    @Test
    void shouldClearWithoutEventsAndWorkAfterwards()
    {
        resting(1, ALICE, BUY, 1_000, 200);
        resting(2, BOB, SELL, 1_010, 300);

        book.clear();

        assertEquals(0, events.size());
        assertEquals(0, book.orderCount());
        assertEquals(0, book.levelCount(BUY));
        assertEquals(OrderBook.NULL_PRICE, book.bestAsk());
        resting(1, ALICE, SELL, 1_000, 200);
        assertEquals(1_000, book.bestAsk());
    }

    @Test
    void shouldGrowBeyondItsCapacityHint()
    {
        for (int i = 1; i <= 2_000; i++)
        {
            resting(i, ALICE, i % 2 == 0 ? BUY : SELL, i % 2 == 0 ? 10_000 - 10L * (i % 700) : 20_000 + 10L * i, 100);
        }

        assertEquals(2_000, book.orderCount());
        assertEquals(10_000, book.bestBid());
        assertEquals(20_010, book.bestAsk());
    }
}
