package io.poolbook.amm;

/**
 * Reusable holder for the amounts of a swap, a swap quote or a price-target quote, so that the pool returns a
 * primitive status and allocates nothing. Valid only after an operation returned {@link PoolReject#OK}; after a
 * reject its contents are unspecified.
 */
public final class SwapResult
{
    private long amountIn;
    private long amountOut;

    /**
     * Amount the taker pays into the pool, in engine units of the input asset.
     *
     * @return the input amount, fee included.
     */
    public long amountIn()
    {
        return amountIn;
    }

    /**
     * Amount the pool pays the taker, in engine units of the output asset.
     *
     * @return the output amount.
     */
    public long amountOut()
    {
        return amountOut;
    }

    void set(final long amountIn, final long amountOut)
    {
        this.amountIn = amountIn;
        this.amountOut = amountOut;
    }

    public String toString()
    {
        return "SwapResult{amountIn=" + amountIn + ", amountOut=" + amountOut + '}';
    }
}
