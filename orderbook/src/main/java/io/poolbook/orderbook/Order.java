package io.poolbook.orderbook;

/**
 * A resting order: a pooled, mutable node of its level's intrusive doubly-linked FIFO. Only the book touches it.
 */
final class Order
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

    void reset()
    {
        side = null;
        orderType = null;
        selfTradePrevention = null;
        level = null;
        previous = null;
        next = null;
    }
}
