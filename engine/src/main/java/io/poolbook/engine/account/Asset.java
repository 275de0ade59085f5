package io.poolbook.engine.account;

/**
 * An asset the engine keeps balances in: a token registered by the operator, or the LP share of a market's pool.
 * {@link #index()} is its registration order, which is how balances are laid out and how state is iterated, so
 * iteration never depends on hash order.
 */
public final class Asset
{
    private final int id;
    private final int index;
    private final String symbol;
    private final int engineScale;
    private final int chainDecimals;
    private final byte[] tokenAddress;
    private final int poolMarketId;
    private long supply;

    Asset(
        final int id,
        final int index,
        final String symbol,
        final int engineScale,
        final int chainDecimals,
        final byte[] tokenAddress,
        final int poolMarketId)
    {
        this.id = id;
        this.index = index;
        this.symbol = symbol;
        this.engineScale = engineScale;
        this.chainDecimals = chainDecimals;
        this.tokenAddress = tokenAddress;
        this.poolMarketId = poolMarketId;
    }

    public int id()
    {
        return id;
    }

    public int index()
    {
        return index;
    }

    public String symbol()
    {
        return symbol;
    }

    /** Decimal places of one engine unit. */
    public int engineScale()
    {
        return engineScale;
    }

    /** The token's decimals on chain. */
    public int chainDecimals()
    {
        return chainDecimals;
    }

    /** The token's 20-byte chain address; do not modify. */
    public byte[] tokenAddress()
    {
        return tokenAddress;
    }

    /** Is this the LP share of a pool rather than a token? */
    public boolean isPoolShare()
    {
        return poolMarketId != Assets.NO_MARKET;
    }

    /** The market whose pool issues this share, or {@link Assets#NO_MARKET}. */
    public int poolMarketId()
    {
        return poolMarketId;
    }

    /**
     * Units that entered minus units that left: deposits less withdrawals for a token, shares minted less burned
     * for a pool share. Conservation says every unit of it is in some balance, pool or fee account.
     */
    public long supply()
    {
        return supply;
    }

    void supply(final long supply)
    {
        this.supply = supply;
    }
}
