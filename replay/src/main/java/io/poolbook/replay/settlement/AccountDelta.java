package io.poolbook.replay.settlement;

import java.math.BigInteger;

/**
 * One account's changes in one asset over a batch, as the engine reported them ({@code SettlementDelta}): the net
 * trading delta (trades, swaps, liquidity, fees) and, apart from it, the amount withdrawn to the chain; with what
 * the chain calls them: the account's address, the token's address and both amounts in chain units. Immutable.
 */
public final class AccountDelta
{
    private final int accountId;
    private final int assetId;
    private final long delta;
    private final long withdrawn;
    private final byte[] accountAddress;
    private final ChainAsset asset;
    private final BigInteger chainDelta;
    private final BigInteger chainWithdrawn;

    AccountDelta(
        final int accountId,
        final long delta,
        final long withdrawn,
        final byte[] accountAddress,
        final ChainAsset asset)
    {
        this.accountId = accountId;
        this.assetId = asset.assetId();
        this.delta = delta;
        this.withdrawn = withdrawn;
        this.accountAddress = accountAddress.clone();
        this.asset = asset;
        this.chainDelta = asset.isPoolShare() ? null : asset.toChain(delta);
        this.chainWithdrawn = asset.isPoolShare() ? null : asset.toChain(withdrawn);
    }

    public int accountId()
    {
        return accountId;
    }

    public int assetId()
    {
        return assetId;
    }

    /** Net trading change in engine units; negative when the account lost. Withdrawals are not in it. */
    public long delta()
    {
        return delta;
    }

    /** Withdrawn to the chain in the batch, in engine units; zero or more. Not in {@link #delta()}. */
    public long withdrawn()
    {
        return withdrawn;
    }

    /** The account's 20-byte chain address (a copy). */
    public byte[] accountAddress()
    {
        return accountAddress.clone();
    }

    /** The token's 20-byte address (a copy); all zeros for a pool share. */
    public byte[] tokenAddress()
    {
        return asset.tokenAddress();
    }

    /** Is the asset a pool's LP share, which is not settled as a token? */
    public boolean isPoolShare()
    {
        return asset.isPoolShare();
    }

    /** The trading change in the token's chain units, exactly; null for a pool share. */
    public BigInteger chainDelta()
    {
        return chainDelta;
    }

    /** The amount withdrawn in the token's chain units, exactly; null for a pool share (never withdrawn). */
    public BigInteger chainWithdrawn()
    {
        return chainWithdrawn;
    }

    public String toString()
    {
        return "AccountDelta{account=" + accountId + ", asset=" + assetId + ", delta=" + delta +
            ", withdrawn=" + withdrawn + '}';
    }
}
