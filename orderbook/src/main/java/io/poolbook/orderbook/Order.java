package io.poolbook.orderbook;

/**
 * A resting order: a mutable node of its level's intrusive doubly-linked FIFO. Only the book writes its fields.
 * <p>
 * A book either pools these itself, or rests each order in an object its caller supplies through an
 * {@link OrderStore}: a subclass that carries the caller's own per-order state. The engine does that, so each live
 * order is one object (its record and its place on the book) instead of two, which is one cache line less per
 * amend, cancel and fill when books are many and cold.
 */
public class Order
{
    long orderId;
    int accountId;
    Side side;
    OrderType orderType;
    SelfTradePrevention selfTradePrevention;
    long price;
    long leavesQuantity;
    PriceLevel level;
    Order previous;
    Order next;
    OrderBook book;

    protected Order()
    {
    }

    /** Limit price while it rests; meaningless when {@link #isOnBook()} is false. */
    public final long price()
    {
        return price;
    }

    /** Quantity still resting; meaningless when {@link #isOnBook()} is false. */
    public final long leavesQuantity()
    {
        return leavesQuantity;
    }

    /** Self-trade prevention mode it rests with; null when {@link #isOnBook()} is false. */
    public final SelfTradePrevention selfTradePrevention()
    {
        return selfTradePrevention;
    }

    /** Does it rest on a book (at a level, not being matched as a taker)? */
    public final boolean isOnBook()
    {
        return null != level;
    }

    void reset()
    {
        side = null;
        orderType = null;
        selfTradePrevention = null;
        level = null;
        previous = null;
        next = null;
        book = null;
    }
}
