package io.poolbook.orderbook;

/**
 * The orders resting at one price in time priority (an intrusive doubly-linked FIFO, so cancel and amend are
 * O(1)), with the running totals that L2 market data needs. Pooled by the book.
 */
final class PriceLevel
{
    long price;
    long key;
    int slot;
    long totalQuantity;
    int orderCount;
    Order head;
    Order tail;

    void init(final long price, final long key)
    {
        this.price = price;
        this.key = key;
        totalQuantity = 0;
        orderCount = 0;
        head = null;
        tail = null;
    }

    void append(final Order order)
    {
        final Order tail = this.tail;
        order.level = this;
        order.previous = tail;
        order.next = null;
        if (null == tail)
        {
            head = order;
        }
        else
        {
            tail.next = order;
        }
        this.tail = order;
        orderCount++;
        totalQuantity += order.leavesQuantity;
    }

    void unlink(final Order order)
    {
        final Order previous = order.previous;
        final Order next = order.next;
        if (null == previous)
        {
            head = next;
        }
        else
        {
            previous.next = next;
        }
        if (null == next)
        {
            tail = previous;
        }
        else
        {
            next.previous = previous;
        }
        order.previous = null;
        order.next = null;
        order.level = null;
        orderCount--;
        totalQuantity -= order.leavesQuantity;
    }
}
