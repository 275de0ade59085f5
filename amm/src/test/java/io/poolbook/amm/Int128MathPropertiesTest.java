package io.poolbook.amm;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigInteger;

import static io.poolbook.amm.Oracle.big;
import static io.poolbook.amm.Oracle.fit;
import static io.poolbook.amm.Oracle.high;
import static io.poolbook.amm.Oracle.low;
import static io.poolbook.amm.Oracle.u128;
import static io.poolbook.amm.Oracle.unsigned;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The 128-bit helpers against BigInteger on random inputs of every magnitude.
 */
class Int128MathPropertiesTest
{
    @Property(tries = 3000)
    void mulDivMatchesBigInteger(
        @ForAll("anyMagnitude") final long a, @ForAll("anyMagnitude") final long b, @ForAll("positive") final long d)
    {
        final BigInteger product = big(a).multiply(big(b));
        assertEquals(fit(product.divide(big(d))), Int128Math.mulDivFloor(a, b, d));
        assertEquals(fit(Oracle.ceilDiv(product, big(d))), Int128Math.mulDivCeil(a, b, d));
    }

    @Property(tries = 3000)
    void quotientsThatFitAreExact(@ForAll("anyMagnitude") final long a, @ForAll("anyMagnitude") final long b)
    {
        // A divisor just above the product's high half keeps the quotient near 2^64 and often within a long.
        final BigInteger product = big(a).multiply(big(b));
        final long d = Math.max(1, high(product) * 2 + 1);
        assertEquals(fit(product.divide(big(d))), Int128Math.mulDivFloor(a, b, d));
    }

    @Property(tries = 3000)
    void divide128By64MatchesBigInteger(
        @ForAll final long high, @ForAll final long low, @ForAll("anyMagnitude") final long divisorMagnitude)
    {
        final long divisor = 0 == divisorMagnitude ? 1 : divisorMagnitude;
        assertEquals(fit(u128(high, low).divide(unsigned(divisor))), Int128Math.divide(high, low, divisor));
        final long reducedHigh = Long.remainderUnsigned(high, divisor);
        assertEquals(
            fit(u128(reducedHigh, low).divide(unsigned(divisor))), Int128Math.divide(reducedHigh, low, divisor));
    }

    @Property(tries = 3000)
    void divide128By128MatchesBigInteger(
        @ForAll final long numeratorHigh,
        @ForAll final long numeratorLow,
        @ForAll("anyMagnitude") final long divisorHigh,
        @ForAll final long divisorLow)
    {
        if (0 == divisorHigh && 0 == divisorLow)
        {
            return;
        }
        final BigInteger numerator = u128(numeratorHigh, numeratorLow);
        final BigInteger divisor = u128(divisorHigh, divisorLow);
        assertEquals(fit(numerator.divide(divisor)),
            Int128Math.divide(numeratorHigh, numeratorLow, divisorHigh, divisorLow));

        // numerators a small multiple of the divisor, so the quotient fits and the correction step is exercised
        final BigInteger multiple = divisor.multiply(big(numeratorLow & 0xFFFF)).add(big(numeratorHigh & 0xFF));
        if (multiple.bitLength() <= 128)
        {
            assertEquals(fit(multiple.divide(divisor)),
                Int128Math.divide(high(multiple), low(multiple), divisorHigh, divisorLow));
        }
    }

    @Property(tries = 3000)
    void tripleMulDivMatchesBigInteger(
        @ForAll("anyMagnitude") final long a,
        @ForAll("anyMagnitude") final long b,
        @ForAll("smallFactor") final long c,
        @ForAll("positive") final long d,
        @ForAll("smallFactor") final long e,
        @ForAll("anyMagnitude") final long addend)
    {
        final BigInteger numerator = big(a).multiply(big(b)).multiply(big(c));
        final BigInteger divisor = big(d).multiply(big(e + 1)).add(big(addend));
        assertEquals(fit(numerator.divide(divisor)),
            Int128Math.mulDivFloor(a, b, c, high(divisor), low(divisor)));
        assertEquals(fit(Oracle.ceilDiv(numerator, divisor)),
            Int128Math.mulDivCeil(a, b, c, high(divisor), low(divisor)));
    }

    @Property(tries = 3000)
    void compareProductsMatchesBigInteger(
        @ForAll("anyMagnitude") final long a,
        @ForAll("anyMagnitude") final long b,
        @ForAll("anyMagnitude") final long c,
        @ForAll("anyMagnitude") final long d,
        @ForAll("anyMagnitude") final long e)
    {
        final BigInteger left = big(a).multiply(big(b)).multiply(big(c));
        // choose f so the right product lands next to the left one, where the low limbs decide
        final long f = 0 == d || 0 == e ? c : fit(left.divide(big(d).multiply(big(e))));
        final long closeF = Int128Math.OVERFLOW == f ? Long.MAX_VALUE : f;
        for (long delta = -1; delta <= 1; delta++)
        {
            final long shifted = closeF + delta;
            final long g = shifted >= 0 ? shifted : delta < 0 ? 0 : Long.MAX_VALUE;
            final BigInteger right = big(d).multiply(big(e)).multiply(big(g));
            assertEquals(Integer.signum(left.compareTo(right)),
                Integer.signum(Int128Math.compareProducts(a, b, c, d, e, g)));
        }
    }

    @Property(tries = 3000)
    void sqrtMatchesBigInteger(@ForAll("anyMagnitude") final long a, @ForAll("anyMagnitude") final long b)
    {
        final BigInteger product = big(a).multiply(big(b));
        assertEquals(fit(product.sqrt()), Int128Math.sqrtFloor(high(product), low(product)));
        final BigInteger square = big(a).multiply(big(a));
        assertEquals(a, Int128Math.sqrtFloor(high(square), low(square)));
        if (a > 0)
        {
            final BigInteger below = square.subtract(BigInteger.ONE);
            assertEquals(a - 1, Int128Math.sqrtFloor(high(below), low(below)));
        }
        assertEquals(big(a).sqrt().longValueExact(), Int128Math.sqrtFloor(a));
    }

    /** Non-negative longs spread evenly over bit lengths, so small, mid and near-maximal values all show up. */
    @Provide
    Arbitrary<Long> anyMagnitude()
    {
        return Arbitraries.integers().between(0, 63)
            .flatMap(bits -> Arbitraries.longs().between(0, bits == 63 ? Long.MAX_VALUE : (1L << bits)))
            .edgeCases(edges -> edges.add(Long.MAX_VALUE));
    }

    @Provide
    Arbitrary<Long> positive()
    {
        return anyMagnitude().map(value -> Math.max(1, value));
    }

    @Provide
    Arbitrary<Long> smallFactor()
    {
        return Arbitraries.longs().between(0, 1 << 16);
    }
}
