package io.poolbook.orderbook;

/**
 * What happens when a taker meets a resting order of its own account. The mode is carried by the taker; two
 * orders of the same account never trade, whatever the mode.
 */
public enum SelfTradePrevention
{
    /**
     * The taker's remainder is cancelled; the resting order stays as it was. Matching stops.
     */
    CANCEL_TAKER,

    /**
     * The resting order is cancelled; the taker goes on matching behind it.
     */
    CANCEL_RESTING,

    /**
     * Both the resting order and the taker's remainder are cancelled. Matching stops.
     */
    CANCEL_BOTH,

    /**
     * Both are reduced by the smaller of their two quantities, without a trade. The one that reaches zero is
     * cancelled (both when they were equal); the larger keeps the rest: a resting order keeps its time priority,
     * a taker goes on matching behind the cancelled resting order.
     */
    DECREMENT_AND_CANCEL
}
