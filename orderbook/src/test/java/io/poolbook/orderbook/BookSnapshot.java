package io.poolbook.orderbook;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole book as numbers: per side, best first, per level its price, total and count, then its orders in
 * time priority (id, account, leaves).
 */
final class BookSnapshot
{
    private long[] values = new long[256];
    private int size;

    void capture(final OrderBook book)
    {
        size = 0;
        for (final Side side : Side.values())
        {
            put(book.levelCount(side));
            book.forEachLevel(side, Integer.MAX_VALUE, (levelSide, price, totalQuantity, orderCount) ->
            {
                put(price);
                put(totalQuantity);
                put(orderCount);
                book.forEachOrderAtLevel(levelSide, price, (orderId, accountId, leavesQuantity) ->
                {
                    put(orderId);
                    put(accountId);
                    put(leavesQuantity);
                });
            });
        }
    }

    void capture(final ReferenceOrderBook reference)
    {
        size = 0;
        for (final Side side : Side.values())
        {
            final List<ReferenceOrderBook.RefOrder> orders = reference.list(side);
            int levels = 0;
            for (int i = 0; i < orders.size(); i++)
            {
                if (0 == i || orders.get(i).price != orders.get(i - 1).price)
                {
                    levels++;
                }
            }
            put(levels);
            int i = 0;
            while (i < orders.size())
            {
                final long price = orders.get(i).price;
                int end = i;
                long total = 0;
                while (end < orders.size() && orders.get(end).price == price)
                {
                    total += orders.get(end).leaves;
                    end++;
                }
                put(price);
                put(total);
                put(end - i);
                for (int j = i; j < end; j++)
                {
                    put(orders.get(j).id);
                    put(orders.get(j).account);
                    put(orders.get(j).leaves);
                }
                i = end;
            }
        }
    }

    boolean sameAs(final BookSnapshot other)
    {
        return Arrays.equals(values, 0, size, other.values, 0, other.size);
    }

    /**
     * Sides strictly ordered best first and never crossed; levels non-empty with totals and counts that match
     * their orders; every order positive whole lots at a positive on-tick price.
     */
    void checkInvariants(final long tick, final long lot, final long max, final String command)
    {
        int index = 0;
        long bestBid = 0;
        for (final Side side : Side.values())
        {
            final long levels = values[index++];
            long previousPrice = 0;
            for (long level = 0; level < levels; level++)
            {
                final long price = values[index++];
                final long total = values[index++];
                final long count = values[index++];
                assertTrue(price > 0 && price % tick == 0, command);
                assertTrue(count > 0 && total > 0, command);
                if (level > 0)
                {
                    assertTrue(Side.BUY == side ? price < previousPrice : price > previousPrice, command);
                }
                else if (Side.BUY == side)
                {
                    bestBid = price;
                }
                else if (bestBid > 0)
                {
                    assertTrue(bestBid < price, "crossed book after " + command);
                }
                previousPrice = price;
                long sum = 0;
                for (long order = 0; order < count; order++)
                {
                    index += 2;
                    final long leaves = values[index++];
                    assertTrue(leaves > 0 && leaves % lot == 0 && leaves <= max, command);
                    sum += leaves;
                }
                assertEquals(total, sum, command);
            }
        }
        assertEquals(size, index, command);
    }

    private void put(final long value)
    {
        if (size == values.length)
        {
            values = Arrays.copyOf(values, size << 1);
        }
        values[size++] = value;
    }

    public String toString()
    {
        return Arrays.toString(Arrays.copyOf(values, size));
    }
}
