package io.poolbook.orderbook;

/**
 * How an order meets the book. Every type takes liquidity in price-time priority; the types differ in what
 * happens to the remainder and in what they refuse to do.
 */
public enum OrderType
{
    /**
     * Limit, good till cancelled: takes whatever crosses its price, then rests the remainder.
     */
    LIMIT,

    /**
     * Immediate or cancel: takes whatever crosses its price, then the remainder expires.
     */
    IOC,

    /**
     * Fill or kill: fills its whole quantity at once or is rejected with
     * {@link OrderBookReject#FOK_NOT_FILLABLE}; nothing of it ever rests. Self-trade prevention counts: an order
     * that would meet its own account before it is filled in full is not fillable (except with
     * {@link SelfTradePrevention#CANCEL_RESTING}, which removes the resting order and goes on).
     */
    FOK,

    /**
     * Post-only: rests without taking; rejected with {@link OrderBookReject#POST_ONLY_WOULD_TAKE} if its price
     * crosses the opposite best.
     */
    POST_ONLY,

    /**
     * Post-only that slides instead of being rejected: a price that crosses is moved to one tick better than the
     * opposite best (a buy to {@code bestAsk - tick}, a sell to {@code bestBid + tick}), then rests there.
     */
    POST_ONLY_SLIDE,

    /**
     * Market: takes at any price, or down (up) to a protection price, optionally within a quote budget for buys;
     * the remainder expires.
     */
    MARKET
}
