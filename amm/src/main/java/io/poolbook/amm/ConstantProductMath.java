package io.poolbook.amm;

import static io.poolbook.amm.Int128Math.OVERFLOW;

/**
 * Uniswap V2's constant-product formulas in exact integer arithmetic, with the fee in basis points instead of
 * Uniswap's fixed 0.3%. Stateless and direction-free: each function takes the reserve the taker pays into
 * ({@code reserveIn}) and the reserve that pays the taker ({@code reserveOut}); {@link ConstantProductPool}
 * maps base and quote onto them.
 * <p>
 * With {@code F = 10000} and {@code f = F - fee}:
 * <ul>
 *   <li>{@link #amountOut}: {@code floor(in * f * reserveOut / (reserveIn * F + in * f))}, Uniswap's
 *   {@code getAmountOut}; rounding down keeps the remainder in the pool.</li>
 *   <li>{@link #amountIn}: {@code floor(reserveIn * out * F / ((reserveOut - out) * f)) + 1}, Uniswap's
 *   {@code getAmountIn}; the {@code + 1} makes the input strictly cover the exact price.</li>
 *   <li>{@link #minimumAmountIn}: {@code ceil} of the same ratio, the exact inverse of {@link #amountOut}: the
 *   least input for which {@link #amountOut} reaches {@code out}.</li>
 *   <li>{@link #amountInToRate}: the largest input after which the pool's post-fee marginal rate is still at
 *   least a target rate.</li>
 * </ul>
 * The post-fee marginal rate is the output per unit of input for an infinitesimal next swap:
 * {@code f * reserveOut / (F * reserveIn)}. All fee stays in the reserves, so {@code k} never decreases. Every
 * function allocates nothing and returns {@link Int128Math#OVERFLOW} for a result that does not fit in a long.
 */
public final class ConstantProductMath
{
    /** One in basis points: the fee is {@code feeBasisPoints / BASIS_POINTS} of the input. */
    public static final int BASIS_POINTS = 10_000;

    /** Largest fee a pool may charge: 99.99%, which still lets some input through. */
    public static final int MAX_FEE_BASIS_POINTS = BASIS_POINTS - 1;

    /** Largest value that can be multiplied by {@link #BASIS_POINTS} within a long. */
    private static final long MAX_SCALABLE = Long.MAX_VALUE / BASIS_POINTS;

    /** Plateau steps {@link #amountInToRate} takes from its closed-form estimate before falling back to bisection. */
    private static final int MAX_PLATEAU_STEPS = 8;

    private static final long MAX_SQRT_OPERAND_HIGH = 1L << 62;

    private ConstantProductMath()
    {
    }

    /**
     * Whether a fee is one a pool may charge.
     *
     * @param feeBasisPoints the fee in basis points.
     * @return true for 0 to {@link #MAX_FEE_BASIS_POINTS} inclusive.
     */
    public static boolean isValidFee(final int feeBasisPoints)
    {
        return feeBasisPoints >= 0 && feeBasisPoints <= MAX_FEE_BASIS_POINTS;
    }

    /**
     * Output for an exact input (Uniswap's {@code getAmountOut}), rounded down. Always below {@code reserveOut},
     * so it never overflows.
     *
     * @param amountIn       input, fee included, non-negative.
     * @param reserveIn      reserve the input is paid into, positive.
     * @param reserveOut     reserve the output is paid from, positive.
     * @param feeBasisPoints the pool's fee, valid.
     * @return the output.
     */
    public static long amountOut(
        final long amountIn, final long reserveIn, final long reserveOut, final int feeBasisPoints)
    {
        final long feeFactor = BASIS_POINTS - feeBasisPoints;
        if (amountIn <= MAX_SCALABLE && reserveIn <= MAX_SCALABLE)
        {
            // both terms fit, so their sum is below 2^64 and a negative sum means it passed 2^63
            final long amountInWithFee = amountIn * feeFactor;
            final long denominator = reserveIn * BASIS_POINTS + amountInWithFee;
            if (denominator > 0)
            {
                return Int128Math.mulDivFloor(amountInWithFee, reserveOut, denominator);
            }
        }

        final long withFeeLow = amountIn * feeFactor;
        final long scaledReserveLow = reserveIn * BASIS_POINTS;
        final long denominatorLow = withFeeLow + scaledReserveLow;
        final long denominatorHigh = Math.multiplyHigh(amountIn, feeFactor) +
            Math.multiplyHigh(reserveIn, BASIS_POINTS) +
            (Long.compareUnsigned(denominatorLow, scaledReserveLow) < 0 ? 1 : 0);

        return Int128Math.mulDivFloor(amountIn, reserveOut, feeFactor, denominatorHigh, denominatorLow);
    }

    /**
     * Input for an exact output, as Uniswap's {@code getAmountIn}: the rounded-down ratio plus one.
     *
     * @param amountOut      output wanted, positive and below {@code reserveOut}.
     * @param reserveIn      reserve the input is paid into, positive.
     * @param reserveOut     reserve the output is paid from.
     * @param feeBasisPoints the pool's fee, valid.
     * @return the input, fee included, or {@link Int128Math#OVERFLOW} if it does not fit in a long.
     */
    public static long amountIn(
        final long amountOut, final long reserveIn, final long reserveOut, final int feeBasisPoints)
    {
        final long feeFactor = BASIS_POINTS - feeBasisPoints;
        final long remaining = reserveOut - amountOut;
        final long quotient = Int128Math.mulDivFloor(
            reserveIn, amountOut, BASIS_POINTS, Math.multiplyHigh(remaining, feeFactor), remaining * feeFactor);

        return OVERFLOW == quotient || Long.MAX_VALUE == quotient ? OVERFLOW : quotient + 1;
    }

    /**
     * Least input whose {@link #amountOut} is at least {@code amountOut}: {@code ceil(reserveIn * out * F /
     * ((reserveOut - out) * f))}. Exactly the inverse of {@link #amountOut}, where {@link #amountIn} may ask one
     * unit more.
     *
     * @param amountOut      output wanted, from 0 to below {@code reserveOut}.
     * @param reserveIn      reserve the input is paid into, positive.
     * @param reserveOut     reserve the output is paid from.
     * @param feeBasisPoints the pool's fee, valid.
     * @return the input, or {@link Int128Math#OVERFLOW} if it does not fit in a long.
     */
    public static long minimumAmountIn(
        final long amountOut, final long reserveIn, final long reserveOut, final int feeBasisPoints)
    {
        final long feeFactor = BASIS_POINTS - feeBasisPoints;
        final long remaining = reserveOut - amountOut;

        return Int128Math.mulDivCeil(
            reserveIn, amountOut, BASIS_POINTS, Math.multiplyHigh(remaining, feeFactor), remaining * feeFactor);
    }

    /**
     * The largest input after which the pool's post-fee marginal rate is still at least the target rate, so
     * that one more unit of input would take it below. The rate is output units per input unit,
     * {@code rateNumerator / rateDenominator}; after swapping {@code x} in, the marginal rate is
     * {@code f * (reserveOut - amountOut(x)) / (F * (reserveIn + x))}, which falls strictly as {@code x} grows.
     * <p>
     * A closed-form estimate (the root of the continuous version, an integer square root) lands within a
     * plateau or two of the answer; the exact answer is then found by stepping across plateaus of equal output,
     * each of which is solved in closed form, with bisection as a bounded fallback.
     *
     * @param reserveIn       reserve the input is paid into, positive.
     * @param reserveOut      reserve the output is paid from, positive.
     * @param feeBasisPoints  the pool's fee, valid.
     * @param rateNumerator   target rate's numerator, positive.
     * @param rateDenominator target rate's denominator, positive.
     * @return the input, 0 if the pool's marginal rate is already below the target, or
     * {@link Int128Math#OVERFLOW} if even an input taking {@code reserveIn} to {@code Long.MAX_VALUE} keeps the
     * rate at or above the target.
     */
    public static long amountInToRate(
        final long reserveIn,
        final long reserveOut,
        final int feeBasisPoints,
        final long rateNumerator,
        final long rateDenominator)
    {
        final long maxAmountIn = Long.MAX_VALUE - reserveIn;
        final long limitHigh = Math.multiplyHigh(rateNumerator, BASIS_POINTS);
        final long limitLow = rateNumerator * BASIS_POINTS;
        if (maxAmountInAtOutput(0, reserveIn, reserveOut, feeBasisPoints, rateDenominator, limitHigh, limitLow) < 0)
        {
            return 0;
        }

        long keeps = 0;
        long passes = maxAmountIn + 1;
        long amountIn = estimateAmountInToRate(
            reserveIn, reserveOut, feeBasisPoints, rateNumerator, rateDenominator);

        for (int step = 0; OVERFLOW != amountIn && step < MAX_PLATEAU_STEPS && passes - keeps > 1; step++)
        {
            amountIn = Math.max(keeps + 1, Math.min(amountIn, passes - 1));
            final long amountOut = amountOut(amountIn, reserveIn, reserveOut, feeBasisPoints);
            final long bound = maxAmountInAtOutput(
                amountOut, reserveIn, reserveOut, feeBasisPoints, rateDenominator, limitHigh, limitLow);

            if (amountIn <= bound)
            {
                // Every input paying out amountOut keeps the rate up to bound; past the plateau's end, look further.
                final long plateauEnd = lastAmountInPaying(amountOut, reserveIn, reserveOut, feeBasisPoints);
                if (bound < plateauEnd)
                {
                    return bound;
                }
                keeps = plateauEnd;
                amountIn = plateauEnd + 1;
            }
            else
            {
                final long plateauStart = minimumAmountIn(amountOut, reserveIn, reserveOut, feeBasisPoints);
                if (bound >= plateauStart)
                {
                    return bound;
                }
                passes = plateauStart;
                amountIn = plateauStart - 1;
            }
        }

        while (passes - keeps > 1)
        {
            final long middle = keeps + ((passes - keeps) >>> 1);
            final long amountOut = amountOut(middle, reserveIn, reserveOut, feeBasisPoints);
            if (middle <= maxAmountInAtOutput(
                amountOut, reserveIn, reserveOut, feeBasisPoints, rateDenominator, limitHigh, limitLow))
            {
                keeps = middle;
            }
            else
            {
                passes = middle;
            }
        }

        return maxAmountIn == keeps ? OVERFLOW : keeps;
    }

    /**
     * Largest input that keeps the rate if the pool pays out {@code amountOut}: the rate condition
     * {@code f * (reserveOut - out) * rateDenominator >= F * rateNumerator * (reserveIn + x)} solved for x,
     * capped at the largest input the reserve can take.
     */
    private static long maxAmountInAtOutput(
        final long amountOut,
        final long reserveIn,
        final long reserveOut,
        final int feeBasisPoints,
        final long rateDenominator,
        final long limitHigh,
        final long limitLow)
    {
        final long maxReserveIn = Int128Math.mulDivFloor(
            reserveOut - amountOut, rateDenominator, BASIS_POINTS - feeBasisPoints, limitHigh, limitLow);

        return OVERFLOW == maxReserveIn ? Long.MAX_VALUE - reserveIn : maxReserveIn - reserveIn;
    }

    /** Last input whose output is still {@code amountOut}, capped at the largest input the reserve can take. */
    private static long lastAmountInPaying(
        final long amountOut, final long reserveIn, final long reserveOut, final int feeBasisPoints)
    {
        final long maxAmountIn = Long.MAX_VALUE - reserveIn;
        if (amountOut + 1 >= reserveOut)
        {
            return maxAmountIn;
        }

        final long next = minimumAmountIn(amountOut + 1, reserveIn, reserveOut, feeBasisPoints);
        return OVERFLOW == next ? maxAmountIn : Math.min(next - 1, maxAmountIn);
    }

    /**
     * Root of the continuous problem. With {@code v} the input reserve after the swap and the pool paying the
     * unrounded output, the rate condition becomes {@code v * (f * v + fee * reserveIn) <= f * K * R} with
     * {@code K = reserveIn * reserveOut} and {@code R = rateDenominator / rateNumerator}, so
     * {@code v = sqrt(h^2 + K * R) - h} with {@code h = fee * reserveIn / (2 * f)}. Each term is rounded down
     * once, which puts the estimate within a couple of units of the continuous root. Returns
     * {@code Long.MAX_VALUE} when the root is beyond 2^63 and {@link Int128Math#OVERFLOW} when a term does not
     * fit, in which case the caller bisects.
     */
    private static long estimateAmountInToRate(
        final long reserveIn,
        final long reserveOut,
        final int feeBasisPoints,
        final long rateNumerator,
        final long rateDenominator)
    {
        final long offset = Int128Math.mulDivFloor(feeBasisPoints, reserveIn, 2L * (BASIS_POINTS - feeBasisPoints));
        final long smaller = Math.min(reserveIn, reserveOut);
        final long larger = Math.max(reserveIn, reserveOut);
        final long whole = Int128Math.mulDivFloor(smaller, rateDenominator, rateNumerator);
        if (OVERFLOW == offset || OVERFLOW == whole)
        {
            return OVERFLOW;
        }

        // K * R = larger * (whole + fraction / rateNumerator), exactly, then floored once.
        final long fraction = smaller * rateDenominator - whole * rateNumerator;
        final long tail = Int128Math.mulDivFloor(larger, fraction, rateNumerator);

        long low = larger * whole;
        long high = Math.multiplyHigh(larger, whole);
        long sum = low + tail;
        high += Long.compareUnsigned(sum, low) < 0 ? 1 : 0;
        low = sum;

        final long squareLow = offset * offset;
        sum = low + squareLow;
        high += Math.multiplyHigh(offset, offset) + (Long.compareUnsigned(sum, low) < 0 ? 1 : 0);
        low = sum;
        if (high >= MAX_SQRT_OPERAND_HIGH)
        {
            // the continuous root is near or past the largest input a long reserve can take: start from there
            return Long.MAX_VALUE;
        }

        final long reserveInAfter = Int128Math.sqrtFloor(high, low) - offset;
        return Math.max(0, reserveInAfter - reserveIn);
    }
}
