package io.poolbook.client.marketdata;

import io.poolbook.codecs.Side;

import java.util.Arrays;

/**
 * One market's aggregated book: price levels per side, best first, each with total quantity and order count.
 * Sorted arrays: an L2 update is a binary search and at most one shift, and a snapshot is a walk from the best
 * price. Used by the node's market-data publisher (a mirror of the engine's books, for snapshots) and by the
 * client's {@link BookBuilder}. Allocates only when a side outgrows its arrays.
 */
public final class L2Book
{
    private final int marketId;
    private final Levels bids = new Levels(true);
    private final Levels asks = new Levels(false);

    public L2Book(final int marketId)
    {
        this.marketId = marketId;
    }

    public int marketId()
    {
        return marketId;
    }

    /**
     * Sets a level's totals; quantity 0 removes it.
     *
     * @param side       of the level.
     * @param price      of the level.
     * @param quantity   new total quantity, 0 to remove.
     * @param orderCount orders at the level.
     */
    public void set(final Side side, final long price, final long quantity, final int orderCount)
    {
        levels(side).set(price, quantity, orderCount);
    }

    /** Removes every level. */
    public void clear()
    {
        bids.size = 0;
        asks.size = 0;
    }

    /** Levels on a side. */
    public int depth(final Side side)
    {
        return levels(side).size;
    }

    /** Price of the i-th best level of a side. */
    public long price(final Side side, final int index)
    {
        return levels(side).prices[index];
    }

    /** Total quantity of the i-th best level of a side. */
    public long quantity(final Side side, final int index)
    {
        return levels(side).quantities[index];
    }

    /** Orders at the i-th best level of a side. */
    public int orderCount(final Side side, final int index)
    {
        return levels(side).orderCounts[index];
    }

    /** Best bid price, or 0 when there is none. */
    public long bestBid()
    {
        return bids.size > 0 ? bids.prices[0] : 0;
    }

    /** Best ask price, or 0 when there is none. */
    public long bestAsk()
    {
        return asks.size > 0 ? asks.prices[0] : 0;
    }

    /** Quantity at a price on a side, 0 when there is no such level. */
    public long quantityAt(final Side side, final long price)
    {
        final Levels levels = levels(side);
        final int index = levels.search(price);
        return index >= 0 ? levels.quantities[index] : 0;
    }

    private Levels levels(final Side side)
    {
        return Side.BUY == side ? bids : asks;
    }

    public String toString()
    {
        final StringBuilder text = new StringBuilder("market ").append(marketId).append(" bids");
        for (int i = 0; i < bids.size; i++)
        {
            text.append(' ').append(bids.quantities[i]).append('@').append(bids.prices[i]);
        }
        text.append(" | asks");
        for (int i = 0; i < asks.size; i++)
        {
            text.append(' ').append(asks.quantities[i]).append('@').append(asks.prices[i]);
        }
        return text.toString();
    }

    private static final class Levels
    {
        private final boolean descending;
        private long[] prices = new long[16];
        private long[] quantities = new long[16];
        private int[] orderCounts = new int[16];
        private int size;

        Levels(final boolean descending)
        {
            this.descending = descending;
        }

        /** Index of the price, or -(insertion point) - 1, with the best price first. */
        int search(final long price)
        {
            int low = 0;
            int high = size - 1;
            while (low <= high)
            {
                final int mid = (low + high) >>> 1;
                final long midPrice = prices[mid];
                if (midPrice == price)
                {
                    return mid;
                }
                if (descending ? midPrice > price : midPrice < price)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid - 1;
                }
            }
            return -(low + 1);
        }

        void set(final long price, final long quantity, final int orderCount)
        {
            final int index = search(price);
            if (index >= 0)
            {
                if (0 == quantity)
                {
                    final int tail = size - index - 1;
                    System.arraycopy(prices, index + 1, prices, index, tail);
                    System.arraycopy(quantities, index + 1, quantities, index, tail);
                    System.arraycopy(orderCounts, index + 1, orderCounts, index, tail);
                    size--;
                }
                else
                {
                    quantities[index] = quantity;
                    orderCounts[index] = orderCount;
                }
                return;
            }
            if (0 == quantity)
            {
                return;
            }
            final int insertAt = -index - 1;
            if (size == prices.length)
            {
                prices = Arrays.copyOf(prices, size * 2);
                quantities = Arrays.copyOf(quantities, size * 2);
                orderCounts = Arrays.copyOf(orderCounts, size * 2);
            }
            final int tail = size - insertAt;
            System.arraycopy(prices, insertAt, prices, insertAt + 1, tail);
            System.arraycopy(quantities, insertAt, quantities, insertAt + 1, tail);
            System.arraycopy(orderCounts, insertAt, orderCounts, insertAt + 1, tail);
            prices[insertAt] = price;
            quantities[insertAt] = quantity;
            orderCounts[insertAt] = orderCount;
            size++;
        }
    }
}
