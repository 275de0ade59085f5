package io.poolbook.amm;

import java.math.BigInteger;

/**
 * BigInteger reference arithmetic the tests check the pool's 128-bit maths against.
 */
final class Oracle
{
    static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    static final BigInteger F = BigInteger.valueOf(ConstantProductMath.BASIS_POINTS);

    private Oracle()
    {
    }

    static BigInteger big(final long value)
    {
        return BigInteger.valueOf(value);
    }

    static BigInteger unsigned(final long value)
    {
        final BigInteger signed = BigInteger.valueOf(value);
        return value < 0 ? signed.add(TWO_64) : signed;
    }

    static BigInteger u128(final long high, final long low)
    {
        return unsigned(high).shiftLeft(64).add(unsigned(low));
    }

    static long high(final BigInteger value)
    {
        return value.shiftRight(64).longValue();
    }

    static long low(final BigInteger value)
    {
        return value.longValue();
    }

    /** The value as a long, or {@link Int128Math#OVERFLOW} if it is 2^63 or more. */
    static long fit(final BigInteger value)
    {
        return value.compareTo(LONG_MAX) > 0 ? Int128Math.OVERFLOW : value.longValueExact();
    }

    static BigInteger ceilDiv(final BigInteger numerator, final BigInteger denominator)
    {
        final BigInteger[] qr = numerator.divideAndRemainder(denominator);
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    static BigInteger feeFactor(final int feeBasisPoints)
    {
        return big(ConstantProductMath.BASIS_POINTS - feeBasisPoints);
    }

    /** Uniswap getAmountOut with a basis-point fee. */
    static BigInteger amountOut(final long amountIn, final long reserveIn, final long reserveOut, final int fee)
    {
        final BigInteger withFee = big(amountIn).multiply(feeFactor(fee));
        return withFee.multiply(big(reserveOut)).divide(big(reserveIn).multiply(F).add(withFee));
    }

    /** Uniswap getAmountIn with a basis-point fee. */
    static BigInteger amountIn(final long amountOut, final long reserveIn, final long reserveOut, final int fee)
    {
        return big(reserveIn).multiply(big(amountOut)).multiply(F)
            .divide(big(reserveOut - amountOut).multiply(feeFactor(fee)))
            .add(BigInteger.ONE);
    }

    /**
     * Whether, after swapping {@code amountIn} into the pool, its post-fee marginal rate (output per input) is
     * still at least {@code rateNumerator / rateDenominator}.
     */
    static boolean keepsRate(
        final long amountIn,
        final long reserveIn,
        final long reserveOut,
        final int fee,
        final long rateNumerator,
        final long rateDenominator)
    {
        final BigInteger out = amountOut(amountIn, reserveIn, reserveOut, fee);
        final BigInteger left = feeFactor(fee).multiply(big(reserveOut).subtract(out)).multiply(big(rateDenominator));
        final BigInteger right = F.multiply(big(reserveIn).add(big(amountIn))).multiply(big(rateNumerator));
        return left.compareTo(right) >= 0;
    }
}
