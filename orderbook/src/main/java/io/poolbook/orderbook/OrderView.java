package io.poolbook.orderbook;

/**
 * A caller-owned copy of one resting order, filled by {@link OrderBook#readOrder}. It is a snapshot: it does not
 * follow later changes to the order. Reuse one instance to read without allocating.
 */
public final class OrderView
{
    private long orderId;
    private int accountId;
    private Side side;
    private OrderType orderType;
    private SelfTradePrevention selfTradePrevention;
    private long price;
    private long leavesQuantity;

    void set(final Order order)
    {
        orderId = order.orderId;
        accountId = order.accountId;
        side = order.side;
        orderType = order.orderType;
        selfTradePrevention = order.selfTradePrevention;
        price = order.price;
        leavesQuantity = order.leavesQuantity;
    }

    /**
     * @return id of the order.
     */
    public long orderId()
    {
        return orderId;
    }

    /**
     * @return account that owns the order.
     */
    public int accountId()
    {
        return accountId;
    }

    /**
     * @return side of the order.
     */
    public Side side()
    {
        return side;
    }

    /**
     * @return type the order was placed with: {@link OrderType#LIMIT}, {@link OrderType#POST_ONLY} or
     * {@link OrderType#POST_ONLY_SLIDE}.
     */
    public OrderType orderType()
    {
        return orderType;
    }

    /**
     * @return self-trade prevention mode the order uses when an amend makes it take.
     */
    public SelfTradePrevention selfTradePrevention()
    {
        return selfTradePrevention;
    }

    /**
     * @return price the order rests at.
     */
    public long price()
    {
        return price;
    }

    /**
     * @return quantity the order has left.
     */
    public long leavesQuantity()
    {
        return leavesQuantity;
    }

    public String toString()
    {
        return "OrderView{orderId=" + orderId + ", accountId=" + accountId + ", side=" + side +
            ", orderType=" + orderType + ", selfTradePrevention=" + selfTradePrevention + ", price=" + price +
            ", leavesQuantity=" + leavesQuantity + '}';
    }
}
