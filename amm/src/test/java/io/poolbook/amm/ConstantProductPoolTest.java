package io.poolbook.amm;

import org.junit.jupiter.api.Test;

import static io.poolbook.amm.ConstantProductPool.MINIMUM_LIQUIDITY;
import static io.poolbook.amm.PoolReject.INSUFFICIENT_LIQUIDITY;
import static io.poolbook.amm.PoolReject.INSUFFICIENT_SHARES;
import static io.poolbook.amm.PoolReject.INVALID_FEE;
import static io.poolbook.amm.PoolReject.INVALID_PRICE;
import static io.poolbook.amm.PoolReject.INVALID_STATE;
import static io.poolbook.amm.PoolReject.OK;
import static io.poolbook.amm.PoolReject.OVERFLOW;
import static io.poolbook.amm.PoolReject.SLIPPAGE;
import static io.poolbook.amm.PoolReject.ZERO_AMOUNT;
import static io.poolbook.amm.PoolReject.ZERO_OUTPUT;
import static io.poolbook.amm.SwapDirection.BASE_IN;
import static io.poolbook.amm.SwapDirection.QUOTE_IN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uniswap V2's mint, burn, swap and protocol-fee examples at engine scale, and every reject leaving the pool
 * unchanged.
 */
class ConstantProductPoolTest
{
    private static final int UNISWAP_FEE = 30;

    /** One token of 15 decimals: Uniswap's 18-decimal examples scaled down so the reserves fit in a long. */
    private static final long TOKEN = 1_000_000_000_000_000L;

    private final ConstantProductPool pool = new ConstantProductPool(UNISWAP_FEE, false);
    private final SwapResult swap = new SwapResult();
    private final LiquidityResult liquidity = new LiquidityResult();

    // ---------------------------------------------------------------------------------------------------------
    // Uniswap V2 core examples (UniswapV2Pair.spec.ts)
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void mintLocksTheMinimumLiquidity()
    {
        assertEquals(OK, pool.addLiquidity(TOKEN, 4 * TOKEN, 0, liquidity));

        assertEquals(2 * TOKEN, pool.totalShares());
        assertEquals(2 * TOKEN - MINIMUM_LIQUIDITY, liquidity.shares());
        assertEquals(TOKEN, liquidity.baseAmount());
        assertEquals(4 * TOKEN, liquidity.quoteAmount());
        assertEquals(TOKEN, pool.baseReserve());
        assertEquals(4 * TOKEN, pool.quoteReserve());
    }

    @Test
    void burnReturnsAllButTheLockedMinimum()
    {
        pool.addLiquidity(3 * TOKEN, 3 * TOKEN, 0, liquidity);
        final long shares = liquidity.shares();
        assertEquals(3 * TOKEN - MINIMUM_LIQUIDITY, shares);

        assertEquals(OK, pool.removeLiquidity(shares, shares, 0, 0, liquidity));

        assertEquals(3 * TOKEN - 1_000, liquidity.baseAmount());
        assertEquals(3 * TOKEN - 1_000, liquidity.quoteAmount());
        assertEquals(MINIMUM_LIQUIDITY, pool.totalShares());
        assertEquals(1_000, pool.baseReserve());
        assertEquals(1_000, pool.quoteReserve());
    }

    @Test
    void swapBaseIn()
    {
        pool.addLiquidity(5 * TOKEN, 10 * TOKEN, 0, liquidity);

        assertEquals(OK, pool.swapExactIn(BASE_IN, TOKEN, 0, swap));

        assertEquals(1_662_497_915_624_478L, swap.amountOut());
        assertEquals(6 * TOKEN, pool.baseReserve());
        assertEquals(10 * TOKEN - 1_662_497_915_624_478L, pool.quoteReserve());
    }

    @Test
    void swapQuoteIn()
    {
        pool.addLiquidity(5 * TOKEN, 10 * TOKEN, 0, liquidity);

        assertEquals(OK, pool.swapExactIn(QUOTE_IN, TOKEN, 0, swap));

        assertEquals(453_305_446_940_074L, swap.amountOut());
        assertEquals(5 * TOKEN - 453_305_446_940_074L, pool.baseReserve());
        assertEquals(11 * TOKEN, pool.quoteReserve());
    }

    @Test
    void exactOutChargesUniswapGetAmountIn()
    {
        pool.addLiquidity(5 * TOKEN, 10 * TOKEN, 0, liquidity);
        final long kBefore = k();

        assertEquals(OK, pool.swapExactOut(QUOTE_IN, 453_305_446_940_074L, TOKEN, swap));

        // the exact-in output for one token, bought back exactly, costs no more than that token
        assertTrue(swap.amountIn() <= TOKEN);
        assertEquals(Oracle.amountIn(453_305_446_940_074L, 10 * TOKEN, 5 * TOKEN, UNISWAP_FEE).longValueExact(),
            swap.amountIn());
        assertTrue(k() >= kBefore);
    }

    @Test
    void feeToOffMintsNothingForTheProtocol()
    {
        pool.addLiquidity(1_000 * TOKEN, 1_000 * TOKEN, 0, liquidity);
        final long shares = liquidity.shares();
        assertEquals(OK, pool.swapExactIn(QUOTE_IN, TOKEN, 0, swap));
        assertEquals(996_006_981_039_903L, swap.amountOut());

        assertEquals(OK, pool.removeLiquidity(shares, shares, 0, 0, liquidity));

        assertEquals(MINIMUM_LIQUIDITY, pool.totalShares());
        assertEquals(0, liquidity.protocolShares());
        assertEquals(0, pool.protocolSharesAccrued());
    }

    /**
     * Uniswap's feeTo:on at 15 decimals. At 18 decimals the protocol gets 249750499251388 shares and the pool
     * keeps 1000 + 249501683697445 and 1000 + 250000187312969; the same formulas at this scale give the figures
     * below.
     */
    @Test
    void feeToOnMintsOneSixthOfTheFeeGrowthToTheProtocol()
    {
        pool.protocolFeeOn(true);
        pool.addLiquidity(1_000 * TOKEN, 1_000 * TOKEN, 0, liquidity);
        final long shares = liquidity.shares();
        assertEquals(1_000 * TOKEN, pool.rootKLast());
        assertEquals(OK, pool.swapExactIn(QUOTE_IN, TOKEN, 0, swap));
        assertEquals(996_006_981_039_903L, swap.amountOut());

        assertEquals(OK, pool.removeLiquidity(shares, shares, 0, 0, liquidity));

        assertEquals(249_750_499_251L, liquidity.protocolShares());
        assertEquals(249_750_499_251L, pool.protocolSharesAccrued());
        assertEquals(MINIMUM_LIQUIDITY + 249_750_499_251L, pool.totalShares());
        assertEquals(249_501_684_697L, pool.baseReserve());
        assertEquals(250_000_188_314L, pool.quoteReserve());
        assertEquals(Int128Math.sqrtFloor(
            Math.multiplyHigh(pool.baseReserve(), pool.quoteReserve()), pool.baseReserve() * pool.quoteReserve()),
            pool.rootKLast());
    }

    @Test
    void protocolFeeSwitchedOnLateCountsGrowthFromTheNextLiquidityChange()
    {
        pool.addLiquidity(1_000 * TOKEN, 1_000 * TOKEN, 0, liquidity);
        assertEquals(0, pool.rootKLast());
        pool.swapExactIn(QUOTE_IN, TOKEN, 0, swap);

        pool.protocolFeeOn(true);
        pool.addLiquidity(TOKEN, 2 * TOKEN, 0, liquidity);
        assertEquals(0, liquidity.protocolShares());
        assertTrue(pool.rootKLast() > 0);

        pool.protocolFeeOn(false);
        pool.swapExactIn(BASE_IN, TOKEN, 0, swap);
        pool.addLiquidity(TOKEN, 2 * TOKEN, 0, liquidity);
        assertEquals(0, liquidity.protocolShares());
        assertEquals(0, pool.rootKLast());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Deposits: proportional amounts
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void laterDepositTakesTheProportionalAmountRoundedUp()
    {
        pool.addLiquidity(3_000_000, 7_000_001, 0, liquidity);
        final long totalShares = pool.totalShares();

        // 1000 base needs 1000 * 7000001 / 3000000 = 2333.33 quote: the pool takes 2334, not the router's 2333
        assertEquals(OK, pool.addLiquidity(1_000, 10_000, 0, liquidity));
        assertEquals(1_000, liquidity.baseAmount());
        assertEquals(2_334, liquidity.quoteAmount());
        assertEquals(1_000 * totalShares / 3_000_000, liquidity.shares());

        // quote is the short side: 2000 quote is worth 2000 * 3001000 / 7002335 = 857.1 base, taken as 858
        final long baseReserve = pool.baseReserve();
        final long quoteReserve = pool.quoteReserve();
        final long shares = pool.totalShares();
        assertEquals(OK, pool.addLiquidity(10_000, 2_000, 0, liquidity));
        assertEquals(2_000, liquidity.quoteAmount());
        assertEquals(Oracle.ceilDiv(Oracle.big(2_000).multiply(Oracle.big(baseReserve)), Oracle.big(quoteReserve))
            .longValueExact(), liquidity.baseAmount());
        assertEquals(Math.min(liquidity.baseAmount() * shares / baseReserve, 2_000 * shares / quoteReserve),
            liquidity.shares());
    }

    @Test
    void firstDepositJustAboveTheMinimumMintsOneShare()
    {
        assertEquals(OK, pool.addLiquidity(1_001, 1_001, 0, liquidity));
        assertEquals(1, liquidity.shares());
        assertEquals(1_001, pool.totalShares());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bad input: a reason, and the pool unchanged
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void rejectsZeroAndNegativeAmounts()
    {
        pool.addLiquidity(1_000_000, 1_000_000, 0, liquidity);
        final long shares = liquidity.shares();
        final long[] before = state(pool);

        assertEquals(ZERO_AMOUNT, pool.swapExactIn(BASE_IN, 0, 0, swap));
        assertEquals(ZERO_AMOUNT, pool.swapExactIn(QUOTE_IN, -5, 0, swap));
        assertEquals(ZERO_AMOUNT, pool.swapExactOut(BASE_IN, 0, Long.MAX_VALUE, swap));
        assertEquals(ZERO_AMOUNT, pool.quoteExactIn(BASE_IN, 0, swap));
        assertEquals(ZERO_AMOUNT, pool.quoteExactOut(QUOTE_IN, -1, swap));
        assertEquals(ZERO_AMOUNT, pool.addLiquidity(0, 1_000, 0, liquidity));
        assertEquals(ZERO_AMOUNT, pool.addLiquidity(1_000, 0, 0, liquidity));
        assertEquals(ZERO_AMOUNT, pool.addLiquidity(-1, 1_000, 0, liquidity));
        assertEquals(ZERO_AMOUNT, pool.removeLiquidity(0, shares, 0, 0, liquidity));
        assertEquals(ZERO_AMOUNT, pool.removeLiquidity(-1, shares, 0, 0, liquidity));

        assertArrayEquals(before, state(pool));
    }

    @Test
    void rejectsSwapsOnAnEmptyPool()
    {
        final long[] before = state(pool);

        assertEquals(INSUFFICIENT_LIQUIDITY, pool.swapExactIn(BASE_IN, 1_000, 0, swap));
        assertEquals(INSUFFICIENT_LIQUIDITY, pool.swapExactOut(QUOTE_IN, 1, Long.MAX_VALUE, swap));
        assertEquals(INSUFFICIENT_LIQUIDITY, pool.quoteToPrice(QUOTE_IN, 1, 1, swap));
        assertEquals(ConstantProductPool.NO_PRICE, pool.marginalPrice(QUOTE_IN, 1));
        assertTrue(pool.compareMarginalPrice(QUOTE_IN, Long.MAX_VALUE, 1) > 0);
        assertTrue(pool.compareMarginalPrice(BASE_IN, 0, 1) < 0);

        assertArrayEquals(before, state(pool));
    }

    @Test
    void rejectsOutputAtOrAboveTheReserve()
    {
        pool.addLiquidity(1_000_000, 2_000_000, 0, liquidity);
        final long[] before = state(pool);

        assertEquals(INSUFFICIENT_LIQUIDITY, pool.swapExactOut(QUOTE_IN, 1_000_000, Long.MAX_VALUE, swap));
        assertEquals(INSUFFICIENT_LIQUIDITY, pool.swapExactOut(QUOTE_IN, 1_000_001, Long.MAX_VALUE, swap));
        assertEquals(INSUFFICIENT_LIQUIDITY, pool.swapExactOut(BASE_IN, 2_000_000, Long.MAX_VALUE, swap));
        assertEquals(INSUFFICIENT_LIQUIDITY, pool.quoteExactOut(BASE_IN, Long.MAX_VALUE, swap));

        // the largest possible exact-in swap still leaves some of the reserve
        assertEquals(OK, pool.quoteExactIn(BASE_IN, Long.MAX_VALUE - 1_000_000, swap));
        assertTrue(swap.amountOut() < 2_000_000);

        assertArrayEquals(before, state(pool));
    }

    @Test
    void rejectsSwapsThatMissTheSlippageBound()
    {
        pool.addLiquidity(1_000_000, 2_000_000, 0, liquidity);
        final long[] before = state(pool);

        assertEquals(OK, pool.quoteExactIn(BASE_IN, 10_000, swap));
        final long out = swap.amountOut();
        assertEquals(SLIPPAGE, pool.swapExactIn(BASE_IN, 10_000, out + 1, swap));

        assertEquals(OK, pool.quoteExactOut(BASE_IN, out, swap));
        final long in = swap.amountIn();
        assertEquals(SLIPPAGE, pool.swapExactOut(BASE_IN, out, in - 1, swap));
        assertArrayEquals(before, state(pool));

        assertEquals(OK, pool.swapExactIn(BASE_IN, 10_000, out, swap));
        assertEquals(out, swap.amountOut());
    }

    @Test
    void rejectsLiquidityChangesThatMissTheirBounds()
    {
        pool.addLiquidity(1_000_000, 2_000_000, 0, liquidity);
        final long shares = liquidity.shares();
        final long[] before = state(pool);

        assertEquals(OK, pool.quoteAddLiquidity(1_000, 2_000, liquidity));
        assertEquals(SLIPPAGE, pool.addLiquidity(1_000, 2_000, liquidity.shares() + 1, liquidity));

        assertEquals(OK, pool.quoteRemoveLiquidity(shares / 2, shares, liquidity));
        final long base = liquidity.baseAmount();
        final long quote = liquidity.quoteAmount();
        assertEquals(SLIPPAGE, pool.removeLiquidity(shares / 2, shares, base + 1, 0, liquidity));
        assertEquals(SLIPPAGE, pool.removeLiquidity(shares / 2, shares, 0, quote + 1, liquidity));

        assertArrayEquals(before, state(pool));
    }

    @Test
    void rejectsMoreSharesThanHeldOrLocked()
    {
        pool.addLiquidity(1_000_000, 1_000_000, 0, liquidity);
        final long shares = liquidity.shares();
        final long[] before = state(pool);

        assertEquals(INSUFFICIENT_SHARES, pool.removeLiquidity(101, 100, 0, 0, liquidity));
        assertEquals(INSUFFICIENT_SHARES, pool.removeLiquidity(shares + 1, shares + 1, 0, 0, liquidity));
        assertEquals(INSUFFICIENT_SHARES, pool.removeLiquidity(pool.totalShares(), Long.MAX_VALUE, 0, 0, liquidity));
        assertArrayEquals(before, state(pool));

        final ConstantProductPool empty = new ConstantProductPool(UNISWAP_FEE, false);
        assertEquals(INSUFFICIENT_SHARES, empty.removeLiquidity(1, 1, 0, 0, liquidity));
    }

    @Test
    void rejectsAFirstDepositTooSmallForTheMinimum()
    {
        final long[] before = state(pool);

        assertEquals(PoolReject.MINIMUM_LIQUIDITY, pool.addLiquidity(1_000, 1_000, 0, liquidity));
        assertEquals(PoolReject.MINIMUM_LIQUIDITY, pool.addLiquidity(1, 1_000_000, 0, liquidity));
        assertEquals(PoolReject.MINIMUM_LIQUIDITY, pool.addLiquidity(1_001, 1_000, 0, liquidity));

        assertArrayEquals(before, state(pool));
    }

    @Test
    void rejectsOperationsThatRoundToNothing()
    {
        pool.addLiquidity(1_000_000, 1_000_000_000, 0, liquidity);
        final long[] before = state(pool);

        // 500 quote buys 0.49 base
        assertEquals(ZERO_OUTPUT, pool.swapExactIn(QUOTE_IN, 500, 0, swap));
        // one share of 31,622,776 is worth 0.03 base
        assertEquals(ZERO_OUTPUT, pool.removeLiquidity(1, liquidity.shares(), 0, 0, liquidity));

        assertArrayEquals(before, state(pool));
    }

    @Test
    void rejectsADepositWhoseSharesRoundToZero()
    {
        // S = sqrt(10^21) = 31,622,776,601 shares for 10^12 base: one base is worth 0.03 shares
        pool.addLiquidity(1_000_000_000_000L, 1_000_000_000, 0, liquidity);
        final long[] before = state(pool);

        // 1 base mints floor(1 * S / baseReserve) = 0 shares
        assertEquals(ZERO_OUTPUT, pool.addLiquidity(1, Long.MAX_VALUE, 0, liquidity));

        assertArrayEquals(before, state(pool));
    }

    @Test
    void rejectsOverflow()
    {
        pool.addLiquidity(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2, 0, liquidity);
        final long[] before = state(pool);

        // the input reserve would pass Long.MAX_VALUE
        assertEquals(OVERFLOW, pool.swapExactIn(BASE_IN, Long.MAX_VALUE / 2 + 2, 0, swap));
        // an exact-out input that does not fit in a long
        assertEquals(OVERFLOW, pool.swapExactOut(QUOTE_IN, Long.MAX_VALUE / 2 - 1, Long.MAX_VALUE, swap));
        // a deposit that would take a reserve past Long.MAX_VALUE
        assertEquals(OVERFLOW, pool.addLiquidity(Long.MAX_VALUE / 2 + 2, Long.MAX_VALUE, 0, liquidity));

        assertArrayEquals(before, state(pool));
    }

    @Test
    void rejectsInvalidFeesAndPrices()
    {
        pool.addLiquidity(1_000_000, 1_000_000, 0, liquidity);
        final long[] before = state(pool);

        assertEquals(INVALID_FEE, pool.feeBasisPoints(10_000));
        assertEquals(INVALID_FEE, pool.feeBasisPoints(-1));
        assertEquals(INVALID_PRICE, pool.quoteToPrice(QUOTE_IN, 0, 1, swap));
        assertEquals(INVALID_PRICE, pool.quoteToPrice(BASE_IN, 1, -1, swap));
        assertArrayEquals(before, state(pool));

        assertThrows(IllegalArgumentException.class, () -> new ConstantProductPool(10_000, false));
        assertEquals(OK, pool.feeBasisPoints(9_999));
        assertEquals(9_999, pool.feeBasisPoints());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Prices
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void marginalPricesIncludeTheFee()
    {
        // 1 base = 2000 quote before fees; a lot is 100 base
        pool.addLiquidity(1_000_000, 2_000_000_000, 0, liquidity);

        // ask = 2000 * 10000 / 9970 = 2006.018.. per base, 200601.8 per lot, rounded up
        assertEquals(200_602, pool.marginalPrice(QUOTE_IN, 100));
        // bid = 2000 * 9970 / 10000 = 1994 per base exactly
        assertEquals(199_400, pool.marginalPrice(BASE_IN, 100));

        assertTrue(pool.compareMarginalPrice(QUOTE_IN, 200_602, 100) < 0);
        assertTrue(pool.compareMarginalPrice(QUOTE_IN, 200_601, 100) > 0);
        assertEquals(0, pool.compareMarginalPrice(BASE_IN, 199_400, 100));
        assertTrue(pool.compareMarginalPrice(BASE_IN, 199_401, 100) < 0);
    }

    @Test
    void quoteToPriceStopsAtTheTargetForABuyer()
    {
        pool.addLiquidity(1_000_000_000, 2_000_000_000_000L, 0, liquidity);
        final long lot = 100;
        final long bookAsk = 210_000; // per lot: 2100 per base, above the pool's ask of 2006

        assertEquals(OK, pool.quoteToPrice(QUOTE_IN, bookAsk, lot, swap));
        final long in = swap.amountIn();
        final long out = swap.amountOut();
        assertTrue(in > 0);
        final ConstantProductPool probe = copyOf(pool);

        assertEquals(OK, pool.swapExactIn(QUOTE_IN, in, out, swap));
        assertEquals(out, swap.amountOut());
        assertTrue(pool.compareMarginalPrice(QUOTE_IN, bookAsk, lot) <= 0, "not past the target");

        // the same swap with one more unit of input takes the ask past the book
        assertEquals(OK, probe.swapExactIn(QUOTE_IN, in + 1, 0, swap));
        assertTrue(probe.compareMarginalPrice(QUOTE_IN, bookAsk, lot) > 0, "one more unit passes it");
    }

    @Test
    void quoteToPriceStopsAtTheTargetForASeller()
    {
        pool.addLiquidity(1_000_000_000, 2_000_000_000_000L, 0, liquidity);
        final long bookBid = 1_900;

        assertEquals(OK, pool.quoteToPrice(BASE_IN, bookBid, 1, swap));
        assertTrue(swap.amountIn() > 0);
        final long[] before = state(pool);
        assertEquals(OK, pool.quoteToPrice(BASE_IN, bookBid, 1, swap));
        assertArrayEquals(before, state(pool), "quotes have no side effects");

        pool.swapExactIn(BASE_IN, swap.amountIn(), 0, swap);
        assertTrue(pool.compareMarginalPrice(BASE_IN, bookBid, 1) >= 0);
    }

    @Test
    void quoteToPriceIsZeroWhenThePoolIsNotBetter()
    {
        pool.addLiquidity(1_000_000_000, 2_000_000_000_000L, 0, liquidity);

        assertEquals(OK, pool.quoteToPrice(QUOTE_IN, 2_000, 1, swap));
        assertEquals(0, swap.amountIn());
        assertEquals(0, swap.amountOut());
        assertEquals(OK, pool.quoteToPrice(BASE_IN, 1_995, 1, swap));
        assertEquals(0, swap.amountIn());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Snapshots
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void restoreReproducesTheState()
    {
        pool.protocolFeeOn(true);
        pool.addLiquidity(5 * TOKEN, 10 * TOKEN, 0, liquidity);
        pool.swapExactIn(BASE_IN, TOKEN, 0, swap);
        pool.addLiquidity(TOKEN, TOKEN, 0, liquidity);

        final ConstantProductPool copy = copyOf(pool);
        assertArrayEquals(state(pool), state(copy));

        pool.swapExactIn(QUOTE_IN, TOKEN, 0, swap);
        copy.swapExactIn(QUOTE_IN, TOKEN, 0, swap);
        assertArrayEquals(state(pool), state(copy));
    }

    @Test
    void restoreRejectsBrokenStates()
    {
        final ConstantProductPool target = new ConstantProductPool();
        final long[] before = state(target);

        assertEquals(INVALID_FEE, target.restore(10, 10, 1_000, 10_000, false, 0, 0));
        assertEquals(INVALID_STATE, target.restore(-1, 10, 1_000, 30, false, 0, 0));
        assertEquals(INVALID_STATE, target.restore(10, 10, 0, 30, false, 0, 0));
        assertEquals(INVALID_STATE, target.restore(0, 10, 1_000, 30, false, 0, 0));
        assertEquals(INVALID_STATE, target.restore(10, 10, 999, 30, false, 0, 0));
        assertEquals(INVALID_STATE, target.restore(0, 0, 0, 30, true, 5, 0));
        assertEquals(INVALID_STATE, target.restore(10, 10, 1_000, 30, true, 0, -1));
        assertArrayEquals(before, state(target));

        assertEquals(OK, target.restore(0, 0, 0, 30, true, 0, 0));
        assertFalse(target.hasLiquidity());
    }

    private long k()
    {
        return Oracle.big(pool.baseReserve()).multiply(Oracle.big(pool.quoteReserve())).sqrt().longValueExact();
    }

    static long[] state(final ConstantProductPool pool)
    {
        return new long[]{ pool.baseReserve(), pool.quoteReserve(), pool.totalShares(), pool.feeBasisPoints(),
            pool.protocolFeeOn() ? 1 : 0, pool.rootKLast(), pool.protocolSharesAccrued() };
    }

    static ConstantProductPool copyOf(final ConstantProductPool pool)
    {
        final ConstantProductPool copy = new ConstantProductPool();
        assertEquals(OK, copy.restore(pool.baseReserve(), pool.quoteReserve(), pool.totalShares(),
            pool.feeBasisPoints(), pool.protocolFeeOn(), pool.rootKLast(), pool.protocolSharesAccrued()));
        return copy;
    }
}
