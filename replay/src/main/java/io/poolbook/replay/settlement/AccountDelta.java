package io.poolbook.replay.settlement;

import java.math.BigInteger;

/**
 * One account's net change in one asset over a batch, as the engine reported it ({@code SettlementDelta}), with
 * what the chain calls it: the account's address, the token's address and the amount in chain units. Immutable.
 */
public final class AccountDelta
{
    private final int accountId;
    private final int assetId;
    private final long delta;
    private final byte[] accountAddress;
    private final ChainAsset asset;
    private final BigInteger chainDelta;

    AccountDelta(final int accountId, final long delta, final byte[] accountAddress, final ChainAsset asset)
    {
        this.accountId = accountId;
        this.assetId = asset.assetId();
        this.delta = delta;
        this.accountAddress = accountAddress.clone();
        this.asset = asset;
        this.chainDelta = asset.isPoolShare() ? null : asset.toChain(delta);
    }

    public int accountId()
    {
        return accountId;
    }

    public int assetId()
    {
        return assetId;
    }

    /** Net change in engine units; negative when the account lost (withdrawals included). */
    public long delta()
    {
        return delta;
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

    /** The change in the token's chain units, exactly; null for a pool share. */
    public BigInteger chainDelta()
    {
        return chainDelta;
    }

    public String toString()
    {
        return "AccountDelta{account=" + accountId + ", asset=" + assetId + ", delta=" + delta + '}';
    }
}
