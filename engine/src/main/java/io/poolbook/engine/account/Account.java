package io.poolbook.engine.account;

/**
 * An account's identity and balances. Balances are indexed by {@link Asset#index()}: {@code available} can be
 * spent or locked by a new order; {@code locked} is held by open orders. Change balances only through
 * {@link Ledger}, which keeps the events and the settlement batch in step.
 */
public final class Account
{
    private final int id;
    private final int index;
    private final byte[] publicKey;
    private final byte[] chainAddress;
    long[] available;
    long[] locked;

    Account(final int id, final int index, final byte[] publicKey, final byte[] chainAddress, final int assetCount)
    {
        this.id = id;
        this.index = index;
        this.publicKey = publicKey;
        this.chainAddress = chainAddress;
        this.available = new long[Math.max(assetCount, 4)];
        this.locked = new long[available.length];
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
        return assetIndex < available.length ? available[assetIndex] : 0;
    }

    public long locked(final int assetIndex)
    {
        return assetIndex < locked.length ? locked[assetIndex] : 0;
    }

    void ensureAssetCapacity(final int assetCount)
    {
        if (assetCount > available.length)
        {
            final int length = Math.max(assetCount, available.length * 2);
            available = java.util.Arrays.copyOf(available, length);
            locked = java.util.Arrays.copyOf(locked, length);
        }
    }
}
