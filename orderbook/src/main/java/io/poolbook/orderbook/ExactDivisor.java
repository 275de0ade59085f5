package io.poolbook.orderbook;

/**
 * Divides by a fixed positive divisor without a division instruction, for values that are whole multiples of it:
 * a shift for the divisor's power-of-two part and a multiplication by the modular inverse of its odd part. Tells
 * whether a value is a multiple with the Granlund-Montgomery test. The book checks and divides every price by the
 * tick and every quantity by the lot, and a 64-bit division costs more than the rest of an amend's arithmetic.
 */
final class ExactDivisor
{
    private final long divisor;
    private final int shift;
    private final long lowBitsMask;
    private final long oddInverse;
    private final long maxOddQuotient;

    ExactDivisor(final long divisor)
    {
        if (divisor <= 0)
        {
            throw new IllegalArgumentException("divisor must be positive: " + divisor);
        }

        this.divisor = divisor;
        shift = Long.numberOfTrailingZeros(divisor);
        lowBitsMask = (1L << shift) - 1;
        final long oddPart = divisor >> shift;
        long inverse = oddPart;
        for (int i = 0; i < 5; i++)
        {
            inverse *= 2 - oddPart * inverse;
        }
        oddInverse = inverse;
        maxOddQuotient = Long.divideUnsigned(-1L, oddPart);
    }

    long divisor()
    {
        return divisor;
    }

    /**
     * @param value not negative.
     * @return true if {@code value} is a whole multiple of the divisor.
     */
    boolean divides(final long value)
    {
        return 0 == (value & lowBitsMask) && Long.compareUnsigned((value >>> shift) * oddInverse, maxOddQuotient) <= 0;
    }

    /**
     * @param multiple a whole multiple of the divisor, of either sign.
     * @return {@code multiple / divisor}, exactly; meaningless for a value that is not a multiple.
     */
    long quotientOf(final long multiple)
    {
        return (multiple >> shift) * oddInverse;
    }
}
