package io.poolbook.engine.market;

import io.poolbook.orderbook.Order;

/**
 * One live order: what the engine knows of it beyond what its book holds (the owner's correlation id, the amount
 * still locked for it, its cumulative fills, its place in its account's list of open orders for mass cancel and
 * cancel-on-disconnect) and, as the {@link Order} its book rests it in, its place on the book. One object per
 * order, so that finding it finds both. Pooled and reused.
 */
public final class OrderRecord extends Order
{
    long orderId;
    long clientOrderId;
    int accountId;
    int accountIndex;
    int marketId;
    /** {@link io.poolbook.orderbook.Side#BUY} or SELL, as the book's ordinal. */
    boolean buy;
    /** Asset units still locked for this order: quote for a buy, base for a sell. */
    long locked;
    long filledQuantity;
    /** Part of a two-sided quote, replaced by the account's next quote in the market. */
    boolean quote;
    /** Rests on its book (as opposed to a taker still being matched). */
    boolean resting;

    OrderRecord previousOfAccount;
    OrderRecord nextOfAccount;

    public long orderId()
    {
        return orderId;
    }

    public long clientOrderId()
    {
        return clientOrderId;
    }

    public int accountId()
    {
        return accountId;
    }

    public int marketId()
    {
        return marketId;
    }

    public boolean isBuy()
    {
        return buy;
    }

    public long locked()
    {
        return locked;
    }

    public long filledQuantity()
    {
        return filledQuantity;
    }

    public boolean isQuote()
    {
        return quote;
    }

    public boolean isResting()
    {
        return resting;
    }

    void reset()
    {
        orderId = 0;
        clientOrderId = 0;
        accountId = 0;
        accountIndex = 0;
        marketId = 0;
        buy = false;
        locked = 0;
        filledQuantity = 0;
        quote = false;
        resting = false;
        previousOfAccount = null;
        nextOfAccount = null;
    }
}
