package io.poolbook.orderbook;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link ExactDivisor} agrees with the division instruction.
 */
final class ExactDivisorPropertyTest
{
    @Property(tries = 5_000)
    void dividesAgreesWithRemainder(
        @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) final long divisor,
        @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) final long value)
    {
        assertEquals(value % divisor == 0, new ExactDivisor(divisor).divides(value));
    }

    @Property(tries = 5_000)
    void quotientOfMultipleIsExact(
        @ForAll @LongRange(min = 1, max = 1L << 40) final long divisor,
        @ForAll @LongRange(min = -(1L << 22), max = 1L << 22) final long quotient)
    {
        final ExactDivisor exact = new ExactDivisor(divisor);

        assertEquals(quotient, exact.quotientOf(quotient * divisor));
        assertEquals(true, exact.divides(Math.abs(quotient * divisor)));
    }

    @Property(tries = 2_000)
    void smallDivisorsAndTheirNeighbours(
        @ForAll @LongRange(min = 1, max = 1_000) final long divisor,
        @ForAll @LongRange(min = 0, max = 1L << 50) final long quotient)
    {
        final ExactDivisor exact = new ExactDivisor(divisor);
        final long multiple = quotient * divisor;

        assertEquals(true, exact.divides(multiple));
        assertEquals(quotient, exact.quotientOf(multiple));
        assertEquals(divisor == 1, exact.divides(multiple + 1));
    }

    @Example
    void extremes()
    {
        final ExactDivisor exact = new ExactDivisor(Long.MAX_VALUE);
        assertEquals(true, exact.divides(Long.MAX_VALUE));
        assertEquals(true, exact.divides(0));
        assertEquals(false, exact.divides(Long.MAX_VALUE - 1));
        assertEquals(1, exact.quotientOf(Long.MAX_VALUE));
        assertEquals(-1, exact.quotientOf(-Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, new ExactDivisor(1).quotientOf(Long.MAX_VALUE));
        assertEquals(-(1L << 62), new ExactDivisor(2).quotientOf(Long.MIN_VALUE));
    }
}
