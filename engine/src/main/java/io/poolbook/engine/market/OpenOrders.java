package io.poolbook.engine.market;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * Every live order's {@link OrderRecord}, found by order id, by (account, client order id), and walked per
 * account in the order they were placed (which makes mass cancel deterministic). Records are pooled.
 * <p>
 * Order ids are handed out in sequence, so most live orders sit in a direct-mapped table indexed by the id's low
 * bits: a lookup is an array read and a compare. An order whose slot is taken by an older live order goes to an
 * overflow hash map, which is consulted only when it is not empty.
 */
public final class OpenOrders
{
    private static final long NONE = -1;

    private static final int DIRECT_SLOTS = 1 << 18;
    private static final int DIRECT_MASK = DIRECT_SLOTS - 1;

    private final OrderRecord[] direct = new OrderRecord[DIRECT_SLOTS];
    private final Long2ObjectHashMap<OrderRecord> overflow = new Long2ObjectHashMap<>();
    private int size;
    private final Int2ObjectHashMap<Long2LongHashMap> byClientOrderId = new Int2ObjectHashMap<>();
    private OrderRecord[] headByAccount = new OrderRecord[64];
    private OrderRecord[] tailByAccount = new OrderRecord[64];
    private int[] restingByAccount = new int[64];
    private OrderRecord[] free = new OrderRecord[256];
    private int freeCount;

    public OpenOrders()
    {
        for (int i = 0; i < free.length; i++)
        {
            free[freeCount++] = new OrderRecord();
        }
    }

    public OrderRecord get(final long orderId)
    {
        final OrderRecord record = direct[(int)orderId & DIRECT_MASK];
        if (null != record && record.orderId == orderId)
        {
            return record;
        }
        return overflow.isEmpty() ? null : overflow.get(orderId);
    }

    public int size()
    {
        return size;
    }

    /**
     * The live order of an account with this client order id.
     *
     * @return its order id, or -1 when there is none.
     */
    public long orderIdOf(final int accountId, final long clientOrderId)
    {
        final Long2LongHashMap map = byClientOrderId.get(accountId);
        return null == map ? NONE : map.get(clientOrderId);
    }

    /** First of an account's live orders, oldest first; walk on with {@link #next(OrderRecord)}. */
    public OrderRecord first(final int accountIndex)
    {
        return accountIndex < headByAccount.length ? headByAccount[accountIndex] : null;
    }

    public OrderRecord next(final OrderRecord record)
    {
        return record.nextOfAccount;
    }

    /**
     * Adds a live order. Client order id 0 means "none" and is not indexed.
     */
    public OrderRecord add(
        final long orderId,
        final long clientOrderId,
        final int accountId,
        final int accountIndex,
        final int marketId,
        final boolean buy,
        final long locked)
    {
        final OrderRecord record = freeCount > 0 ? free[--freeCount] : new OrderRecord();
        record.orderId = orderId;
        record.clientOrderId = clientOrderId;
        record.accountId = accountId;
        record.accountIndex = accountIndex;
        record.marketId = marketId;
        record.buy = buy;
        record.locked = locked;
        final int slot = (int)orderId & DIRECT_MASK;
        if (null == direct[slot])
        {
            direct[slot] = record;
        }
        else
        {
            overflow.put(orderId, record);
        }
        size++;

        if (clientOrderId != 0)
        {
            Long2LongHashMap map = byClientOrderId.get(accountId);
            if (null == map)
            {
                map = new Long2LongHashMap(NONE);
                byClientOrderId.put(accountId, map);
            }
            map.put(clientOrderId, orderId);
        }

        if (accountIndex >= headByAccount.length)
        {
            final int length = Math.max(accountIndex + 1, headByAccount.length * 2);
            headByAccount = Arrays.copyOf(headByAccount, length);
            tailByAccount = Arrays.copyOf(tailByAccount, length);
            restingByAccount = Arrays.copyOf(restingByAccount, length);
        }
        final OrderRecord tail = tailByAccount[accountIndex];
        record.previousOfAccount = tail;
        if (null == tail)
        {
            headByAccount[accountIndex] = record;
        }
        else
        {
            tail.nextOfAccount = record;
        }
        tailByAccount[accountIndex] = record;

        return record;
    }

    /** Forgets every order; for restoring a snapshot into a fresh engine. */
    public void clear()
    {
        for (final OrderRecord record : direct)
        {
            if (null != record)
            {
                remove(record);
            }
        }
        while (!overflow.isEmpty())
        {
            remove(overflow.values().iterator().next());
        }
    }

    /** Orders of the account resting on any book. */
    public int restingCount(final int accountIndex)
    {
        return accountIndex < restingByAccount.length ? restingByAccount[accountIndex] : 0;
    }

    /** Marks a live order as resting on its book, or not. */
    public void resting(final OrderRecord record, final boolean resting)
    {
        if (record.resting != resting)
        {
            record.resting = resting;
            restingByAccount[record.accountIndex] += resting ? 1 : -1;
        }
    }

    /** Removes a live order and returns its record to the pool. */
    public void remove(final OrderRecord record)
    {
        resting(record, false);
        final int slot = (int)record.orderId & DIRECT_MASK;
        if (direct[slot] == record)
        {
            direct[slot] = null;
        }
        else
        {
            overflow.remove(record.orderId);
        }
        size--;
        if (record.clientOrderId != 0)
        {
            final Long2LongHashMap map = byClientOrderId.get(record.accountId);
            if (null != map && map.get(record.clientOrderId) == record.orderId)
            {
                map.remove(record.clientOrderId);
            }
        }

        final OrderRecord previous = record.previousOfAccount;
        final OrderRecord next = record.nextOfAccount;
        if (null == previous)
        {
            headByAccount[record.accountIndex] = next;
        }
        else
        {
            previous.nextOfAccount = next;
        }
        if (null == next)
        {
            tailByAccount[record.accountIndex] = previous;
        }
        else
        {
            next.previousOfAccount = previous;
        }

        record.reset();
        if (freeCount == free.length)
        {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = record;
    }
}
