package io.poolbook.amm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;

import static io.poolbook.amm.Oracle.big;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uniswap V2's published swap examples, re-derived at engine scale with the same formulas.
 */
class ConstantProductMathTest
{
    private static final int UNISWAP_FEE = 30;
    private static final long ENGINE_UNIT = 1_000_000_000_000_000L;

    /**
     * Uniswap V2 core's getInputPrice cases (UniswapV2Pair.spec.ts, swapTestCases): swap amount and reserves in
     * whole tokens of 18 decimals, and the expected output. Checks that the oracle is Uniswap's formula.
     */
    @ParameterizedTest
    @CsvSource({
        "1, 5, 10, 1662497915624478906",
        "1, 10, 5, 453305446940074565",
        "2, 5, 10, 2851015155847869602",
        "2, 10, 5, 831248957812239453",
        "1, 10, 10, 906610893880149131",
        "1, 100, 100, 987158034397061298",
        "1, 1000, 1000, 996006981039903216" })
    void oracleReproducesUniswapGetInputPriceAt18Decimals(
        final long swapTokens, final long reserveInTokens, final long reserveOutTokens, final String expected)
    {
        final BigInteger scale = BigInteger.TEN.pow(18);
        final BigInteger in = big(swapTokens).multiply(scale);
        final BigInteger withFee = in.multiply(big(9_970));
        final BigInteger out = withFee.multiply(big(reserveOutTokens).multiply(scale))
            .divide(big(reserveInTokens).multiply(scale).multiply(Oracle.F).add(withFee));
        assertEquals(new BigInteger(expected), out);
    }

    /**
     * The same cases with tokens of 15 decimals so the reserves fit engine longs; the expected outputs are the
     * formula's values at that scale (Uniswap's figures truncated by three digits, give or take the floor).
     */
    @ParameterizedTest
    @CsvSource({
        "1, 5, 10, 1662497915624478",
        "1, 10, 5, 453305446940074",
        "2, 5, 10, 2851015155847869",
        "2, 10, 5, 831248957812239",
        "1, 10, 10, 906610893880149",
        "1, 100, 100, 987158034397061",
        "1, 1000, 1000, 996006981039903" })
    void getInputPriceAtEngineScale(
        final long swapTokens, final long reserveInTokens, final long reserveOutTokens, final long expected)
    {
        final long in = swapTokens * ENGINE_UNIT;
        final long reserveIn = reserveInTokens * ENGINE_UNIT;
        final long reserveOut = reserveOutTokens * ENGINE_UNIT;
        final long out = ConstantProductMath.amountOut(in, reserveIn, reserveOut, UNISWAP_FEE);

        assertEquals(expected, out);
        // Uniswap's K check: one more unit out would fail, so the output is the largest the invariant allows.
        assertTrue(keepsFeeAdjustedK(in, out, reserveIn, reserveOut));
        assertFalse(keepsFeeAdjustedK(in, out + 1, reserveIn, reserveOut));
        // and exact-out for that output asks no more than the input
        assertTrue(ConstantProductMath.amountIn(out, reserveIn, reserveOut, UNISWAP_FEE) <= in);
    }

    /** UniswapV2Library's router tests: getAmountOut(2, 100, 100) = 1 and getAmountIn(1, 100, 100) = 2. */
    @Test
    void routerLibraryExamples()
    {
        assertEquals(1, ConstantProductMath.amountOut(2, 100, 100, UNISWAP_FEE));
        assertEquals(2, ConstantProductMath.amountIn(1, 100, 100, UNISWAP_FEE));
        assertEquals(2, ConstantProductMath.minimumAmountIn(1, 100, 100, UNISWAP_FEE));
    }

    @Test
    void exactOutIsTheCeilingFormPlusOne()
    {
        // 100 * 1 * 10000 / (99 * 10000) = 1.0101..: Uniswap asks floor + 1 = 2, the exact inverse is also 2
        assertEquals(2, ConstantProductMath.amountIn(1, 100, 100, 0));
        assertEquals(2, ConstantProductMath.minimumAmountIn(1, 100, 100, 0));
        // 100 * 50 * 10000 / (50 * 10000) = 100 exactly: Uniswap asks 101, the exact inverse 100
        assertEquals(101, ConstantProductMath.amountIn(50, 100, 100, 0));
        assertEquals(100, ConstantProductMath.minimumAmountIn(50, 100, 100, 0));
        assertEquals(50, ConstantProductMath.amountOut(100, 100, 100, 0));
        assertEquals(49, ConstantProductMath.amountOut(99, 100, 100, 0));
    }

    @Test
    void amountOutAtTheTopOfTheRangeTakesThe128BitPath()
    {
        final long reserveIn = Long.MAX_VALUE / 4;
        final long reserveOut = Long.MAX_VALUE / 3;
        final long in = Long.MAX_VALUE / 2;
        assertEquals(Oracle.amountOut(in, reserveIn, reserveOut, UNISWAP_FEE).longValueExact(),
            ConstantProductMath.amountOut(in, reserveIn, reserveOut, UNISWAP_FEE));
        assertEquals(Oracle.amountOut(in, reserveIn, reserveOut, 9_999).longValueExact(),
            ConstantProductMath.amountOut(in, reserveIn, reserveOut, 9_999));
    }

    @Test
    void exactOutThatDoesNotFitIsOverflow()
    {
        assertEquals(Int128Math.OVERFLOW, ConstantProductMath.amountIn(999, Long.MAX_VALUE / 2, 1_000, UNISWAP_FEE));
    }

    @Test
    void amountInToRateWithoutFeeIsTheSquareRootOfKTimesPrice()
    {
        // x * y = 10^24 at price 1; price 4 quote per base means the quote reserve reaches sqrt(k * 4) = 2 * 10^12
        final long reserve = 1_000_000_000_000L;
        final long amountIn = ConstantProductMath.amountInToRate(reserve, reserve, 0, 1, 4);
        assertEquals(reserve, amountIn);
        assertTrue(Oracle.keepsRate(amountIn, reserve, reserve, 0, 1, 4));
        assertFalse(Oracle.keepsRate(amountIn + 1, reserve, reserve, 0, 1, 4));
    }

    @Test
    void amountInToRateIsZeroWhenThePoolIsAlreadyPastTheTarget()
    {
        // the marginal rate of a 1:1 pool with 0.3% fee is 0.997 output per input: a target of 1 is never met
        assertEquals(0, ConstantProductMath.amountInToRate(1_000_000, 1_000_000, UNISWAP_FEE, 1, 1));
        // exactly at the target: nothing more to take
        assertEquals(0, ConstantProductMath.amountInToRate(1_000_000, 1_000_000, UNISWAP_FEE, 9_970, 10_000));
    }

    @Test
    void amountInToRateLandsOnTheLastInputThatKeepsTheRate()
    {
        final long reserveIn = 5 * ENGINE_UNIT;
        final long reserveOut = 10 * ENGINE_UNIT;
        // the pool's marginal rate is 2 * 0.997 = 1.994 output per input
        for (final long[] rate : new long[][]{ { 1, 1 }, { 3, 2 }, { 1, 1_000 }, { 1_993, 1_000 }, { 1, 3 } })
        {
            final long amountIn =
                ConstantProductMath.amountInToRate(reserveIn, reserveOut, UNISWAP_FEE, rate[0], rate[1]);
            assertTrue(amountIn > 0);
            assertTrue(Oracle.keepsRate(amountIn, reserveIn, reserveOut, UNISWAP_FEE, rate[0], rate[1]));
            assertFalse(Oracle.keepsRate(amountIn + 1, reserveIn, reserveOut, UNISWAP_FEE, rate[0], rate[1]));
        }
        assertEquals(0, ConstantProductMath.amountInToRate(reserveIn, reserveOut, UNISWAP_FEE, 1_995, 1_000));
    }

    @Test
    void amountInToRateBeyondAnyLongIsOverflow()
    {
        // a rate so low that no representable input reaches it
        assertEquals(Int128Math.OVERFLOW,
            ConstantProductMath.amountInToRate(1_000, Long.MAX_VALUE / 2, 0, 1, Long.MAX_VALUE));
    }

    private static boolean keepsFeeAdjustedK(
        final long in, final long out, final long reserveIn, final long reserveOut)
    {
        // Uniswap: balanceInAdjusted * balanceOutAdjusted >= reserveIn * reserveOut * 1000^2, in basis points here
        final BigInteger balanceIn = big(reserveIn).add(big(in));
        final BigInteger balanceOut = big(reserveOut).subtract(big(out));
        final BigInteger adjustedIn = balanceIn.multiply(Oracle.F).subtract(big(in).multiply(big(UNISWAP_FEE)));
        final BigInteger adjustedOut = balanceOut.multiply(Oracle.F);
        final BigInteger kScaled = big(reserveIn).multiply(big(reserveOut)).multiply(Oracle.F.pow(2));
        return adjustedIn.multiply(adjustedOut).compareTo(kScaled) >= 0;
    }
}
