package io.poolbook.engine.account;

import io.poolbook.engine.Registry;

/**
 * The registry of assets: tokens added by the operator and one LP-share asset per pool. Looks up by id; iterates
 * in registration order.
 */
public final class Assets
{
    /** {@link Asset#poolMarketId()} of an asset that is not a pool share. */
    public static final int NO_MARKET = -1;
    /** Asset ids at or above this are LP shares: {@code POOL_SHARE_ID_BASE + marketId}. */
    public static final int POOL_SHARE_ID_BASE = 0x4000_0000;
    /** Chain address of LP shares, which live only in the exchange's ledger. */
    private static final byte[] NO_ADDRESS = new byte[20];

    private final Registry<Asset> registry = new Registry<>();

    /**
     * The asset with this id.
     *
     * @param assetId to look up.
     * @return the asset or null when unknown.
     */
    public Asset get(final int assetId)
    {
        return registry.get(assetId);
    }

    /**
     * The asset registered {@code index}-th.
     *
     * @param index registration order, from 0.
     * @return the asset.
     */
    public Asset atIndex(final int index)
    {
        return registry.atIndex(index);
    }

    public int size()
    {
        return registry.size();
    }

    /**
     * Can a token with this id be added?
     *
     * @param assetId proposed.
     * @return true when the id is free and outside the LP-share range.
     */
    public boolean isFreeTokenId(final int assetId)
    {
        return assetId >= 0 && assetId < POOL_SHARE_ID_BASE && !registry.contains(assetId);
    }

    /** Adds a token; the caller has checked {@link #isFreeTokenId(int)}. */
    public Asset addToken(
        final int assetId, final String symbol, final int engineScale, final int chainDecimals, final byte[] address)
    {
        return add(new Asset(assetId, registry.size(), symbol, engineScale, chainDecimals, address.clone(), NO_MARKET));
    }

    /**
     * Adds the LP-share asset of a market's pool.
     *
     * @param marketId of the pool, below {@link #POOL_SHARE_ID_BASE}.
     * @return the new asset, with id {@link #poolShareId(int)}.
     */
    public Asset addPoolShare(final int marketId)
    {
        return add(new Asset(poolShareId(marketId), registry.size(), "LP-" + marketId, 0, 18, NO_ADDRESS, marketId));
    }

    /**
     * The id of the LP-share asset of a market's pool.
     *
     * @param marketId of the pool.
     * @return its share asset id.
     */
    public static int poolShareId(final int marketId)
    {
        return POOL_SHARE_ID_BASE + marketId;
    }

    /** Restores an asset from a snapshot, in registration order. */
    public Asset restore(
        final int assetId,
        final String symbol,
        final int engineScale,
        final int chainDecimals,
        final byte[] address,
        final int poolMarketId,
        final long supply)
    {
        final Asset asset = add(new Asset(assetId, registry.size(), symbol, engineScale, chainDecimals, address,
            poolMarketId));
        asset.supply(supply);
        return asset;
    }

    /** Records units entering (positive) or leaving (negative) the ledger. */
    public static void addSupply(final Asset asset, final long delta)
    {
        asset.supply(Math.addExact(asset.supply(), delta));
    }

    private Asset add(final Asset asset)
    {
        registry.add(asset.id(), asset);
        return asset;
    }
}
