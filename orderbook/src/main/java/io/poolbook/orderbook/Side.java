package io.poolbook.orderbook;

/**
 * The side of an order: a buy (bid) gives quote for base, a sell (ask) gives base for quote.
 */
public enum Side
{
    BUY,
    SELL;

    /**
     * The side an order of this side trades against.
     *
     * @return {@link #SELL} for {@link #BUY} and the reverse.
     */
    public Side opposite()
    {
        return this == BUY ? SELL : BUY;
    }
}
