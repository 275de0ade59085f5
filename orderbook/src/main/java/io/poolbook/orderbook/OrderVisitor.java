package io.poolbook.orderbook;

/**
 * Visits the orders of one price level in time priority, see {@link OrderBook#forEachOrderAtLevel}.
 */
@FunctionalInterface
public interface OrderVisitor
{
    /**
     * One resting order.
     *
     * @param orderId        of the order.
     * @param accountId      that owns the order.
     * @param leavesQuantity the order has left.
     */
    void onOrder(long orderId, int accountId, long leavesQuantity);
}
