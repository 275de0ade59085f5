package io.poolbook.replay.settlement;

import java.math.BigInteger;

/**
 * What settlement needs to know of an asset: the token's chain address and how engine units convert to chain
 * units; or that the asset is the LP share of a pool, which exists only in the exchange's ledger and is not
 * settled as a token (see {@code docs/SETTLEMENT.md}). Immutable.
 */
public final class ChainAsset
{
    private static final byte[] NO_ADDRESS = new byte[AbiEncoder.ADDRESS_LENGTH];

    private final int assetId;
    private final byte[] tokenAddress;
    private final int engineScale;
    private final int chainDecimals;
    private final boolean poolShare;

    private ChainAsset(
        final int assetId, final byte[] tokenAddress, final int engineScale, final int chainDecimals, final boolean poolShare)
    {
        if (tokenAddress.length != AbiEncoder.ADDRESS_LENGTH)
        {
            throw new IllegalArgumentException("a token address is 20 bytes, not " + tokenAddress.length);
        }
        if (!poolShare && (engineScale < 0 || chainDecimals < engineScale))
        {
            throw new IllegalArgumentException("asset " + assetId + ": chain decimals " + chainDecimals +
                " below engine scale " + engineScale);
        }
        this.assetId = assetId;
        this.tokenAddress = tokenAddress.clone();
        this.engineScale = engineScale;
        this.chainDecimals = chainDecimals;
        this.poolShare = poolShare;
    }

    /**
     * A token on chain.
     *
     * @param assetId       engine id.
     * @param tokenAddress  20 bytes, copied; the zero address is allowed (a chain's native coin, by convention).
     * @param engineScale   decimal places of one engine unit.
     * @param chainDecimals the token's decimals, at least {@code engineScale}.
     * @return the asset.
     */
    public static ChainAsset token(
        final int assetId, final byte[] tokenAddress, final int engineScale, final int chainDecimals)
    {
        return new ChainAsset(assetId, tokenAddress, engineScale, chainDecimals, false);
    }

    /**
     * The LP share of a pool: no token, no chain units.
     *
     * @param assetId engine id of the share.
     * @return the asset.
     */
    public static ChainAsset poolShare(final int assetId)
    {
        return new ChainAsset(assetId, NO_ADDRESS, 0, 0, true);
    }

    public int assetId()
    {
        return assetId;
    }

    /** The token's 20-byte address (a copy); all zeros for a pool share. */
    public byte[] tokenAddress()
    {
        return tokenAddress.clone();
    }

    public int engineScale()
    {
        return engineScale;
    }

    public int chainDecimals()
    {
        return chainDecimals;
    }

    /** Is this the LP share of a pool, kept out of the chain's Merkle tree? */
    public boolean isPoolShare()
    {
        return poolShare;
    }

    /**
     * @param engineAmount whole engine units.
     * @return the amount in the token's chain units, exactly.
     * @throws IllegalStateException for a pool share, which has no chain units.
     */
    public BigInteger toChain(final long engineAmount)
    {
        if (poolShare)
        {
            throw new IllegalStateException("asset " + assetId + " is a pool share and has no chain units");
        }
        return ChainUnits.toChain(engineAmount, engineScale, chainDecimals);
    }
}
