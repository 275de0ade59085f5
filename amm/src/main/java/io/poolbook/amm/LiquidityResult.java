package io.poolbook.amm;

/**
 * Reusable holder for the outcome of adding or removing liquidity (or quoting either), so that the pool returns
 * a primitive status and allocates nothing. Valid only after an operation returned {@link PoolReject#OK}; after a
 * reject its contents are unspecified.
 */
public final class LiquidityResult
{
    private long baseAmount;
    private long quoteAmount;
    private long shares;
    private long protocolShares;

    /**
     * Base taken from the depositor, or paid to the remover.
     *
     * @return the base amount in engine units.
     */
    public long baseAmount()
    {
        return baseAmount;
    }

    /**
     * Quote taken from the depositor, or paid to the remover.
     *
     * @return the quote amount in engine units.
     */
    public long quoteAmount()
    {
        return quoteAmount;
    }

    /**
     * Shares minted to the depositor, or burnt from the remover. A first deposit's shares exclude the locked
     * minimum liquidity.
     *
     * @return the caller's share delta, positive.
     */
    public long shares()
    {
        return shares;
    }

    /**
     * Shares minted to the protocol by this operation (its cut of the fees since the last liquidity change),
     * for the engine to credit to the protocol's fee account. Zero when the protocol fee is off.
     *
     * @return the protocol's new shares.
     */
    public long protocolShares()
    {
        return protocolShares;
    }

    void set(final long baseAmount, final long quoteAmount, final long shares, final long protocolShares)
    {
        this.baseAmount = baseAmount;
        this.quoteAmount = quoteAmount;
        this.shares = shares;
        this.protocolShares = protocolShares;
    }

    public String toString()
    {
        return "LiquidityResult{baseAmount=" + baseAmount +
            ", quoteAmount=" + quoteAmount +
            ", shares=" + shares +
            ", protocolShares=" + protocolShares + '}';
    }
}
