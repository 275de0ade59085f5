package io.poolbook.engine.account;

import io.poolbook.engine.Registry;

/**
 * The registry of accounts. Looks up by id; iterates in registration order.
 */
public final class Accounts
{
    private final Registry<Account> registry = new Registry<>();

    /**
     * The account with this id.
     *
     * @param accountId to look up.
     * @return the account or null when unknown.
     */
    public Account get(final int accountId)
    {
        return registry.get(accountId);
    }

    public Account atIndex(final int index)
    {
        return registry.atIndex(index);
    }

    public int size()
    {
        return registry.size();
    }

    /**
     * Registers an account; the caller has checked the id is free.
     *
     * @param accountId    chosen by the operator.
     * @param publicKey    Ed25519 key, 32 bytes, copied.
     * @param chainAddress EVM address, 20 bytes, copied.
     * @param assetCount   assets registered so far.
     * @return the new account.
     */
    public Account register(final int accountId, final byte[] publicKey, final byte[] chainAddress, final int assetCount)
    {
        final Account account = new Account(accountId, registry.size(), publicKey.clone(), chainAddress.clone(),
            assetCount);
        registry.add(accountId, account);
        return account;
    }

    /** Forgets every account; for restoring a snapshot into a fresh engine. */
    public void clear()
    {
        registry.clear();
    }

    /** Makes room in every account for a newly registered asset. */
    public void onAssetAdded(final int assetCount)
    {
        for (int i = 0, size = registry.size(); i < size; i++)
        {
            registry.atIndex(i).ensureAssetCapacity(assetCount);
        }
    }

    /** Restores balances from a snapshot. */
    public static void restoreBalance(final Account account, final int assetIndex, final long available, final long locked)
    {
        account.ensureAssetCapacity(assetIndex + 1);
        account.balances[assetIndex << 1] = available;
        account.balances[(assetIndex << 1) + 1] = locked;
    }
}
