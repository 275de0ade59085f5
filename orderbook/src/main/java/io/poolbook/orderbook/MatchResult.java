package io.poolbook.orderbook;

/**
 * What one {@link OrderBook#matchUpTo} step did for its taker. Caller-owned and reused, so a step allocates
 * nothing.
 */
public final class MatchResult
{
    private long filledQuantity;
    private long filledNotional;
    private long leavesQuantity;
    private boolean takerCancelled;

    void set(final long filledQuantity, final long filledNotional, final long leavesQuantity, final boolean cancelled)
    {
        this.filledQuantity = filledQuantity;
        this.filledNotional = filledNotional;
        this.leavesQuantity = leavesQuantity;
        this.takerCancelled = cancelled;
    }

    /**
     * Clear to the result of a step that did nothing.
     *
     * @param leavesQuantity the taker still has.
     */
    public void reset(final long leavesQuantity)
    {
        set(0, 0, leavesQuantity, false);
    }

    /**
     * @return base quantity the taker bought or sold in this step.
     */
    public long filledQuantity()
    {
        return filledQuantity;
    }

    /**
     * @return quote value of those fills: the sum of price times lots.
     */
    public long filledNotional()
    {
        return filledNotional;
    }

    /**
     * @return quantity the taker has left for the caller to route, rest or expire; zero when it was filled or
     * cancelled. Lower than the step's quantity minus the fills when self-trade prevention decremented the taker.
     */
    public long leavesQuantity()
    {
        return leavesQuantity;
    }

    /**
     * @return true when self-trade prevention cancelled the taker: the caller must stop routing it.
     */
    public boolean takerCancelled()
    {
        return takerCancelled;
    }

    public String toString()
    {
        return "MatchResult{filledQuantity=" + filledQuantity + ", filledNotional=" + filledNotional +
            ", leavesQuantity=" + leavesQuantity + ", takerCancelled=" + takerCancelled + '}';
    }
}
