package io.poolbook.orderbook;

/**
 * Why an order, or the remainder of one, was cancelled.
 */
public enum CancelReason
{
    /**
     * The owner asked for it.
     */
    USER(1),

    /**
     * Self-trade prevention removed it.
     */
    SELF_TRADE(2),

    /**
     * A mass cancel from the owner or an operator.
     */
    MASS_CANCEL(3),

    /**
     * Cancel-on-disconnect of the owner's session.
     */
    DISCONNECT(4),

    /**
     * The engine removed it, e.g. when a market is halted or delisted.
     */
    SYSTEM(5);

    private final int code;

    CancelReason(final int code)
    {
        this.code = code;
    }

    /**
     * Stable number of the reason, independent of declaration order.
     *
     * @return the code of the reason.
     */
    public int code()
    {
        return code;
    }
}
