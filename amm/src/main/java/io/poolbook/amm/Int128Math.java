package io.poolbook.amm;

/**
 * Exact unsigned 128-bit arithmetic on pairs of longs, without allocation: the full product of two longs,
 * division of a 128-bit value by a 64-bit or a 128-bit one, {@code floor} and {@code ceil} of {@code a * b / d}
 * and {@code a * b * c / d}, exact comparison of two triple products, and the integer square root of a
 * 128-bit value.
 * <p>
 * A 128-bit value travels as two longs, {@code high} and {@code low}, meaning {@code high * 2^64 + low} with both
 * halves read as unsigned. Operands named {@code a}, {@code b}, {@code c} are non-negative longs. Every result is
 * a non-negative long; a result of 2^63 or more does not fit and comes back as {@link #OVERFLOW}, which callers
 * turn into a reject, never into a wrapped number.
 * <p>
 * Division by a 64-bit value is the schoolbook algorithm on 32-bit digits (Knuth's algorithm D as laid out in
 * Hacker's Delight, {@code divlu}); division by a 128-bit value normalises the divisor, estimates the quotient
 * from its top 64 bits and corrects it by one (Hacker's Delight, unsigned doubleword division).
 */
public final class Int128Math
{
    /**
     * Returned instead of a result that does not fit in a non-negative long. No valid result is negative, so it
     * cannot be confused with one.
     */
    public static final long OVERFLOW = -1L;

    private static final long LOW_32_BITS = 0xFFFF_FFFFL;

    /**
     * Largest high half accepted by {@link #sqrtFloor(long, long)}: values below 2^126 have a square root below
     * 2^63, so the root always fits.
     */
    private static final long SQRT_HIGH_LIMIT = 1L << 62;

    private Int128Math()
    {
    }

    /**
     * High 64 bits of the 128-bit product of two longs read as unsigned.
     *
     * @param a first factor, unsigned.
     * @param b second factor, unsigned.
     * @return the high half of {@code a * b}.
     */
    public static long unsignedMultiplyHigh(final long a, final long b)
    {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /**
     * Compares two unsigned 128-bit values.
     *
     * @param highA high half of the first value.
     * @param lowA  low half of the first value.
     * @param highB high half of the second value.
     * @param lowB  low half of the second value.
     * @return negative, zero or positive as the first value is less than, equal to or greater than the second.
     */
    public static int compareUnsigned(final long highA, final long lowA, final long highB, final long lowB)
    {
        final int highOrder = Long.compareUnsigned(highA, highB);
        return 0 != highOrder ? highOrder : Long.compareUnsigned(lowA, lowB);
    }

    /**
     * {@code floor(a * b / d)} with the product held in 128 bits.
     *
     * @param a non-negative factor.
     * @param b non-negative factor.
     * @param d positive divisor.
     * @return the quotient, or {@link #OVERFLOW} if it does not fit in a long.
     */
    public static long mulDivFloor(final long a, final long b, final long d)
    {
        final long high = Math.multiplyHigh(a, b);
        final long low = a * b;
        if (0 == high && low >= 0)
        {
            return low / d;
        }

        return divide(high, low, d);
    }

    /**
     * {@code ceil(a * b / d)} with the product held in 128 bits.
     *
     * @param a non-negative factor.
     * @param b non-negative factor.
     * @param d positive divisor.
     * @return the quotient rounded up, or {@link #OVERFLOW} if it does not fit in a long.
     */
    public static long mulDivCeil(final long a, final long b, final long d)
    {
        final long high = Math.multiplyHigh(a, b);
        final long low = a * b;
        final long quotient = (0 == high && low >= 0) ? low / d : divide(high, low, d);
        if (OVERFLOW == quotient)
        {
            return OVERFLOW;
        }

        // The remainder is below d, so the wrapped 64-bit difference is exact.
        if (low - quotient * d == 0)
        {
            return quotient;
        }

        return Long.MAX_VALUE == quotient ? OVERFLOW : quotient + 1;
    }

    /**
     * {@code floor(a * b * c / D)} for a 128-bit divisor {@code D}, without a 192-bit intermediate: with
     * {@code a * b = q * D + r}, the result is {@code q * c + floor(r * c / D)}.
     * <p>
     * Domain: {@code c} at most 2^16 and {@code D} below 2^111, so that {@code r * c} stays within 128 bits; this
     * covers every use in this module, where {@code c} is a basis-point factor and {@code D} a long times one.
     *
     * @param a           non-negative factor.
     * @param b           non-negative factor.
     * @param c           small non-negative factor, at most 2^16.
     * @param divisorHigh high half of the divisor.
     * @param divisorLow  low half of the divisor; the divisor is positive.
     * @return the quotient, or {@link #OVERFLOW} if it does not fit in a long.
     */
    public static long mulDivFloor(
        final long a, final long b, final long c, final long divisorHigh, final long divisorLow)
    {
        return mulDiv(a, b, c, divisorHigh, divisorLow, false);
    }

    /**
     * {@code ceil(a * b * c / D)} for a 128-bit divisor {@code D}; same domain as
     * {@link #mulDivFloor(long, long, long, long, long)}.
     *
     * @param a           non-negative factor.
     * @param b           non-negative factor.
     * @param c           small non-negative factor, at most 2^16.
     * @param divisorHigh high half of the divisor.
     * @param divisorLow  low half of the divisor; the divisor is positive.
     * @return the quotient rounded up, or {@link #OVERFLOW} if it does not fit in a long.
     */
    public static long mulDivCeil(
        final long a, final long b, final long c, final long divisorHigh, final long divisorLow)
    {
        return mulDiv(a, b, c, divisorHigh, divisorLow, true);
    }

    /**
     * {@code floor(N / d)} for a 128-bit dividend and a 64-bit divisor, both unsigned.
     *
     * @param high    high half of the dividend.
     * @param low     low half of the dividend.
     * @param divisor non-zero divisor, unsigned.
     * @return the quotient, or {@link #OVERFLOW} if it does not fit in a long (including a zero divisor).
     */
    public static long divide(final long high, final long low, final long divisor)
    {
        if (Long.compareUnsigned(high, divisor) >= 0)
        {
            return OVERFLOW;
        }

        if (0 == high && low >= 0 && divisor > 0)
        {
            return low / divisor;
        }

        final long quotient = divideUnsigned(high, low, divisor);
        return quotient < 0 ? OVERFLOW : quotient;
    }

    /**
     * {@code floor(N / D)} for a 128-bit dividend and a 128-bit divisor, both unsigned.
     *
     * @param numeratorHigh high half of the dividend.
     * @param numeratorLow  low half of the dividend.
     * @param divisorHigh   high half of the divisor.
     * @param divisorLow    low half of the divisor; the divisor is non-zero.
     * @return the quotient, or {@link #OVERFLOW} if it does not fit in a long.
     */
    public static long divide(
        final long numeratorHigh, final long numeratorLow, final long divisorHigh, final long divisorLow)
    {
        if (0 == divisorHigh)
        {
            return divide(numeratorHigh, numeratorLow, divisorLow);
        }

        // The divisor is at least 2^64, so the quotient is below 2^64. Estimate it from the divisor's top 64
        // bits and half the dividend (so the estimate cannot overflow), then correct by at most one.
        final int shift = Long.numberOfLeadingZeros(divisorHigh);
        final long divisorTop = 0 == shift ? divisorHigh : (divisorHigh << shift) | (divisorLow >>> (64 - shift));
        final long halfHigh = numeratorHigh >>> 1;
        final long halfLow = (numeratorLow >>> 1) | (numeratorHigh << 63);
        long quotient = divideUnsigned(halfHigh, halfLow, divisorTop) >>> (63 - shift);
        if (0 != quotient)
        {
            quotient--;
        }

        final long productLow = quotient * divisorLow;
        final long productHigh = unsignedMultiplyHigh(quotient, divisorLow) + quotient * divisorHigh;
        final long remainderLow = numeratorLow - productLow;
        final long remainderHigh = numeratorHigh - productHigh - borrow(numeratorLow, productLow);
        if (compareUnsigned(remainderHigh, remainderLow, divisorHigh, divisorLow) >= 0)
        {
            quotient++;
        }

        return quotient < 0 ? OVERFLOW : quotient;
    }

    /**
     * Exact comparison of {@code a * b * c} with {@code d * e * f}, each product held in 192 bits.
     *
     * @param a non-negative factor of the left product.
     * @param b non-negative factor of the left product.
     * @param c non-negative factor of the left product.
     * @param d non-negative factor of the right product.
     * @param e non-negative factor of the right product.
     * @param f non-negative factor of the right product.
     * @return negative, zero or positive as {@code a * b * c} is less than, equal to or greater than
     * {@code d * e * f}.
     */
    public static int compareProducts(
        final long a, final long b, final long c, final long d, final long e, final long f)
    {
        final long leftHigh = Math.multiplyHigh(a, b);
        final long leftLow = a * b;
        final long leftLimb0 = leftLow * c;
        final long leftCarry = unsignedMultiplyHigh(leftLow, c);
        final long leftLimb1 = leftCarry + leftHigh * c;
        final long leftLimb2 =
            Math.multiplyHigh(leftHigh, c) + (Long.compareUnsigned(leftLimb1, leftCarry) < 0 ? 1 : 0);

        final long rightHigh = Math.multiplyHigh(d, e);
        final long rightLow = d * e;
        final long rightLimb0 = rightLow * f;
        final long rightCarry = unsignedMultiplyHigh(rightLow, f);
        final long rightLimb1 = rightCarry + rightHigh * f;
        final long rightLimb2 =
            Math.multiplyHigh(rightHigh, f) + (Long.compareUnsigned(rightLimb1, rightCarry) < 0 ? 1 : 0);

        if (leftLimb2 != rightLimb2)
        {
            return Long.compare(leftLimb2, rightLimb2);
        }

        return compareUnsigned(leftLimb1, leftLimb0, rightLimb1, rightLimb0);
    }

    /**
     * {@code floor(sqrt(n))} for a non-negative long.
     *
     * @param n non-negative value.
     * @return its integer square root.
     */
    public static long sqrtFloor(final long n)
    {
        if (n < 2)
        {
            return n;
        }

        // Newton's iteration from a power of two at or above the root decreases monotonically to the floor.
        long root = 1L << ((65 - Long.numberOfLeadingZeros(n)) >>> 1);
        while (true)
        {
            final long next = (root + n / root) >>> 1;
            if (next >= root)
            {
                return root;
            }
            root = next;
        }
    }

    /**
     * {@code floor(sqrt(N))} for a 128-bit value below 2^126 (any product of two non-negative longs).
     *
     * @param high high half of the value, below 2^62.
     * @param low  low half of the value.
     * @return its integer square root, or {@link #OVERFLOW} if the value is 2^126 or more.
     */
    public static long sqrtFloor(final long high, final long low)
    {
        if (0 == high && low >= 0)
        {
            return sqrtFloor(low);
        }

        if (high < 0 || high >= SQRT_HIGH_LIMIT)
        {
            return OVERFLOW;
        }

        // Start one above the root of the top 63 bits, scaled back: an upper bound within 2^-31 of the root,
        // so Newton's iteration needs one or two 128-by-64 divisions.
        final int bits = 128 - Long.numberOfLeadingZeros(high);
        final int halfShift = (bits - 62) >>> 1;
        final int shift = halfShift << 1;
        final long top = 64 == shift ? high : (high << (64 - shift)) | (low >>> shift);
        final long topRoot = sqrtFloor(top) + 1;
        long root = topRoot > (Long.MAX_VALUE >>> halfShift) ? Long.MAX_VALUE : topRoot << halfShift;
        while (true)
        {
            // The root is at least 2^31.5 and the high half below 2^62, so high < root as divideUnsigned needs.
            final long quotient = divideUnsigned(high, low, root);
            final long next = (root >>> 1) + (quotient >>> 1) + (root & quotient & 1);
            if (Long.compareUnsigned(next, root) >= 0)
            {
                return root;
            }
            root = next;
        }
    }

    private static long mulDiv(
        final long a,
        final long b,
        final long c,
        final long divisorHigh,
        final long divisorLow,
        final boolean roundUp)
    {
        if (0 == c)
        {
            return 0;
        }

        final long productHigh = Math.multiplyHigh(a, b);
        final long productLow = a * b;
        if (0 == productHigh && productLow >= 0 && 0 == divisorHigh && divisorLow > 0)
        {
            return roundUp ? mulDivCeil(productLow, c, divisorLow) : mulDivFloor(productLow, c, divisorLow);
        }

        final long quotient = divide(productHigh, productLow, divisorHigh, divisorLow);
        if (OVERFLOW == quotient)
        {
            return OVERFLOW;
        }

        // remainder = a * b - quotient * D, below D
        final long usedLow = quotient * divisorLow;
        final long usedHigh = unsignedMultiplyHigh(quotient, divisorLow) + quotient * divisorHigh;
        final long remainderLow = productLow - usedLow;
        final long remainderHigh = productHigh - usedHigh - borrow(productLow, usedLow);

        // scaled = remainder * c (+ D - 1 to round up), below 2^128 by the domain rule
        long scaledLow = remainderLow * c;
        long scaledHigh = unsignedMultiplyHigh(remainderLow, c) + remainderHigh * c;
        if (roundUp)
        {
            final long sumLow = scaledLow + divisorLow;
            scaledHigh += divisorHigh + (Long.compareUnsigned(sumLow, scaledLow) < 0 ? 1 : 0);
            scaledLow = sumLow - 1;
            if (-1L == scaledLow)
            {
                scaledHigh--;
            }
        }

        final long tail = divide(scaledHigh, scaledLow, divisorHigh, divisorLow);
        if (quotient > (Long.MAX_VALUE - tail) / c)
        {
            return OVERFLOW;
        }

        return quotient * c + tail;
    }

    private static long borrow(final long minuend, final long subtrahend)
    {
        return Long.compareUnsigned(minuend, subtrahend) < 0 ? 1 : 0;
    }

    /**
     * Unsigned 128-by-64 division on 32-bit digits; requires {@code high < divisor} (unsigned), so that the
     * quotient fits in 64 bits. Returns the quotient as an unsigned long.
     */
    private static long divideUnsigned(final long high, final long low, final long divisor)
    {
        final int shift = Long.numberOfLeadingZeros(divisor);
        final long normalised = divisor << shift;
        final long divisorHigh = normalised >>> 32;
        final long divisorLow = normalised & LOW_32_BITS;
        final long top = 0 == shift ? high : (high << shift) | (low >>> (64 - shift));
        final long bottom = low << shift;
        final long bottomHigh = bottom >>> 32;
        final long bottomLow = bottom & LOW_32_BITS;

        long quotientHigh = divideByDigit(top, divisorHigh);
        long remainder = top - quotientHigh * divisorHigh;
        while (quotientHigh > LOW_32_BITS ||
            Long.compareUnsigned(quotientHigh * divisorLow, (remainder << 32) | bottomHigh) > 0)
        {
            quotientHigh--;
            remainder += divisorHigh;
            if (remainder > LOW_32_BITS)
            {
                break;
            }
        }

        final long middle = (top << 32) + bottomHigh - quotientHigh * normalised;
        long quotientLow = divideByDigit(middle, divisorHigh);
        remainder = middle - quotientLow * divisorHigh;
        while (quotientLow > LOW_32_BITS ||
            Long.compareUnsigned(quotientLow * divisorLow, (remainder << 32) | bottomLow) > 0)
        {
            quotientLow--;
            remainder += divisorHigh;
            if (remainder > LOW_32_BITS)
            {
                break;
            }
        }

        return (quotientHigh << 32) | quotientLow;
    }

    /**
     * Unsigned 64-bit value divided by a normalised 32-bit digit (2^31 to 2^32 - 1). Java 17's
     * {@code Long.divideUnsigned} goes through BigInteger for a negative dividend, so halve, divide and fix up.
     */
    private static long divideByDigit(final long dividend, final long digit)
    {
        if (dividend >= 0)
        {
            return dividend / digit;
        }

        final long quotient = ((dividend >>> 1) / digit) << 1;
        final long remainder = dividend - quotient * digit;
        return remainder >= digit ? quotient + 1 : quotient;
    }
}
