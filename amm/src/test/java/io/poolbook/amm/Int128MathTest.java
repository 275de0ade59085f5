package io.poolbook.amm;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static io.poolbook.amm.Oracle.big;
import static io.poolbook.amm.Oracle.fit;
import static io.poolbook.amm.Oracle.high;
import static io.poolbook.amm.Oracle.low;
import static io.poolbook.amm.Oracle.u128;
import static io.poolbook.amm.Oracle.unsigned;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The 128-bit helpers against BigInteger on edge inputs: 0, 1, Long.MAX_VALUE, powers of two and their
 * neighbours, and a few awkward odd numbers. Random inputs are in {@link Int128MathPropertiesTest}.
 */
class Int128MathTest
{
    /** Every non-negative 2^k - 1, 2^k, 2^k + 1, plus Long.MAX_VALUE and some odd values. */
    private static final long[] EDGES = edges(new int[]{ 0, 1, 2, 3, 13, 14, 16, 31, 32, 33, 47, 48, 61, 62 });

    /** Fewer edges, for the four-operand checks. */
    private static final long[] FEW_EDGES = edges(new int[]{ 0, 1, 14, 31, 32, 62 });

    /** Same pattern, every bit position: for two-operand checks. */
    private static final long[] ALL_EDGES = edges(allBits());

    /** Edge values read as unsigned 64-bit halves, including those with the top bit set. */
    private static final long[] HALVES = {
        0, 1, 2, 0xFFFF_FFFFL, 1L << 32, (1L << 32) + 1, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, -2, -1,
        0x1234_5678_9ABC_DEF0L, 0x8000_0000_FFFF_FFFFL };

    @Test
    void unsignedMultiplyHighMatchesBigInteger()
    {
        for (final long a : HALVES)
        {
            for (final long b : HALVES)
            {
                final BigInteger product = unsigned(a).multiply(unsigned(b));
                assertEquals(high(product), Int128Math.unsignedMultiplyHigh(a, b), a + " * " + b);
            }
        }
    }

    @Test
    void mulDivFloorAndCeilMatchBigIntegerOnEdges()
    {
        for (final long a : EDGES)
        {
            for (final long b : EDGES)
            {
                for (final long d : EDGES)
                {
                    if (0 == d)
                    {
                        continue;
                    }
                    final BigInteger product = big(a).multiply(big(b));
                    assertEquals(fit(product.divide(big(d))), Int128Math.mulDivFloor(a, b, d), a + "*" + b + "/" + d);
                    assertEquals(
                        fit(Oracle.ceilDiv(product, big(d))), Int128Math.mulDivCeil(a, b, d), a + "*" + b + "/" + d);
                }
            }
        }
    }

    @Test
    void mulDivFloorAtTheTopOfTheRange()
    {
        assertEquals(Long.MAX_VALUE, Int128Math.mulDivFloor(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, Int128Math.mulDivCeil(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE - 1, Int128Math.mulDivFloor(Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE));
        assertEquals(Int128Math.OVERFLOW, Int128Math.mulDivFloor(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE - 1));
        assertEquals(Int128Math.OVERFLOW, Int128Math.mulDivFloor(1L << 62, 2, 1));
        assertEquals(Long.MAX_VALUE, Int128Math.mulDivFloor(Long.MAX_VALUE, 2, 2));
        // 3 * 6148914691236517205 = 2^64 - 1: floor of half is Long.MAX_VALUE, its ceiling does not fit
        assertEquals(Long.MAX_VALUE, Int128Math.mulDivFloor(3, 6_148_914_691_236_517_205L, 2));
        assertEquals(Int128Math.OVERFLOW, Int128Math.mulDivCeil(3, 6_148_914_691_236_517_205L, 2));
        assertEquals(Int128Math.OVERFLOW, Int128Math.mulDivCeil(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE - 1));
        assertEquals(0, Int128Math.mulDivFloor(0, Long.MAX_VALUE, 1));
        assertEquals(0, Int128Math.mulDivCeil(0, Long.MAX_VALUE, 1));
        assertEquals(1, Int128Math.mulDivCeil(1, 1, Long.MAX_VALUE));
    }

    @Test
    void divide128By64MatchesBigIntegerOnEdges()
    {
        for (final long high : HALVES)
        {
            for (final long low : HALVES)
            {
                for (final long divisor : HALVES)
                {
                    if (0 == divisor)
                    {
                        assertEquals(Int128Math.OVERFLOW, Int128Math.divide(high, low, divisor));
                        continue;
                    }
                    final BigInteger quotient = u128(high, low).divide(unsigned(divisor));
                    assertEquals(fit(quotient), Int128Math.divide(high, low, divisor),
                        Long.toHexString(high) + ":" + Long.toHexString(low) + " / " + Long.toHexString(divisor));
                }
            }
        }
    }

    /**
     * Inputs, found by search, whose quotient fits in a long and which need the rarely taken corrections: of
     * the high and the low 32-bit quotient digit, and of the 128-by-128 estimate.
     */
    @Test
    void divisionCorrectionStepsAreExact()
    {
        final long[][] byLong = {
            { 0x009764314A977BF5L, 0xC9C672C62F9DEB46L, 0x01F6F6F7FFFF4FCBL },
            { 0x00000011A3396461L, 0x424D17A1CF4189F9L, 0x0000003FFFFF4855L },
            { 0x08F9EA4660F8F85EL, 0xBB1F30C246E0EB34L, 0x17E7EA69FFFF00FCL },
            { 0x0000001D2D79DE3DL, 0xF50C98DB4DB2062AL, 0x00000046A5E4F0BDL },
            { 0x000054BA665049D2L, 0x04C1402E75AB9B6EL, 0x00044A18FED269EDL } };
        for (final long[] input : byLong)
        {
            final long quotient = u128(input[0], input[1]).divide(unsigned(input[2])).longValueExact();
            assertEquals(quotient, Int128Math.divide(input[0], input[1], input[2]));
        }

        final long[][] by128 = {
            { 0x009840B6D0DF1D7FL, 0x0350A8F57FD2385EL, 0x000003F137907C6FL, 0x6D2BEA3A9EE9E9E8L },
            { 0x000001A44D297597L, 0xDC24D587059F423AL, 0x000000000006FE77L, 0xF465D43B49216A17L },
            { 0x00002700786B836DL, 0x29D87F377C8673C9L, 0x0000000000004FE3L, 0xEFB5C7F98332E5D6L },
            { 0x00110457D76686F9L, 0x004EABBB7867DA7EL, 0x0000000000037A75L, 0x56BEFA6CDF4B947DL } };
        for (final long[] input : by128)
        {
            final long quotient = u128(input[0], input[1]).divide(u128(input[2], input[3])).longValueExact();
            assertEquals(quotient, Int128Math.divide(input[0], input[1], input[2], input[3]));
        }
    }

    @Test
    void divide128By128MatchesBigIntegerOnEdges()
    {
        for (final long numeratorHigh : HALVES)
        {
            for (final long numeratorLow : HALVES)
            {
                for (final long divisorHigh : HALVES)
                {
                    for (final long divisorLow : HALVES)
                    {
                        if (0 == divisorHigh && 0 == divisorLow)
                        {
                            continue;
                        }
                        final BigInteger quotient =
                            u128(numeratorHigh, numeratorLow).divide(u128(divisorHigh, divisorLow));
                        assertEquals(
                            fit(quotient),
                            Int128Math.divide(numeratorHigh, numeratorLow, divisorHigh, divisorLow),
                            Long.toHexString(numeratorHigh) + ":" + Long.toHexString(numeratorLow) + " / " +
                                Long.toHexString(divisorHigh) + ":" + Long.toHexString(divisorLow));
                    }
                }
            }
        }
    }

    @Test
    void tripleMulDivMatchesBigIntegerOnEdges()
    {
        final long[] smallFactors = { 0, 1, 2, 3, 30, 9_970, 9_999, 10_000, 1 << 16 };
        for (final long a : FEW_EDGES)
        {
            for (final long b : FEW_EDGES)
            {
                for (final long c : smallFactors)
                {
                    for (final long d : FEW_EDGES)
                    {
                        if (0 == d)
                        {
                            continue;
                        }
                        // divisors of 63 + 14 bits, like reserve * BASIS_POINTS + in * feeFactor
                        final BigInteger divisor = big(d).multiply(big(c == 0 ? 10_000 : c)).add(big(b));
                        checkTripleMulDiv(a, b, c, divisor);
                        checkTripleMulDiv(a, b, c, big(d));
                    }
                }
            }
        }
    }

    @Test
    void compareProductsMatchesBigIntegerOnEdges()
    {
        final long[] values = { 0, 1, 2, 10_000, 9_970, 0xFFFF_FFFFL, 1L << 32, (1L << 62) + 1, Long.MAX_VALUE - 1,
            Long.MAX_VALUE };
        for (final long a : values)
        {
            for (final long b : values)
            {
                for (final long c : values)
                {
                    final BigInteger left = big(a).multiply(big(b)).multiply(big(c));
                    for (final long d : values)
                    {
                        for (final long e : values)
                        {
                            final long f = values[(int)((a ^ b ^ c ^ d ^ e) & 7)];
                            final BigInteger right = big(d).multiply(big(e)).multiply(big(f));
                            assertEquals(Integer.signum(left.compareTo(right)),
                                Integer.signum(Int128Math.compareProducts(a, b, c, d, e, f)));
                            assertEquals(0, Int128Math.compareProducts(a, b, c, c, a, b));
                        }
                    }
                }
            }
        }
    }

    @Test
    void sqrtOfLongMatchesBigInteger()
    {
        for (final long n : ALL_EDGES)
        {
            assertEquals(big(n).sqrt().longValueExact(), Int128Math.sqrtFloor(n), "sqrt " + n);
        }
        for (long root = 0; root < 5_000; root++)
        {
            final long square = root * root;
            assertEquals(root, Int128Math.sqrtFloor(square));
            assertEquals(root, Int128Math.sqrtFloor(square + 2 * root));
        }
        final long maxRoot = 3_037_000_499L;
        assertEquals(maxRoot, Int128Math.sqrtFloor(Long.MAX_VALUE));
        assertEquals(maxRoot, Int128Math.sqrtFloor(maxRoot * maxRoot));
        assertEquals(maxRoot - 1, Int128Math.sqrtFloor(maxRoot * maxRoot - 1));
    }

    @Test
    void sqrtOf128BitsMatchesBigIntegerOnEdges()
    {
        for (final long a : ALL_EDGES)
        {
            for (final long b : EDGES)
            {
                final BigInteger product = big(a).multiply(big(b));
                checkSqrt(product);
                checkSqrt(product.add(BigInteger.ONE));
                if (product.signum() > 0)
                {
                    checkSqrt(product.subtract(BigInteger.ONE));
                }
            }
            final BigInteger square = big(a).multiply(big(a));
            checkSqrt(square);
            checkSqrt(square.add(big(a).shiftLeft(1)));
            if (a > 0)
            {
                checkSqrt(square.subtract(BigInteger.ONE));
            }
        }

        final BigInteger limit = BigInteger.ONE.shiftLeft(126);
        checkSqrt(limit.subtract(BigInteger.ONE));
        assertEquals(Int128Math.OVERFLOW, Int128Math.sqrtFloor(high(limit), low(limit)));
        assertEquals(Int128Math.OVERFLOW, Int128Math.sqrtFloor(-1L, -1L));
    }

    private static void checkTripleMulDiv(final long a, final long b, final long c, final BigInteger divisor)
    {
        final BigInteger numerator = big(a).multiply(big(b)).multiply(big(c));
        final long divisorHigh = high(divisor);
        final long divisorLow = low(divisor);
        final String message = a + "*" + b + "*" + c + "/" + divisor;
        assertEquals(fit(numerator.divide(divisor)),
            Int128Math.mulDivFloor(a, b, c, divisorHigh, divisorLow), message);
        assertEquals(fit(Oracle.ceilDiv(numerator, divisor)),
            Int128Math.mulDivCeil(a, b, c, divisorHigh, divisorLow), message);
    }

    private static void checkSqrt(final BigInteger value)
    {
        assertEquals(fit(value.sqrt()), Int128Math.sqrtFloor(high(value), low(value)), "sqrt " + value);
    }

    private static int[] allBits()
    {
        final int[] bits = new int[64];
        for (int i = 0; i < bits.length; i++)
        {
            bits[i] = i;
        }
        return bits;
    }

    private static long[] edges(final int[] bitPositions)
    {
        final List<Long> values = new ArrayList<>();
        for (final int bit : bitPositions)
        {
            final long power = 1L << bit;
            if (power > 0)
            {
                values.add(power);
                values.add(power + 1);
            }
            values.add(power - 1);
        }
        values.add(Long.MAX_VALUE);
        values.add(Long.MAX_VALUE - 1);
        values.add(10_000L);
        values.add(999_999_999_989L);
        values.add(3_037_000_499L);
        return values.stream().filter(v -> v >= 0).distinct().mapToLong(Long::longValue).toArray();
    }
}
