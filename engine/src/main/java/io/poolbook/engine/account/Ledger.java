package io.poolbook.engine.account;

import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * The one place balances change. Every change is recorded twice over: as a touched (account, asset) pair, so
 * the engine reports each changed balance once at the end of a command; and, when it moves value in or out of an
 * account's total, as a net delta of the current settlement batch, which is what the chain settles.
 * Deposits are not batch deltas (the chain saw them first); withdrawals are counted apart from the trading
 * deltas, because on chain they pay tokens out while trading deltas only move claims between accounts.
 * <p>
 * Callers check funds and overflow before they change anything, so a rejected command changes nothing; the
 * exact arithmetic here is a last line of defence that should never fire.
 */
public final class Ledger
{
    private final Assets assets;
    private final Accounts accounts;

    private long[] touched = new long[64];
    private long[] availableBefore = new long[64];
    private long[] lockedBefore = new long[64];
    private int touchedCount;

    private final Long2LongHashMap batchDeltas = new Long2LongHashMap(0);
    private final Long2LongHashMap batchWithdrawals = new Long2LongHashMap(0);
    private final Long2LongHashMap batchPoolDeltas = new Long2LongHashMap(0);
    private long[] sortScratch = new long[64];

    public Ledger(final Assets assets, final Accounts accounts)
    {
        this.assets = assets;
        this.accounts = accounts;
    }

    public Assets assets()
    {
        return assets;
    }

    public Accounts accounts()
    {
        return accounts;
    }

    /** Credits a deposit from the chain: available grows, and so does the asset's supply. */
    public void deposit(final Account account, final Asset asset, final long amount)
    {
        change(account, asset, amount, 0, false);
        Assets.addSupply(asset, amount);
    }

    /** Debits a withdrawal to the chain from available; the batch records it for the chain to pay out. */
    public void withdraw(final Account account, final Asset asset, final long amount)
    {
        change(account, asset, -amount, 0, false);
        Assets.addSupply(asset, -amount);
        accumulate(batchWithdrawals, batchKey(account.id(), asset.id()), amount);
    }

    /** Moves {@code amount} from available to locked. */
    public void lock(final Account account, final Asset asset, final long amount)
    {
        change(account, asset, -amount, amount, false);
    }

    /** Moves {@code amount} from locked back to available. */
    public void unlock(final Account account, final Asset asset, final long amount)
    {
        change(account, asset, amount, -amount, false);
    }

    /** Takes {@code amount} out of locked: it leaves the account (to a counterparty, pool or fee account). */
    public void spendLocked(final Account account, final Asset asset, final long amount)
    {
        change(account, asset, 0, -amount, true);
    }

    /** Takes {@code amount} out of available: it leaves the account. */
    public void spendAvailable(final Account account, final Asset asset, final long amount)
    {
        change(account, asset, -amount, 0, true);
    }

    /** Adds {@code amount} (negative to take) to available from a counterparty, pool or fee. */
    public void credit(final Account account, final Asset asset, final long amount)
    {
        change(account, asset, amount, 0, true);
    }

    /** Mints (positive) or burns (negative) units of an asset that lives only in the ledger, such as LP shares. */
    public void mint(final Account account, final Asset asset, final long amount)
    {
        change(account, asset, amount, 0, true);
        Assets.addSupply(asset, amount);
    }

    /**
     * Records a pool's reserve or share change for the settlement batch.
     *
     * @param marketId  of the pool.
     * @param component 0 base reserve, 1 quote reserve, 2 total shares.
     * @param delta     the change.
     */
    public void poolChanged(final int marketId, final int component, final long delta)
    {
        accumulate(batchPoolDeltas, ((long)marketId << 2) | component, delta);
    }

    private void change(
        final Account account, final Asset asset, final long availableDelta, final long lockedDelta, final boolean settles)
    {
        final int assetIndex = asset.index();
        account.ensureAssetCapacity(assetIndex + 1);
        touch(account, assetIndex);
        final long[] balances = account.balances;
        final int slot = assetIndex << 1;
        balances[slot] = Math.addExact(balances[slot], availableDelta);
        balances[slot + 1] = Math.addExact(balances[slot + 1], lockedDelta);

        if (settles)
        {
            accumulate(batchDeltas, batchKey(account.id(), asset.id()), availableDelta + lockedDelta);
        }
    }

    private static void accumulate(final Long2LongHashMap map, final long key, final long delta)
    {
        if (delta != 0)
        {
            final long total = Math.addExact(map.get(key), delta);
            if (total == 0)
            {
                map.remove(key);
            }
            else
            {
                map.put(key, total);
            }
        }
    }

    private void touch(final Account account, final int assetIndex)
    {
        final long key = ((long)account.index() << 32) | assetIndex;
        for (int i = touchedCount - 1; i >= 0; i--)
        {
            if (touched[i] == key)
            {
                return;
            }
        }
        if (touchedCount == touched.length)
        {
            touched = Arrays.copyOf(touched, touched.length * 2);
            availableBefore = Arrays.copyOf(availableBefore, touched.length);
            lockedBefore = Arrays.copyOf(lockedBefore, touched.length);
        }
        availableBefore[touchedCount] = account.balances[assetIndex << 1];
        lockedBefore[touchedCount] = account.balances[(assetIndex << 1) + 1];
        touched[touchedCount++] = key;
    }

    /**
     * Did the i-th touched balance end up different from what it was when first touched? A lock taken back
     * within the same command, say, leaves it unchanged and not worth reporting.
     */
    public boolean touchedChanged(final int i)
    {
        final Account account = touchedAccount(i);
        final int assetIndex = (int)touched[i];
        return account.balances[assetIndex << 1] != availableBefore[i] ||
            account.balances[(assetIndex << 1) + 1] != lockedBefore[i];
    }

    /** Balances touched since {@link #clearTouched()}, in the order first touched. */
    public int touchedCount()
    {
        return touchedCount;
    }

    public Account touchedAccount(final int i)
    {
        return accounts.atIndex((int)(touched[i] >>> 32));
    }

    public Asset touchedAsset(final int i)
    {
        return assets.atIndex((int)touched[i]);
    }

    public void clearTouched()
    {
        touchedCount = 0;
    }

    /**
     * The current batch's account changes, sorted by account id then asset id: for each (account, asset) with a
     * non-zero trading delta or a withdrawal, the net trading delta and the amount withdrawn.
     *
     * @param visitor receives (accountId, assetId, delta, withdrawn) for each.
     * @return how many there were.
     */
    public int forEachBatchDelta(final AccountDeltaVisitor visitor)
    {
        int count = sortedKeys(batchDeltas, batchWithdrawals);
        long previous = -1;
        int distinct = 0;
        for (int i = 0; i < count; i++)
        {
            final long key = sortScratch[i];
            if (key != previous)
            {
                previous = key;
                distinct++;
                visitor.onDelta((int)(key >>> 32), (int)key, batchDeltas.get(key), batchWithdrawals.get(key));
            }
        }
        return distinct;
    }

    /**
     * The current batch's pool changes, sorted by market then component (0 base, 1 quote, 2 shares).
     *
     * @param visitor receives (marketId, component, delta) for each.
     * @return how many there were.
     */
    public int forEachBatchPoolDelta(final BatchDeltaVisitor visitor)
    {
        final int count = sortedKeys(batchPoolDeltas, null);
        for (int i = 0; i < count; i++)
        {
            final long key = sortScratch[i];
            visitor.onDelta((int)(key >>> 2), (int)(key & 3), batchPoolDeltas.get(key));
        }
        return count;
    }

    /** Starts a new settlement batch. */
    public void clearBatch()
    {
        batchDeltas.clear();
        batchWithdrawals.clear();
        batchPoolDeltas.clear();
    }

    /** Restores one account's delta and withdrawals of the open batch from a snapshot. */
    public void restoreBatchDelta(final int accountId, final int assetId, final long delta, final long withdrawn)
    {
        accumulate(batchDeltas, batchKey(accountId, assetId), delta);
        accumulate(batchWithdrawals, batchKey(accountId, assetId), withdrawn);
    }

    /** Restores one pool delta of the open batch from a snapshot. */
    public void restoreBatchPoolDelta(final int marketId, final int component, final long delta)
    {
        batchPoolDeltas.put(((long)marketId << 2) | component, delta);
    }

    private int sortedKeys(final Long2LongHashMap map, final Long2LongHashMap other)
    {
        final int size = map.size() + (null == other ? 0 : other.size());
        if (sortScratch.length < size)
        {
            sortScratch = new long[Math.max(size, sortScratch.length * 2)];
        }
        int count = 0;
        final Long2LongHashMap.KeyIterator keys = map.keySet().iterator();
        while (keys.hasNext())
        {
            sortScratch[count++] = keys.nextValue();
        }
        if (null != other)
        {
            final Long2LongHashMap.KeyIterator otherKeys = other.keySet().iterator();
            while (otherKeys.hasNext())
            {
                sortScratch[count++] = otherKeys.nextValue();
            }
        }
        Arrays.sort(sortScratch, 0, count);
        return count;
    }

    private static long batchKey(final int accountId, final int assetId)
    {
        return ((long)accountId << 32) | (assetId & 0xFFFF_FFFFL);
    }

    /** Receives one account's changes in a batch. */
    @FunctionalInterface
    public interface AccountDeltaVisitor
    {
        void onDelta(int accountId, int assetId, long delta, long withdrawn);
    }

    /** Receives one sorted pool change of a batch. */
    @FunctionalInterface
    public interface BatchDeltaVisitor
    {
        void onDelta(int ownerId, int assetOrComponent, long delta);
    }
}
