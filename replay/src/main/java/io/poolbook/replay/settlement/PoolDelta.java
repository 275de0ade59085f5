package io.poolbook.replay.settlement;

import java.math.BigInteger;

/**
 * A pool's net change over a batch ({@code SettlementPoolDelta}): its two reserves, in engine and chain units, and
 * its total LP shares. Reserves are the tokens the exchange holds for the pool rather than for an account, so they
 * are not Merkle leaves; they are committed to by the batch's content hash. Immutable.
 */
public final class PoolDelta
{
    private final int marketId;
    private final int baseAssetId;
    private final int quoteAssetId;
    private final long baseReserveDelta;
    private final long quoteReserveDelta;
    private final long sharesDelta;
    private final BigInteger baseReserveChainDelta;
    private final BigInteger quoteReserveChainDelta;

    PoolDelta(
        final ChainMarket market,
        final ChainAsset base,
        final ChainAsset quote,
        final long baseReserveDelta,
        final long quoteReserveDelta,
        final long sharesDelta)
    {
        this.marketId = market.marketId();
        this.baseAssetId = base.assetId();
        this.quoteAssetId = quote.assetId();
        this.baseReserveDelta = baseReserveDelta;
        this.quoteReserveDelta = quoteReserveDelta;
        this.sharesDelta = sharesDelta;
        this.baseReserveChainDelta = base.toChain(baseReserveDelta);
        this.quoteReserveChainDelta = quote.toChain(quoteReserveDelta);
    }

    public int marketId()
    {
        return marketId;
    }

    public int baseAssetId()
    {
        return baseAssetId;
    }

    public int quoteAssetId()
    {
        return quoteAssetId;
    }

    /** Change of the base reserve in engine units. */
    public long baseReserveDelta()
    {
        return baseReserveDelta;
    }

    /** Change of the quote reserve in engine units. */
    public long quoteReserveDelta()
    {
        return quoteReserveDelta;
    }

    /** Change of the pool's total LP shares (minted less burned). */
    public long sharesDelta()
    {
        return sharesDelta;
    }

    /** Change of the base reserve in the base token's chain units. */
    public BigInteger baseReserveChainDelta()
    {
        return baseReserveChainDelta;
    }

    /** Change of the quote reserve in the quote token's chain units. */
    public BigInteger quoteReserveChainDelta()
    {
        return quoteReserveChainDelta;
    }

    public String toString()
    {
        return "PoolDelta{market=" + marketId + ", base=" + baseReserveDelta + ", quote=" + quoteReserveDelta +
            ", shares=" + sharesDelta + '}';
    }
}
