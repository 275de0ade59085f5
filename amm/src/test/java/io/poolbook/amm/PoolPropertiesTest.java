package io.poolbook.amm;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.math.BigInteger;
import java.util.List;

import static io.poolbook.amm.ConstantProductPool.MINIMUM_LIQUIDITY;
import static io.poolbook.amm.Oracle.F;
import static io.poolbook.amm.Oracle.big;
import static io.poolbook.amm.PoolReject.OK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of the pool over random reserves of every magnitude, fees and amounts, checked against BigInteger.
 */
class PoolPropertiesTest
{
    private final SwapResult swap = new SwapResult();
    private final LiquidityResult liquidity = new LiquidityResult();

    @Property(tries = 2000)
    void swapsNeverDecreaseKNorPayOutAWholeReserve(
        @ForAll("pools") final ConstantProductPool pool,
        @ForAll final SwapDirection direction,
        @ForAll("amounts") final long amount,
        @ForAll final boolean exactIn)
    {
        final BigInteger kBefore = k(pool);
        final long[] before = ConstantProductPoolTest.state(pool);
        final int status = exactIn ?
            pool.swapExactIn(direction, amount, 0, swap) :
            pool.swapExactOut(direction, amount, Long.MAX_VALUE, swap);

        if (OK != status)
        {
            assertArrayEquals(before, ConstantProductPoolTest.state(pool));
            return;
        }
        assertTrue(k(pool).compareTo(kBefore) >= 0, "k never decreases");
        assertTrue(pool.baseReserve() > 0 && pool.quoteReserve() > 0, "a reserve is never drained");
        assertTrue(swap.amountIn() > 0 && swap.amountOut() > 0);
    }

    @Property(tries = 2000)
    void swapsMatchUniswapAndRoundForThePool(
        @ForAll("pools") final ConstantProductPool pool,
        @ForAll final SwapDirection direction,
        @ForAll("amounts") final long amount)
    {
        final long reserveIn = SwapDirection.BASE_IN == direction ? pool.baseReserve() : pool.quoteReserve();
        final long reserveOut = SwapDirection.BASE_IN == direction ? pool.quoteReserve() : pool.baseReserve();
        final int fee = pool.feeBasisPoints();
        final BigInteger feeFactor = Oracle.feeFactor(fee);

        if (OK == pool.quoteExactIn(direction, amount, swap))
        {
            final BigInteger out = big(swap.amountOut());
            assertEquals(Oracle.amountOut(amount, reserveIn, reserveOut, fee), out);
            // out <= in * f * R_out / (R_in * F + in * f): never more than the exact price pays
            final BigInteger withFee = big(amount).multiply(feeFactor);
            assertTrue(out.multiply(big(reserveIn).multiply(F).add(withFee))
                .compareTo(withFee.multiply(big(reserveOut))) <= 0);
        }

        if (OK == pool.quoteExactOut(direction, amount, swap))
        {
            final BigInteger in = big(swap.amountIn());
            assertEquals(Oracle.amountIn(amount, reserveIn, reserveOut, fee), in);
            // in * f * (R_out - out) > R_in * out * F: strictly more than the exact price asks
            assertTrue(in.multiply(feeFactor).multiply(big(reserveOut - amount))
                .compareTo(big(reserveIn).multiply(big(amount)).multiply(F)) > 0);
            // and the exact-in output of that input covers the output asked for
            assertTrue(ConstantProductMath.amountOut(swap.amountIn(), reserveIn, reserveOut, fee) >= amount);
        }
    }

    @Property(tries = 1000)
    void quotesHaveNoSideEffectsAndMatchTheSwap(
        @ForAll("pools") final ConstantProductPool pool,
        @ForAll final SwapDirection direction,
        @ForAll("amounts") final long amount)
    {
        final long[] before = ConstantProductPoolTest.state(pool);
        final int quoteStatus = pool.quoteExactIn(direction, amount, swap);
        final long quotedOut = swap.amountOut();
        assertArrayEquals(before, ConstantProductPoolTest.state(pool));

        assertEquals(quoteStatus, pool.swapExactIn(direction, amount, 0, swap));
        if (OK == quoteStatus)
        {
            assertEquals(quotedOut, swap.amountOut());
        }
    }

    @Property(tries = 2000)
    void addThenRemoveNeverReturnsMoreThanWasPutIn(
        @ForAll("pools") final ConstantProductPool pool,
        @ForAll("amounts") final long maxBase,
        @ForAll("amounts") final long maxQuote)
    {
        if (OK != pool.addLiquidity(maxBase, maxQuote, 0, liquidity))
        {
            return;
        }
        final long base = liquidity.baseAmount();
        final long quote = liquidity.quoteAmount();
        final long shares = liquidity.shares();
        assertTrue(base <= maxBase && quote <= maxQuote);

        if (OK == pool.removeLiquidity(shares, shares, 0, 0, liquidity))
        {
            assertTrue(liquidity.baseAmount() <= base, "base back <= base in");
            assertTrue(liquidity.quoteAmount() <= quote, "quote back <= quote in");
        }
    }

    @Property(tries = 2000)
    void liquidityChangesNeverDiluteExistingShares(
        @ForAll("pools") final ConstantProductPool pool,
        @ForAll("amounts") final long amountA,
        @ForAll("amounts") final long amountB,
        @ForAll final boolean add)
    {
        pool.protocolFeeOn(false);
        final BigInteger baseBefore = big(pool.baseReserve());
        final BigInteger quoteBefore = big(pool.quoteReserve());
        final BigInteger sharesBefore = big(pool.totalShares());

        final int status = add ?
            pool.addLiquidity(amountA, amountB, 0, liquidity) :
            pool.removeLiquidity(amountA % pool.totalShares() + 1, Long.MAX_VALUE, 0, 0, liquidity);
        if (OK != status)
        {
            return;
        }

        // reserve per share never falls: R' / S' >= R / S
        final BigInteger sharesAfter = big(pool.totalShares());
        assertTrue(big(pool.baseReserve()).multiply(sharesBefore).compareTo(baseBefore.multiply(sharesAfter)) >= 0);
        assertTrue(big(pool.quoteReserve()).multiply(sharesBefore).compareTo(quoteBefore.multiply(sharesAfter)) >= 0);
        // and a deposit pays at least the proportional amount of each side for its shares
        if (add)
        {
            final BigInteger minted = big(liquidity.shares());
            assertTrue(
                big(liquidity.baseAmount()).multiply(sharesBefore).compareTo(minted.multiply(baseBefore)) >= 0);
            assertTrue(
                big(liquidity.quoteAmount()).multiply(sharesBefore).compareTo(minted.multiply(quoteBefore)) >= 0);
        }
    }

    @Property(tries = 3000)
    void priceTargetLandsOnTheLastUnitThatDoesNotCrossIt(
        @ForAll("pools") final ConstantProductPool pool,
        @ForAll final SwapDirection direction,
        @ForAll @LongRange(min = 1, max = 1_000_000_000L) final long lotSize,
        @ForAll @IntRange(min = -500, max = 20_000) final int targetPerMille)
    {
        // a target around the pool's own marginal price: from half of it to 21 times it
        final long marginal = pool.marginalPrice(direction, lotSize);
        if (marginal <= 0)
        {
            return;
        }
        final long priceNumerator = Oracle.fit(big(marginal).multiply(big(1_000 + targetPerMille)).divide(big(1_000)));
        if (priceNumerator <= 0)
        {
            return;
        }

        final long reserveIn = SwapDirection.BASE_IN == direction ? pool.baseReserve() : pool.quoteReserve();
        final long reserveOut = SwapDirection.BASE_IN == direction ? pool.quoteReserve() : pool.baseReserve();
        final long rateNumerator = SwapDirection.BASE_IN == direction ? priceNumerator : lotSize;
        final long rateDenominator = SwapDirection.BASE_IN == direction ? lotSize : priceNumerator;
        final int fee = pool.feeBasisPoints();

        final int status = pool.quoteToPrice(direction, priceNumerator, lotSize, swap);
        if (PoolReject.OVERFLOW == status)
        {
            assertTrue(Oracle.keepsRate(
                Long.MAX_VALUE - reserveIn, reserveIn, reserveOut, fee, rateNumerator, rateDenominator));
            return;
        }
        assertEquals(OK, status);

        final long amountIn = swap.amountIn();
        assertEquals(Oracle.amountOut(amountIn, reserveIn, reserveOut, fee).longValueExact(), swap.amountOut());
        assertFalse(Oracle.keepsRate(amountIn + 1, reserveIn, reserveOut, fee, rateNumerator, rateDenominator),
            "one more unit passes the target");
        if (amountIn > 0)
        {
            assertTrue(Oracle.keepsRate(amountIn, reserveIn, reserveOut, fee, rateNumerator, rateDenominator),
                "the input does not pass the target");
            if (OK == pool.swapExactIn(direction, amountIn, 0, swap))
            {
                final int comparison = pool.compareMarginalPrice(direction, priceNumerator, lotSize);
                assertTrue(SwapDirection.QUOTE_IN == direction ? comparison <= 0 : comparison >= 0);
            }
        }
    }

    @Property(tries = 2000)
    void amountInToRateIsExactForAnyRate(
        @ForAll("reserveValues") final long reserveIn,
        @ForAll("reserveValues") final long reserveOut,
        @ForAll @IntRange(min = 0, max = 9_999) final int fee,
        @ForAll("positiveAmounts") final long rateNumerator,
        @ForAll("positiveAmounts") final long rateDenominator)
    {
        final long amountIn =
            ConstantProductMath.amountInToRate(reserveIn, reserveOut, fee, rateNumerator, rateDenominator);
        if (Int128Math.OVERFLOW == amountIn)
        {
            assertTrue(Oracle.keepsRate(
                Long.MAX_VALUE - reserveIn, reserveIn, reserveOut, fee, rateNumerator, rateDenominator));
            return;
        }
        assertTrue(amountIn >= 0 && amountIn < Long.MAX_VALUE - reserveIn);
        assertFalse(Oracle.keepsRate(amountIn + 1, reserveIn, reserveOut, fee, rateNumerator, rateDenominator));
        assertTrue(
            0 == amountIn || Oracle.keepsRate(amountIn, reserveIn, reserveOut, fee, rateNumerator, rateDenominator));
    }

    @Property(tries = 300)
    void matchesAReferenceModelOfUniswapV2(
        @ForAll("pools") final ConstantProductPool pool,
        @ForAll final boolean protocolFeeOn,
        @ForAll @Size(max = 30) final List<@From("operations") Operation> operations)
    {
        pool.protocolFeeOn(protocolFeeOn);
        final ReferencePool model = new ReferencePool(pool);

        for (final Operation operation : operations)
        {
            final int status;
            final boolean modelAccepted;
            switch (operation.kind)
            {
                case 0:
                    status = pool.swapExactIn(operation.direction, operation.amountA, 0, swap);
                    modelAccepted = model.swapExactIn(operation.direction, operation.amountA);
                    break;

                case 1:
                    status = pool.addLiquidity(operation.amountA, operation.amountB, 0, liquidity);
                    modelAccepted = model.add(operation.amountA, operation.amountB);
                    break;

                default:
                    final long shares = operation.amountA % pool.totalShares() + 1;
                    status = pool.removeLiquidity(shares, Long.MAX_VALUE, 0, 0, liquidity);
                    modelAccepted = model.remove(shares);
                    break;
            }

            assertEquals(modelAccepted, OK == status, operation + " -> " + PoolReject.name(status));
            assertEquals(model.base, big(pool.baseReserve()), operation.toString());
            assertEquals(model.quote, big(pool.quoteReserve()), operation.toString());
            assertEquals(model.totalShares, big(pool.totalShares()), operation.toString());
            assertEquals(model.protocolShares, big(pool.protocolSharesAccrued()), operation.toString());
            assertEquals(model.kLast.sqrt(), big(pool.rootKLast()), operation.toString());
        }
    }

    /** Pools seeded with a first deposit of random magnitude on each side, a random fee, then a random swap. */
    @Provide
    Arbitrary<ConstantProductPool> pools()
    {
        final Arbitrary<Integer> fees = Arbitraries.oneOf(
            Arbitraries.of(0, 1, 5, 30, 100, 1_000, 9_999), Arbitraries.integers().between(0, 9_999));
        return Combinators.combine(fees, reserves(), reserves(), Arbitraries.longs().between(0, 1L << 40))
            .as((fee, base, quote, swapIn) ->
            {
                final ConstantProductPool pool = new ConstantProductPool(fee, false);
                final LiquidityResult seeded = new LiquidityResult();
                if (OK != pool.addLiquidity(base, quote, 0, seeded))
                {
                    pool.addLiquidity(1_000_000, 1_000_000, 0, seeded);
                }
                pool.swapExactIn(SwapDirection.BASE_IN, swapIn, 0, new SwapResult());
                return pool;
            });
    }

    /** Reserves from tiny to near the top of a long, spread over bit lengths. */
    private static Arbitrary<Long> reserves()
    {
        return Arbitraries.integers().between(11, 62)
            .flatMap(bits -> Arbitraries.longs().between(1L << (bits - 1), (1L << bits) - 1));
    }

    @Provide
    Arbitrary<Long> reserveValues()
    {
        return reserves();
    }

    @Provide
    Arbitrary<Long> positiveAmounts()
    {
        return amounts().map(amount -> Math.max(1, amount));
    }

    /** Amounts of every magnitude up to Long.MAX_VALUE, including zero and the maximum. */
    @Provide
    Arbitrary<Long> amounts()
    {
        return Arbitraries.integers().between(0, 63)
            .flatMap(bits -> Arbitraries.longs().between(0, 63 == bits ? Long.MAX_VALUE : (1L << bits)))
            .edgeCases(edges -> edges.add(Long.MAX_VALUE));
    }

    @Provide
    Arbitrary<Operation> operations()
    {
        return Combinators.combine(
            Arbitraries.integers().between(0, 2),
            Arbitraries.of(SwapDirection.class),
            amounts(),
            amounts())
            .as(Operation::new);
    }

    static final class Operation
    {
        final int kind;
        final SwapDirection direction;
        final long amountA;
        final long amountB;

        Operation(final int kind, final SwapDirection direction, final long amountA, final long amountB)
        {
            this.kind = kind;
            this.direction = direction;
            this.amountA = amountA;
            this.amountB = amountB;
        }

        public String toString()
        {
            return (0 == kind ? "swap " + direction : 1 == kind ? "add" : "remove") + " " + amountA + " " + amountB;
        }
    }

    /**
     * Uniswap V2's pair and router in BigInteger, with this module's documented choices: basis-point fees, the
     * dependent deposit amount rounded up, and longs as the limit of every reserve, amount and share total.
     */
    static final class ReferencePool
    {
        final int fee;
        final boolean feeOn;
        BigInteger base;
        BigInteger quote;
        BigInteger totalShares;
        BigInteger protocolShares;
        BigInteger kLast;

        ReferencePool(final ConstantProductPool pool)
        {
            fee = pool.feeBasisPoints();
            feeOn = pool.protocolFeeOn();
            base = big(pool.baseReserve());
            quote = big(pool.quoteReserve());
            totalShares = big(pool.totalShares());
            protocolShares = big(pool.protocolSharesAccrued());
            kLast = big(pool.rootKLast()).pow(2);
        }

        boolean swapExactIn(final SwapDirection direction, final long amountIn)
        {
            final BigInteger in = big(amountIn);
            final BigInteger reserveIn = SwapDirection.BASE_IN == direction ? base : quote;
            final BigInteger reserveOut = SwapDirection.BASE_IN == direction ? quote : base;
            if (amountIn <= 0 || !fits(reserveIn.add(in)))
            {
                return false;
            }
            final BigInteger withFee = in.multiply(Oracle.feeFactor(fee));
            final BigInteger out = withFee.multiply(reserveOut).divide(reserveIn.multiply(F).add(withFee));
            if (out.signum() == 0)
            {
                return false;
            }
            if (SwapDirection.BASE_IN == direction)
            {
                base = base.add(in);
                quote = quote.subtract(out);
            }
            else
            {
                quote = quote.add(in);
                base = base.subtract(out);
            }
            return true;
        }

        boolean add(final long maxBase, final long maxQuote)
        {
            if (maxBase <= 0 || maxQuote <= 0)
            {
                return false;
            }
            final BigInteger feeShares = mintFee();
            final BigInteger supply = totalShares.add(feeShares);
            BigInteger takeBase = big(maxBase);
            BigInteger takeQuote = Oracle.ceilDiv(takeBase.multiply(quote), base);
            if (takeQuote.compareTo(big(maxQuote)) > 0)
            {
                takeQuote = big(maxQuote);
                takeBase = Oracle.ceilDiv(takeQuote.multiply(base), quote);
            }
            final BigInteger shares = takeBase.multiply(supply).divide(base)
                .min(takeQuote.multiply(supply).divide(quote));
            if (shares.signum() == 0 || !fits(supply) || !fits(supply.add(shares)) ||
                !fits(base.add(takeBase)) || !fits(quote.add(takeQuote)))
            {
                return false;
            }
            base = base.add(takeBase);
            quote = quote.add(takeQuote);
            totalShares = supply.add(shares);
            protocolShares = protocolShares.add(feeShares);
            kLast = feeOn ? base.multiply(quote) : BigInteger.ZERO;
            return true;
        }

        boolean remove(final long shares)
        {
            final BigInteger feeShares = mintFee();
            final BigInteger supply = totalShares.add(feeShares);
            final BigInteger burnt = big(shares);
            if (!fits(supply) || burnt.compareTo(supply.subtract(big(MINIMUM_LIQUIDITY))) > 0)
            {
                return false;
            }
            final BigInteger baseOut = burnt.multiply(base).divide(supply);
            final BigInteger quoteOut = burnt.multiply(quote).divide(supply);
            if (baseOut.signum() == 0 || quoteOut.signum() == 0)
            {
                return false;
            }
            base = base.subtract(baseOut);
            quote = quote.subtract(quoteOut);
            totalShares = supply.subtract(burnt);
            protocolShares = protocolShares.add(feeShares);
            kLast = feeOn ? base.multiply(quote) : BigInteger.ZERO;
            return true;
        }

        /** UniswapV2Pair._mintFee, returning the shares instead of minting them. */
        private BigInteger mintFee()
        {
            if (!feeOn || kLast.signum() == 0)
            {
                return BigInteger.ZERO;
            }
            final BigInteger rootK = base.multiply(quote).sqrt();
            final BigInteger rootKLast = kLast.sqrt();
            if (rootK.compareTo(rootKLast) <= 0)
            {
                return BigInteger.ZERO;
            }
            return totalShares.multiply(rootK.subtract(rootKLast))
                .divide(rootK.multiply(big(5)).add(rootKLast));
        }

        private static boolean fits(final BigInteger value)
        {
            return value.compareTo(Oracle.LONG_MAX) <= 0;
        }
    }

    private static BigInteger k(final ConstantProductPool pool)
    {
        return big(pool.baseReserve()).multiply(big(pool.quoteReserve()));
    }
}
