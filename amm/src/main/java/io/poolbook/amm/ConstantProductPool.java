package io.poolbook.amm;

import static io.poolbook.amm.ConstantProductMath.BASIS_POINTS;
import static io.poolbook.amm.PoolReject.INSUFFICIENT_LIQUIDITY;
import static io.poolbook.amm.PoolReject.INSUFFICIENT_SHARES;
import static io.poolbook.amm.PoolReject.INVALID_FEE;
import static io.poolbook.amm.PoolReject.INVALID_PRICE;
import static io.poolbook.amm.PoolReject.INVALID_STATE;
import static io.poolbook.amm.PoolReject.OK;
import static io.poolbook.amm.PoolReject.SLIPPAGE;
import static io.poolbook.amm.PoolReject.ZERO_AMOUNT;
import static io.poolbook.amm.PoolReject.ZERO_OUTPUT;

/**
 * One constant-product pool (Uniswap V2 semantics) of a base and a quote asset: reserves, LP shares, a swap fee
 * in basis points that stays in the reserves, and an optional protocol fee in Uniswap's {@code kLast} style.
 * Single-threaded, allocation-free and deterministic: every operation returns a {@link PoolReject} status,
 * writes its amounts to a caller-owned {@link SwapResult} or {@link LiquidityResult}, and changes nothing
 * unless it returns {@link PoolReject#OK}. The pool does not know who holds its shares; the engine keeps the
 * balances and passes the caller's holding in.
 *
 * <h2>Units and prices</h2>
 * Amounts are longs in each asset's engine units. A price is a rational {@code priceNumerator /
 * priceDenominator} of <em>quote engine units per base engine unit</em>. The engine's book prices are quote units
 * per lot, so it passes {@code (price, lotSize)}: numerator the price of a lot, denominator the base units in a
 * lot. The pool's post-fee marginal prices, with {@code F = 10000} and {@code f = F - fee}, are
 * <ul>
 *   <li>ask, what a buyer ({@link SwapDirection#QUOTE_IN}) pays for the next base unit:
 *   {@code F * quoteReserve / (f * baseReserve)};</li>
 *   <li>bid, what a seller ({@link SwapDirection#BASE_IN}) gets for the next base unit:
 *   {@code f * quoteReserve / (F * baseReserve)}.</li>
 * </ul>
 *
 * <h2>Rounding, always in the pool's favour</h2>
 * <ul>
 *   <li>Exact-in swap output rounds down; exact-out swap input is Uniswap's {@code getAmountIn}, the rounded-down
 *   ratio plus one.</li>
 *   <li>First deposit mints {@code floor(sqrt(base * quote)) - 1000} shares; the 1,000 are counted in
 *   {@link #totalShares()} and owned by nobody, forever.</li>
 *   <li>Later deposits take the amounts Uniswap's router would (keep all of one side, the proportional amount
 *   of the other) except that the proportional amount rounds <em>up</em> where the router's {@code quote} rounds
 *   down, so the pool never takes less than the proportional amount; shares minted are
 *   {@code min(floor(base * S / baseReserve), floor(quote * S / quoteReserve))}.</li>
 *   <li>Removal pays {@code floor(shares * reserve / S)} of each side.</li>
 *   <li>Price-target quotes stop at the last input whose post-fee marginal price is not worse for the taker
 *   than the target.</li>
 * </ul>
 *
 * <h2>Protocol fee</h2>
 * When switched on, each liquidity change first mints the protocol {@code S * (rootK - rootKLast) /
 * (5 * rootK + rootKLast)} shares, one sixth of the growth of {@code sqrt(k)} since the last liquidity change,
 * exactly as Uniswap V2's {@code _mintFee}. The pool keeps {@code sqrt(kLast)} rather than {@code kLast}: it is
 * all the formula reads and fits in a long. Shares minted to the protocol are reported per operation in
 * {@link LiquidityResult#protocolShares()} and in total by {@link #protocolSharesAccrued()}.
 */
public final class ConstantProductPool
{
    /** Shares locked forever by the first deposit, so the pool can never be emptied and share value never resets. */
    public static final long MINIMUM_LIQUIDITY = 1_000;

    /** Returned by {@link #marginalPrice(SwapDirection, long)} when the pool has no price or it does not fit. */
    public static final long NO_PRICE = -1L;

    private long baseReserve;
    private long quoteReserve;
    private long totalShares;
    private int feeBasisPoints;
    private boolean protocolFeeOn;
    private long rootKLast;
    private long protocolSharesAccrued;

    /**
     * An empty pool with no fee and the protocol fee off; configure with {@link #feeBasisPoints(int)} and
     * {@link #protocolFeeOn(boolean)} or {@link #restore}.
     */
    public ConstantProductPool()
    {
    }

    /**
     * An empty pool.
     *
     * @param feeBasisPoints swap fee, 0 to 9999 basis points.
     * @param protocolFeeOn  whether the protocol takes one sixth of the fee growth.
     * @throws IllegalArgumentException if the fee is out of range.
     */
    public ConstantProductPool(final int feeBasisPoints, final boolean protocolFeeOn)
    {
        if (!ConstantProductMath.isValidFee(feeBasisPoints))
        {
            throw new IllegalArgumentException("fee out of range 0.." + ConstantProductMath.MAX_FEE_BASIS_POINTS +
                ": " + feeBasisPoints);
        }
        this.feeBasisPoints = feeBasisPoints;
        this.protocolFeeOn = protocolFeeOn;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Swaps
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Swaps an exact input for at least {@code minAmountOut}.
     *
     * @param direction    which reserve the taker pays into.
     * @param amountIn     input, fee included, positive.
     * @param minAmountOut least output the taker accepts.
     * @param result       receives the amounts.
     * @return {@link PoolReject#OK}, or ZERO_AMOUNT, INSUFFICIENT_LIQUIDITY, OVERFLOW, ZERO_OUTPUT, SLIPPAGE.
     */
    public int swapExactIn(
        final SwapDirection direction, final long amountIn, final long minAmountOut, final SwapResult result)
    {
        final int status = quoteExactIn(direction, amountIn, result);
        if (OK != status)
        {
            return status;
        }

        if (result.amountOut() < minAmountOut)
        {
            return SLIPPAGE;
        }

        apply(direction, result.amountIn(), result.amountOut());
        return OK;
    }

    /**
     * Swaps at most {@code maxAmountIn} for an exact output.
     *
     * @param direction   which reserve the taker pays into.
     * @param amountOut   output wanted, positive and below the reserve that pays it.
     * @param maxAmountIn most input, fee included, the taker accepts.
     * @param result      receives the amounts.
     * @return {@link PoolReject#OK}, or ZERO_AMOUNT, INSUFFICIENT_LIQUIDITY, OVERFLOW, SLIPPAGE.
     */
    public int swapExactOut(
        final SwapDirection direction, final long amountOut, final long maxAmountIn, final SwapResult result)
    {
        final int status = quoteExactOut(direction, amountOut, result);
        if (OK != status)
        {
            return status;
        }

        if (result.amountIn() > maxAmountIn)
        {
            return SLIPPAGE;
        }

        apply(direction, result.amountIn(), result.amountOut());
        return OK;
    }

    /**
     * What {@link #swapExactIn} would pay, without changing the pool.
     *
     * @param direction which reserve the taker pays into.
     * @param amountIn  input, fee included, positive.
     * @param result    receives the amounts.
     * @return {@link PoolReject#OK}, or ZERO_AMOUNT, INSUFFICIENT_LIQUIDITY, OVERFLOW (the input reserve would
     * pass {@code Long.MAX_VALUE}), ZERO_OUTPUT.
     */
    public int quoteExactIn(final SwapDirection direction, final long amountIn, final SwapResult result)
    {
        if (amountIn <= 0)
        {
            return ZERO_AMOUNT;
        }

        if (!hasLiquidity())
        {
            return INSUFFICIENT_LIQUIDITY;
        }

        final long reserveIn = reserveIn(direction);
        if (amountIn > Long.MAX_VALUE - reserveIn)
        {
            return PoolReject.OVERFLOW;
        }

        final long amountOut =
            ConstantProductMath.amountOut(amountIn, reserveIn, reserveOut(direction), feeBasisPoints);
        if (0 == amountOut)
        {
            return ZERO_OUTPUT;
        }

        result.set(amountIn, amountOut);
        return OK;
    }

    /**
     * What {@link #swapExactOut} would charge, without changing the pool.
     *
     * @param direction which reserve the taker pays into.
     * @param amountOut output wanted, positive and below the reserve that pays it.
     * @param result    receives the amounts.
     * @return {@link PoolReject#OK}, or ZERO_AMOUNT, INSUFFICIENT_LIQUIDITY, OVERFLOW.
     */
    public int quoteExactOut(final SwapDirection direction, final long amountOut, final SwapResult result)
    {
        if (amountOut <= 0)
        {
            return ZERO_AMOUNT;
        }

        final long reserveOut = reserveOut(direction);
        if (!hasLiquidity() || amountOut >= reserveOut)
        {
            return INSUFFICIENT_LIQUIDITY;
        }

        final long reserveIn = reserveIn(direction);
        final long amountIn = ConstantProductMath.amountIn(amountOut, reserveIn, reserveOut, feeBasisPoints);
        if (Int128Math.OVERFLOW == amountIn || amountIn > Long.MAX_VALUE - reserveIn)
        {
            return PoolReject.OVERFLOW;
        }

        result.set(amountIn, amountOut);
        return OK;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Prices, for the engine's router
    // ---------------------------------------------------------------------------------------------------------

    /**
     * The exact-in swap that takes the pool's post-fee marginal price to a target and no further, without
     * changing the pool: the largest input after which the marginal price is still not worse for the taker
     * than the target (ask at or below it for {@link SwapDirection#QUOTE_IN}, bid at or above it for
     * {@link SwapDirection#BASE_IN}); one more unit of input would pass it. If the pool is already worse than
     * the target the input is 0. A small input may pay out 0, which {@link #swapExactIn} would reject.
     *
     * @param direction        which reserve the taker pays into.
     * @param priceNumerator   target price, quote units per {@code priceDenominator} base units; positive.
     * @param priceDenominator base units the numerator prices; positive.
     * @param result           receives the input and the output it would pay.
     * @return {@link PoolReject#OK}, or INVALID_PRICE, INSUFFICIENT_LIQUIDITY, or OVERFLOW when even an input
     * taking its reserve to {@code Long.MAX_VALUE} would not reach the target (the pool is unbounded for any
     * representable order).
     */
    public int quoteToPrice(
        final SwapDirection direction, final long priceNumerator, final long priceDenominator, final SwapResult result)
    {
        if (priceNumerator <= 0 || priceDenominator <= 0)
        {
            return INVALID_PRICE;
        }

        if (!hasLiquidity())
        {
            return INSUFFICIENT_LIQUIDITY;
        }

        final long reserveIn = reserveIn(direction);
        final long reserveOut = reserveOut(direction);
        // selling base wants at least the price in quote per base; buying base at least its inverse
        final long rateNumerator = SwapDirection.BASE_IN == direction ? priceNumerator : priceDenominator;
        final long rateDenominator = SwapDirection.BASE_IN == direction ? priceDenominator : priceNumerator;
        final long amountIn = ConstantProductMath.amountInToRate(
            reserveIn, reserveOut, feeBasisPoints, rateNumerator, rateDenominator);
        if (Int128Math.OVERFLOW == amountIn)
        {
            return PoolReject.OVERFLOW;
        }

        result.set(amountIn, ConstantProductMath.amountOut(amountIn, reserveIn, reserveOut, feeBasisPoints));
        return OK;
    }

    /**
     * Compares the pool's post-fee marginal price in a direction with a price, exactly. For
     * {@link SwapDirection#QUOTE_IN} that is the ask, for {@link SwapDirection#BASE_IN} the bid. An empty pool has
     * an infinite ask and a zero bid, so it never looks better than a book.
     *
     * @param direction        which side of the pool to price.
     * @param priceNumerator   quote units, non-negative.
     * @param priceDenominator base units, positive.
     * @return negative, zero or positive as the pool's marginal price is below, at or above the given price.
     */
    public int compareMarginalPrice(
        final SwapDirection direction, final long priceNumerator, final long priceDenominator)
    {
        if (!hasLiquidity())
        {
            return SwapDirection.QUOTE_IN == direction ? 1 : -1;
        }

        final long feeFactor = BASIS_POINTS - feeBasisPoints;
        // ask: F * Q / (f * B) against n / d; bid: f * Q / (F * B) against n / d; cross-multiplied
        return SwapDirection.QUOTE_IN == direction ?
            Int128Math.compareProducts(
                BASIS_POINTS, quoteReserve, priceDenominator, feeFactor, baseReserve, priceNumerator) :
            Int128Math.compareProducts(
                feeFactor, quoteReserve, priceDenominator, BASIS_POINTS, baseReserve, priceNumerator);
    }

    /**
     * The pool's post-fee marginal price of {@code baseAmount} base units in quote units (pass the lot size to
     * get a price per lot), rounded against the taker: the ask up, the bid down.
     *
     * @param direction  {@link SwapDirection#QUOTE_IN} for the ask, {@link SwapDirection#BASE_IN} for the bid.
     * @param baseAmount base units to price, positive.
     * @return the price, or {@link #NO_PRICE} if the pool is empty or the price does not fit in a long.
     */
    public long marginalPrice(final SwapDirection direction, final long baseAmount)
    {
        if (!hasLiquidity() || baseAmount <= 0)
        {
            return NO_PRICE;
        }

        final long feeFactor = BASIS_POINTS - feeBasisPoints;
        final long price = SwapDirection.QUOTE_IN == direction ?
            Int128Math.mulDivCeil(quoteReserve, baseAmount, BASIS_POINTS,
                Math.multiplyHigh(feeFactor, baseReserve), feeFactor * baseReserve) :
            Int128Math.mulDivFloor(quoteReserve, baseAmount, feeFactor,
                Math.multiplyHigh(BASIS_POINTS, baseReserve), BASIS_POINTS * baseReserve);

        return Int128Math.OVERFLOW == price ? NO_PRICE : price;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Liquidity
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Deposits up to {@code maxBase} and {@code maxQuote} for at least {@code minShares} new shares. The first
     * deposit takes both amounts as given and sets the price; later ones take the proportional amounts (see the
     * class comment on rounding).
     *
     * @param maxBase   most base to deposit, positive.
     * @param maxQuote  most quote to deposit, positive.
     * @param minShares least shares the depositor accepts.
     * @param result    receives the amounts taken, the shares minted and the protocol's fee shares.
     * @return {@link PoolReject#OK}, or ZERO_AMOUNT, MINIMUM_LIQUIDITY, ZERO_OUTPUT, OVERFLOW, SLIPPAGE.
     */
    public int addLiquidity(final long maxBase, final long maxQuote, final long minShares, final LiquidityResult result)
    {
        final int status = quoteAddLiquidity(maxBase, maxQuote, result);
        if (OK != status)
        {
            return status;
        }

        if (result.shares() < minShares)
        {
            return SLIPPAGE;
        }

        final long locked = 0 == totalShares ? MINIMUM_LIQUIDITY : 0;
        baseReserve += result.baseAmount();
        quoteReserve += result.quoteAmount();
        totalShares += result.protocolShares() + result.shares() + locked;
        protocolSharesAccrued += result.protocolShares();
        updateRootKLast();

        return OK;
    }

    /**
     * What {@link #addLiquidity} would take and mint, without changing the pool.
     *
     * @param maxBase  most base to deposit, positive.
     * @param maxQuote most quote to deposit, positive.
     * @param result   receives the amounts taken, the shares minted and the protocol's fee shares.
     * @return {@link PoolReject#OK}, or ZERO_AMOUNT, MINIMUM_LIQUIDITY, ZERO_OUTPUT, OVERFLOW.
     */
    public int quoteAddLiquidity(final long maxBase, final long maxQuote, final LiquidityResult result)
    {
        if (maxBase <= 0 || maxQuote <= 0)
        {
            return ZERO_AMOUNT;
        }

        if (0 == totalShares)
        {
            final long root = Int128Math.sqrtFloor(Math.multiplyHigh(maxBase, maxQuote), maxBase * maxQuote);
            if (root <= MINIMUM_LIQUIDITY)
            {
                return PoolReject.MINIMUM_LIQUIDITY;
            }

            result.set(maxBase, maxQuote, root - MINIMUM_LIQUIDITY, 0);
            return OK;
        }

        final long protocolShares = protocolFeeShares();
        if (protocolShares > Long.MAX_VALUE - totalShares)
        {
            return PoolReject.OVERFLOW;
        }
        final long sharesBefore = totalShares + protocolShares;

        long base = maxBase;
        long quote = Int128Math.mulDivCeil(maxBase, quoteReserve, baseReserve);
        if (Int128Math.OVERFLOW == quote || quote > maxQuote)
        {
            // Then maxQuote is worth less than maxBase, so this rounds up to at most maxBase.
            base = Int128Math.mulDivCeil(maxQuote, baseReserve, quoteReserve);
            quote = maxQuote;
        }

        if (base > Long.MAX_VALUE - baseReserve || quote > Long.MAX_VALUE - quoteReserve)
        {
            return PoolReject.OVERFLOW;
        }

        final long sharesForBase = Int128Math.mulDivFloor(base, sharesBefore, baseReserve);
        final long sharesForQuote = Int128Math.mulDivFloor(quote, sharesBefore, quoteReserve);
        final long shares = Int128Math.OVERFLOW == sharesForBase ? sharesForQuote :
            Int128Math.OVERFLOW == sharesForQuote ? sharesForBase : Math.min(sharesForBase, sharesForQuote);

        if (Int128Math.OVERFLOW == shares || shares > Long.MAX_VALUE - sharesBefore)
        {
            return PoolReject.OVERFLOW;
        }

        if (0 == shares)
        {
            return ZERO_OUTPUT;
        }

        result.set(base, quote, shares, protocolShares);
        return OK;
    }

    /**
     * Burns shares for {@code floor(shares * reserve / S)} of each side, at least {@code minBase} and
     * {@code minQuote}.
     *
     * @param shares     shares to burn, positive.
     * @param sharesHeld the caller's balance of this pool's shares, as the engine keeps it.
     * @param minBase    least base the caller accepts.
     * @param minQuote   least quote the caller accepts.
     * @param result     receives the amounts paid, the shares burnt and the protocol's fee shares.
     * @return {@link PoolReject#OK}, or ZERO_AMOUNT, INSUFFICIENT_SHARES, OVERFLOW, ZERO_OUTPUT, SLIPPAGE.
     */
    public int removeLiquidity(
        final long shares, final long sharesHeld, final long minBase, final long minQuote, final LiquidityResult result)
    {
        final int status = quoteRemoveLiquidity(shares, sharesHeld, result);
        if (OK != status)
        {
            return status;
        }

        if (result.baseAmount() < minBase || result.quoteAmount() < minQuote)
        {
            return SLIPPAGE;
        }

        baseReserve -= result.baseAmount();
        quoteReserve -= result.quoteAmount();
        totalShares += result.protocolShares() - result.shares();
        protocolSharesAccrued += result.protocolShares();
        updateRootKLast();

        return OK;
    }

    /**
     * What {@link #removeLiquidity} would pay, without changing the pool.
     *
     * @param shares     shares to burn, positive.
     * @param sharesHeld the caller's balance of this pool's shares.
     * @param result     receives the amounts paid, the shares burnt and the protocol's fee shares.
     * @return {@link PoolReject#OK}, or ZERO_AMOUNT, INSUFFICIENT_SHARES, OVERFLOW, ZERO_OUTPUT.
     */
    public int quoteRemoveLiquidity(final long shares, final long sharesHeld, final LiquidityResult result)
    {
        if (shares <= 0)
        {
            return ZERO_AMOUNT;
        }

        if (shares > sharesHeld || 0 == totalShares)
        {
            return INSUFFICIENT_SHARES;
        }

        final long protocolShares = protocolFeeShares();
        if (protocolShares > Long.MAX_VALUE - totalShares)
        {
            return PoolReject.OVERFLOW;
        }
        final long sharesBefore = totalShares + protocolShares;

        if (shares > sharesBefore - MINIMUM_LIQUIDITY)
        {
            return INSUFFICIENT_SHARES;
        }

        final long base = Int128Math.mulDivFloor(shares, baseReserve, sharesBefore);
        final long quote = Int128Math.mulDivFloor(shares, quoteReserve, sharesBefore);
        if (0 == base || 0 == quote)
        {
            return ZERO_OUTPUT;
        }

        result.set(base, quote, shares, protocolShares);
        return OK;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Configuration, state and snapshots
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Sets the swap fee, effective from the next swap.
     *
     * @param feeBasisPoints 0 to 9999.
     * @return {@link PoolReject#OK} or {@link PoolReject#INVALID_FEE}, leaving the fee unchanged.
     */
    public int feeBasisPoints(final int feeBasisPoints)
    {
        if (!ConstantProductMath.isValidFee(feeBasisPoints))
        {
            return INVALID_FEE;
        }

        this.feeBasisPoints = feeBasisPoints;
        return OK;
    }

    /**
     * Switches the protocol fee. As in Uniswap V2, the switch takes effect at the next liquidity change: turning
     * it on starts measuring growth from there, turning it off forfeits the growth not yet minted.
     *
     * @param protocolFeeOn whether the protocol takes one sixth of the fee growth.
     */
    public void protocolFeeOn(final boolean protocolFeeOn)
    {
        this.protocolFeeOn = protocolFeeOn;
    }

    /**
     * Replaces the whole state, e.g. from a snapshot. Takes the values the getters return.
     *
     * @param baseReserve           base reserve.
     * @param quoteReserve          quote reserve.
     * @param totalShares           all shares, including the locked minimum and the protocol's.
     * @param feeBasisPoints        swap fee.
     * @param protocolFeeOn         protocol fee switch.
     * @param rootKLast             {@code sqrt(k)} at the last liquidity change, 0 if not tracked.
     * @param protocolSharesAccrued shares minted to the protocol so far.
     * @return {@link PoolReject#OK}, or INVALID_FEE or INVALID_STATE, leaving the pool unchanged.
     */
    public int restore(
        final long baseReserve,
        final long quoteReserve,
        final long totalShares,
        final int feeBasisPoints,
        final boolean protocolFeeOn,
        final long rootKLast,
        final long protocolSharesAccrued)
    {
        if (!ConstantProductMath.isValidFee(feeBasisPoints))
        {
            return INVALID_FEE;
        }

        if (baseReserve < 0 || quoteReserve < 0 || totalShares < 0 || rootKLast < 0 || protocolSharesAccrued < 0)
        {
            return INVALID_STATE;
        }

        final boolean empty = 0 == totalShares;
        if (empty ? (0 != baseReserve || 0 != quoteReserve || 0 != rootKLast) :
            (totalShares < MINIMUM_LIQUIDITY || 0 == baseReserve || 0 == quoteReserve))
        {
            return INVALID_STATE;
        }

        this.baseReserve = baseReserve;
        this.quoteReserve = quoteReserve;
        this.totalShares = totalShares;
        this.feeBasisPoints = feeBasisPoints;
        this.protocolFeeOn = protocolFeeOn;
        this.rootKLast = rootKLast;
        this.protocolSharesAccrued = protocolSharesAccrued;

        return OK;
    }

    /**
     * Whether the pool holds liquidity; swaps and prices need it.
     *
     * @return true once the first deposit has been made.
     */
    public boolean hasLiquidity()
    {
        return 0 != totalShares;
    }

    /**
     * Base reserve, swap fees included.
     *
     * @return base engine units held by the pool.
     */
    public long baseReserve()
    {
        return baseReserve;
    }

    /**
     * Quote reserve, swap fees included.
     *
     * @return quote engine units held by the pool.
     */
    public long quoteReserve()
    {
        return quoteReserve;
    }

    /**
     * All shares: holders', the protocol's and the {@link #MINIMUM_LIQUIDITY} locked by the first deposit.
     *
     * @return total shares.
     */
    public long totalShares()
    {
        return totalShares;
    }

    /**
     * Swap fee.
     *
     * @return basis points of every input kept by the pool.
     */
    public int feeBasisPoints()
    {
        return feeBasisPoints;
    }

    /**
     * Protocol fee switch.
     *
     * @return whether the protocol takes one sixth of the fee growth.
     */
    public boolean protocolFeeOn()
    {
        return protocolFeeOn;
    }

    /**
     * {@code floor(sqrt(baseReserve * quoteReserve))} at the last liquidity change while the protocol fee was
     * on, else 0: Uniswap's {@code kLast}, kept as its root.
     *
     * @return the root of {@code kLast}.
     */
    public long rootKLast()
    {
        return rootKLast;
    }

    /**
     * Shares minted to the protocol since the pool was created; the engine credits each operation's
     * {@link LiquidityResult#protocolShares()} to the protocol's fee account.
     *
     * @return the protocol's accrued shares.
     */
    public long protocolSharesAccrued()
    {
        return protocolSharesAccrued;
    }

    public String toString()
    {
        return "ConstantProductPool{baseReserve=" + baseReserve +
            ", quoteReserve=" + quoteReserve +
            ", totalShares=" + totalShares +
            ", feeBasisPoints=" + feeBasisPoints +
            ", protocolFeeOn=" + protocolFeeOn +
            ", rootKLast=" + rootKLast +
            ", protocolSharesAccrued=" + protocolSharesAccrued + '}';
    }

    private long reserveIn(final SwapDirection direction)
    {
        return SwapDirection.BASE_IN == direction ? baseReserve : quoteReserve;
    }

    private long reserveOut(final SwapDirection direction)
    {
        return SwapDirection.BASE_IN == direction ? quoteReserve : baseReserve;
    }

    private void apply(final SwapDirection direction, final long amountIn, final long amountOut)
    {
        if (SwapDirection.BASE_IN == direction)
        {
            baseReserve += amountIn;
            quoteReserve -= amountOut;
        }
        else
        {
            quoteReserve += amountIn;
            baseReserve -= amountOut;
        }
    }

    /** Uniswap V2's {@code _mintFee}: the protocol's one sixth of the growth of {@code sqrt(k)} since kLast. */
    private long protocolFeeShares()
    {
        if (!protocolFeeOn || 0 == rootKLast)
        {
            return 0;
        }

        final long rootK = rootK();
        if (rootK <= rootKLast)
        {
            return 0;
        }

        // 5 * rootK + rootKLast can pass 2^63, so it goes in as a 128-bit divisor.
        final long scaledLow = rootK * 5;
        final long denominatorLow = scaledLow + rootKLast;
        final long denominatorHigh = Math.multiplyHigh(rootK, 5) +
            (Long.compareUnsigned(denominatorLow, scaledLow) < 0 ? 1 : 0);

        return Int128Math.mulDivFloor(totalShares, rootK - rootKLast, 1, denominatorHigh, denominatorLow);
    }

    private void updateRootKLast()
    {
        rootKLast = protocolFeeOn ? rootK() : 0;
    }

    private long rootK()
    {
        return Int128Math.sqrtFloor(Math.multiplyHigh(baseReserve, quoteReserve), baseReserve * quoteReserve);
    }
}
