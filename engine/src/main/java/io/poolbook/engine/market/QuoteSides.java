package io.poolbook.engine.market;

import org.agrona.collections.Long2LongHashMap;

/**
 * The live orders of each account's two-sided quote in each market, so that the account's next quote replaces
 * them. A side is forgotten when its order ends.
 */
final class QuoteSides
{
    /** The value of a side without a live order; no order has this id. */
    static final long NONE = -1;

    private final Long2LongHashMap bids = new Long2LongHashMap(NONE);
    private final Long2LongHashMap asks = new Long2LongHashMap(NONE);

    /** The order id of the account's quote side in the market, or {@link #NONE}. */
    long orderId(final int accountId, final int marketId, final boolean buy)
    {
        return (buy ? bids : asks).get(key(accountId, marketId));
    }

    void put(final int accountId, final int marketId, final boolean buy, final long orderId)
    {
        (buy ? bids : asks).put(key(accountId, marketId), orderId);
    }

    /** An order of a quote has ended: its side no longer has one, unless a newer quote took its place. */
    void onEnded(final OrderRecord record)
    {
        final long key = key(record.accountId, record.marketId);
        final Long2LongHashMap sides = record.buy ? bids : asks;
        if (sides.get(key) == record.orderId)
        {
            sides.remove(key);
        }
    }

    private static long key(final int accountId, final int marketId)
    {
        return ((long)accountId << 32) | marketId;
    }
}
