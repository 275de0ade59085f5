package io.poolbook.orderbook;

/**
 * Why the book refused a command. A rejected command changes nothing. The engine maps each reason to its wire
 * code; {@link #code()} is stable and independent of declaration order.
 */
public enum OrderBookReject
{
    /**
     * The side, order type or self-trade prevention mode is missing, or the type cannot be used that way (a quote
     * budget on a sell).
     */
    INVALID_ORDER_TYPE(1),

    /**
     * The quantity is zero or negative.
     */
    INVALID_QUANTITY(2),

    /**
     * The quantity is not a multiple of the lot size.
     */
    QUANTITY_OFF_LOT(3),

    /**
     * The quantity is above the book's maximum.
     */
    QUANTITY_ABOVE_MAXIMUM(4),

    /**
     * The price is zero or negative where a price is required, or negative where it is optional.
     */
    INVALID_PRICE(5),

    /**
     * The price is not a multiple of the tick size.
     */
    PRICE_OFF_TICK(6),

    /**
     * The quote budget is negative.
     */
    INVALID_QUOTE_BUDGET(7),

    /**
     * No resting order has this id.
     */
    UNKNOWN_ORDER(8),

    /**
     * A resting order already has this id.
     */
    DUPLICATE_ORDER_ID(9),

    /**
     * A post-only order, new or amended, would take liquidity.
     */
    POST_ONLY_WOULD_TAKE(10),

    /**
     * A fill-or-kill order cannot be filled in full right now.
     */
    FOK_NOT_FILLABLE(11),

    /**
     * The quote value (price times lots) of the order, or of what it could trade, does not fit in a long.
     */
    OVERFLOW(12),

    /**
     * An amend that changes neither price nor quantity.
     */
    NOTHING_TO_AMEND(13),

    /**
     * An order to be rested without matching crosses the opposite best.
     */
    CROSSES_BOOK(14);

    private final int code;

    OrderBookReject(final int code)
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
