package io.poolbook.engine.market;

/**
 * Fee and lock arithmetic in basis points, exact and overflow-free for any non-negative long amount. Charges
 * round up and rebates round down: rounding always favours the exchange.
 */
public final class Fees
{
    public static final int BASIS_POINTS = 10_000;
    /** Returned when a result does not fit a long. */
    public static final long OVERFLOW = -1;

    private Fees()
    {
    }

    /**
     * {@code ceil(amount * bps / 10000)} for a non-negative amount and bps in [0, 10000].
     *
     * @param amount non-negative.
     * @param bps    fee rate in basis points, non-negative.
     * @return the fee, rounded up.
     */
    public static long charge(final long amount, final int bps)
    {
        final long whole = amount / BASIS_POINTS;
        final long rest = amount % BASIS_POINTS;
        return whole * bps + (rest * bps + BASIS_POINTS - 1) / BASIS_POINTS;
    }

    /**
     * {@code floor(amount * bps / 10000)} for a non-negative amount and bps in [0, 10000].
     *
     * @param amount non-negative.
     * @param bps    rebate rate in basis points, non-negative.
     * @return the rebate, rounded down.
     */
    public static long rebate(final long amount, final int bps)
    {
        final long whole = amount / BASIS_POINTS;
        final long rest = amount % BASIS_POINTS;
        return whole * bps + (rest * bps) / BASIS_POINTS;
    }

    /**
     * What a maker pays on a fill of this notional: a charge for a positive rate, a negative amount (a rebate)
     * for a negative rate.
     *
     * @param notional of the fill.
     * @param bps      maker rate, may be negative.
     * @return the fee, negative for a rebate.
     */
    public static long maker(final long notional, final int bps)
    {
        return bps >= 0 ? charge(notional, bps) : -rebate(notional, -bps);
    }

    /**
     * The largest notional whose taker fee still fits a budget: the greatest {@code n} with
     * {@code n + charge(n, bps) <= budget}.
     *
     * @param budget non-negative quote amount.
     * @param bps    taker rate.
     * @return the notional to spend at most.
     */
    public static long notionalWithinBudget(final long budget, final int bps)
    {
        // n = floor(budget * 10000 / (10000 + bps)), computed without overflow, then nudged down if rounding of
        // the fee pushes it over.
        final long denominator = BASIS_POINTS + bps;
        long n = (budget / denominator) * BASIS_POINTS + (budget % denominator) * BASIS_POINTS / denominator;
        while (n > 0 && n + charge(n, bps) > budget)
        {
            n--;
        }
        return n;
    }

    /**
     * Quote a buy order locks: its notional at its limit, the taker fee on that, and one unit per lot for the
     * rounding up of fees fill by fill.
     *
     * @param notional at the limit price.
     * @param lots     whole lots in the order.
     * @param takerBps the market's taker rate.
     * @return the lock, or {@link #OVERFLOW}.
     */
    public static long buyLock(final long notional, final long lots, final int takerBps)
    {
        final long fee = charge(notional, takerBps);
        final long roundingAllowance = takerBps > 0 ? lots : 0;
        final long lock = notional + fee + roundingAllowance;
        return lock < 0 || lock < notional ? OVERFLOW : lock;
    }
}
