package io.poolbook.engine.account;

/**
 * An account's identity and balances. Balances are indexed by {@link Asset#index()}: {@code available} can be
 * spent or locked by a new order; {@code locked} is held by open orders. Change balances only through
 * {@link Ledger}, which keeps the events and the settlement batch in step.
 * <p>
 * Both balances of an asset sit side by side in one array ({@code [2i]} available, {@code [2i + 1]} locked), so
 * a fill, lock or release that moves both touches one cache line of the account instead of two: with
 * thousands of accounts those lines are misses, and they were the largest single cost of the DEX mix.
 */
public final class Account
{
    private final int id;
    private final int index;
    private final byte[] publicKey;
    private final byte[] chainAddress;
    /** Available and locked of each asset, interleaved: see the class comment. */
    long[] balances;

    Account(final int id, final int index, final byte[] publicKey, final byte[] chainAddress, final int assetCount)
    {
        this.id = id;
        this.index = index;
        this.publicKey = publicKey;
        this.chainAddress = chainAddress;
        this.balances = new long[2 * Math.max(assetCount, 4)];
    }

    public int id()
    {
        return id;
    }

    /** Registration order, from 0. */
    public int index()
    {
        return index;
    }

    /** Ed25519 public key, 32 bytes; do not modify. */
    public byte[] publicKey()
    {
        return publicKey;
    }

    /** EVM address, 20 bytes; do not modify. */
    public byte[] chainAddress()
    {
        return chainAddress;
    }

    public long available(final int assetIndex)
    {
        final int slot = assetIndex << 1;
        return slot < balances.length ? balances[slot] : 0;
    }

    public long locked(final int assetIndex)
    {
        final int slot = (assetIndex << 1) + 1;
        return slot < balances.length ? balances[slot] : 0;
    }

    void ensureAssetCapacity(final int assetCount)
    {
        if (2 * assetCount > balances.length)
        {
            balances = java.util.Arrays.copyOf(balances, Math.max(2 * assetCount, balances.length * 2));
        }
    }
}
