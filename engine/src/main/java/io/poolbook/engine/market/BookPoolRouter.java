package io.poolbook.engine.market;

import io.poolbook.amm.ConstantProductPool;
import io.poolbook.amm.PoolReject;
import io.poolbook.amm.SwapDirection;
import io.poolbook.amm.SwapResult;
import io.poolbook.orderbook.MatchResult;
import io.poolbook.orderbook.OrderBook;
import io.poolbook.orderbook.SelfTradePrevention;
import io.poolbook.orderbook.Side;

/**
 * Best execution between a market's book and its pool: fills a taker step by step from whichever venue gives the
 * better price for the next step.
 * <p>
 * While the pool's post-fee marginal price is strictly better than the book's best price with the taker fee on it
 * (ties go to the book) and within the limit, the pool fills, as one swap sized in closed form to move its marginal
 * price to the next book price (or the limit, whichever comes first), in whole lots; otherwise the book's best
 * level fills. Each pool swap is capped so its cost never passes the limit, and a buy never spends more than its
 * order still has locked. A pool fill pays no exchange fee: the pool's own fee is in its price.
 * <p>
 * The router decides and sizes; it moves no balances. Book fills reach the book's listener; each pool fill is
 * handed to {@link PoolFills}, which settles it (and so lowers the taker's {@link OrderRecord#locked}) before the
 * next step is sized. Validation, the fill-or-kill check, acceptance and what happens to the rest are the caller's.
 */
final class BookPoolRouter
{
    /** Settles a pool fill of a routed taker: balances, the taker's record, events. */
    interface PoolFills
    {
        /**
         * @param lots           base units filled, whole lots.
         * @param paid           what the taker paid in: quote for a buy, base for a sell.
         * @param received       what the taker received.
         * @param leavesQuantity what the taker still wants after this fill.
         */
        void onPoolFill(Market market, OrderRecord taker, long lots, long paid, long received, long leavesQuantity);
    }

    /** A pool swap is retried this many times, one lot smaller each, when rounding puts it just past a bound. */
    private static final int POOL_SWAP_ATTEMPTS = 3;

    private final PoolFills poolFills;
    private final MatchResult matchResult = new MatchResult();
    private final SwapResult swapResult = new SwapResult();

    BookPoolRouter(final PoolFills poolFills)
    {
        this.poolFills = poolFills;
    }

    /**
     * Fills a taker across the book and the pool, best price first, until it is filled, ends (self-trade
     * prevention cancelled it) or neither venue crosses its limit. The taker is registered, locked and accepted;
     * the market routes to its pool.
     *
     * @param limit    price per lot the taker will not pass, or 0 for none (a market order without protection).
     * @param quantity base units wanted, whole lots.
     * @param budgeted the taker is a buy bounded by what it has locked (a market buy by budget or by balance):
     *                 its book steps are capped at what the lock can pay with the taker fee on it.
     * @return what the taker still wants; the caller rests or expires it if the taker is still live.
     */
    long route(
        final Market market,
        final OrderRecord taker,
        final Side side,
        final SelfTradePrevention stp,
        final long limit,
        final long quantity,
        final boolean budgeted)
    {
        final OrderBook book = market.book();
        final ConstantProductPool pool = market.pool();
        final boolean buy = side == Side.BUY;
        final long orderId = taker.orderId;
        final int accountId = taker.accountId;
        final long lot = market.lotSize();
        final int takerFeeBps = market.takerFeeBps();
        final Side opposite = buy ? Side.SELL : Side.BUY;
        final SwapDirection direction = buy ? SwapDirection.QUOTE_IN : SwapDirection.BASE_IN;

        long remaining = quantity;
        while (remaining > 0 && taker.orderId == orderId)
        {
            final long bookPrice = book.bestPrice(opposite);
            final boolean hasBook = bookPrice != OrderBook.NULL_PRICE;
            final boolean bookCrosses = hasBook && (limit == 0 || (buy ? bookPrice <= limit : bookPrice >= limit));

            // Compare all-in prices: the book's best with the taker fee on it against the pool's post-fee marginal.
            final long bookAllIn = hasBook ? allInNumerator(bookPrice, takerFeeBps, buy) : 0;
            final long bookDenominator = hasBook ? allInDenominator(bookPrice, takerFeeBps, buy, lot) : lot;
            final boolean poolBetter = hasBook ?
                isStrictlyBetter(pool.compareMarginalPrice(direction, bookAllIn, bookDenominator), buy) :
                isWithinLimit(pool, direction, limit, lot, buy);
            if (poolBetter && (!hasBook || isWithinLimit(pool, direction, limit, lot, buy)))
            {
                final boolean limitFirst = limit != 0 && (!hasBook ||
                    isStrictlyBetter(Long.compare(
                        Math.multiplyHigh(limit, bookDenominator) == 0 ? limit * bookDenominator : Long.MAX_VALUE,
                        Math.multiplyHigh(bookAllIn, lot) == 0 ? bookAllIn * lot : Long.MAX_VALUE), buy));
                final long targetNumerator = limitFirst || !hasBook ? limit : bookAllIn;
                final long targetDenominator = limitFirst || !hasBook ? lot : bookDenominator;
                final long lots = takeFromPool(market, taker, targetNumerator, targetDenominator, limit, remaining);
                if (lots > 0)
                {
                    remaining -= lots;
                    continue;
                }
            }

            if (!bookCrosses)
            {
                break;
            }
            final long bookBudget = budgeted ?
                Fees.notionalWithinBudget(taker.locked, takerFeeBps) : OrderBook.NO_QUOTE_BUDGET;
            if (budgeted && bookBudget <= 0)
            {
                break;
            }
            final long quantityAtBest = book.quantityAtBest(opposite);
            final int ordersAtBest = book.orderCountAtBest(opposite);
            if (!book.matchUpTo(orderId, accountId, side, stp, bookPrice, remaining, bookBudget, matchResult))
            {
                break;
            }
            remaining -= matchResult.filledQuantity();
            if (matchResult.takerCancelled() || (matchResult.filledQuantity() == 0 &&
                book.bestPrice(opposite) == bookPrice && book.quantityAtBest(opposite) == quantityAtBest &&
                book.orderCountAtBest(opposite) == ordersAtBest))
            {
                break; // the step changed nothing: another would not either
            }
        }
        return remaining;
    }

    /**
     * Whole lots the pool would fill before its post-fee marginal price passes a price per lot (0: no bound), at
     * most {@code most}; 0 when the market has no pool with liquidity.
     */
    long poolLotsTo(final Market market, final boolean buy, final long price, final long most)
    {
        return poolLotsTo(market, buy, price, market.lotSize(), most);
    }

    /** The best price on the tick at which the pool would not fill a post-only order, or 0 if there is none. */
    static long priceBeforePool(final Market market, final boolean buy)
    {
        final ConstantProductPool pool = market.pool();
        final long tick = market.tickSize();
        if (buy)
        {
            final long ask = pool.marginalPrice(SwapDirection.QUOTE_IN, market.lotSize());
            return ask == ConstantProductPool.NO_PRICE ? 0 : ((ask - 1) / tick) * tick;
        }
        final long bid = pool.marginalPrice(SwapDirection.BASE_IN, market.lotSize());
        return bid == ConstantProductPool.NO_PRICE || bid > Long.MAX_VALUE - tick ? 0 : (bid / tick + 1) * tick;
    }

    /**
     * One pool step of a route: swaps whole lots until the pool's post-fee marginal price reaches the target, a
     * rational price of quote units per base unit (no target: whatever is left), never paying more per lot than
     * the limit (or receiving less) and never more than the order has locked.
     *
     * @return lots filled, in base units; 0 when the pool cannot fill a whole lot within the bounds.
     */
    private long takeFromPool(
        final Market market,
        final OrderRecord taker,
        final long targetNumerator,
        final long targetDenominator,
        final long limit,
        final long remaining)
    {
        final ConstantProductPool pool = market.pool();
        final boolean buy = taker.buy;
        final long lot = market.lotSize();
        long lots = targetNumerator > 0 ?
            poolLotsTo(market, buy, targetNumerator, targetDenominator, remaining) : remaining;
        if (buy)
        {
            // No more than the lock can buy: the exact-in output of everything still locked.
            final long affordable = pool.quoteExactIn(SwapDirection.QUOTE_IN, taker.locked, swapResult) ==
                PoolReject.OK ? swapResult.amountOut() : 0;
            lots = Math.min(lots, Math.min(affordable, pool.baseReserve() - 1));
        }
        lots -= lots % lot;

        int status = PoolReject.SLIPPAGE;
        for (int attempt = 0; attempt < POOL_SWAP_ATTEMPTS && lots > 0; attempt++)
        {
            if (buy)
            {
                final long limitCost = limit > 0 ? market.book().notional(limit, lots) : taker.locked;
                final long maxIn = limitCost < 0 ? taker.locked : Math.min(taker.locked, limitCost);
                status = pool.swapExactOut(SwapDirection.QUOTE_IN, lots, maxIn, swapResult);
            }
            else
            {
                final long minOut = limit > 0 ? market.book().notional(limit, lots) : 1;
                status = minOut < 0 ? PoolReject.SLIPPAGE :
                    pool.swapExactIn(SwapDirection.BASE_IN, lots, minOut, swapResult);
            }
            if (status == PoolReject.OK)
            {
                break;
            }
            lots -= lot;
        }
        if (status != PoolReject.OK || lots <= 0)
        {
            return 0;
        }

        poolFills.onPoolFill(market, taker, lots, swapResult.amountIn(), swapResult.amountOut(), remaining - lots);
        return lots;
    }

    /**
     * Whole lots the pool would fill before its post-fee marginal price passes {@code numerator / denominator}
     * quote units per base unit (numerator 0: no bound), at most {@code most}.
     */
    private long poolLotsTo(
        final Market market, final boolean buy, final long price, final long denominator, final long most)
    {
        final ConstantProductPool pool = market.pool();
        if (null == pool || !pool.hasLiquidity())
        {
            return 0;
        }
        if (price <= 0)
        {
            return most;
        }
        final int status = pool.quoteToPrice(buy ? SwapDirection.QUOTE_IN : SwapDirection.BASE_IN, price,
            denominator, swapResult);
        if (status == PoolReject.OVERFLOW)
        {
            return most;
        }
        if (status != PoolReject.OK)
        {
            return 0;
        }
        final long base = buy ? swapResult.amountOut() : swapResult.amountIn();
        return Math.min(most, base - base % market.lotSize());
    }

    /**
     * Numerator of a book price with the taker fee on it, as a price per base unit: {@code price * (F + fee)} for
     * a buy, {@code price * (F - fee)} for a sell, over {@link #allInDenominator}; the bare price when that does not
     * fit a long.
     */
    private static long allInNumerator(final long price, final int takerFeeBps, final boolean buy)
    {
        final long factor = buy ? Fees.BASIS_POINTS + takerFeeBps : Fees.BASIS_POINTS - takerFeeBps;
        return Math.multiplyHigh(price, factor) == 0 && price * factor >= 0 ? price * factor : price;
    }

    private static long allInDenominator(final long price, final int takerFeeBps, final boolean buy, final long lot)
    {
        final long factor = buy ? Fees.BASIS_POINTS + takerFeeBps : Fees.BASIS_POINTS - takerFeeBps;
        final boolean fits = Math.multiplyHigh(price, factor) == 0 && price * factor >= 0 &&
            Math.multiplyHigh(lot, Fees.BASIS_POINTS) == 0;
        return fits ? lot * Fees.BASIS_POINTS : lot;
    }

    /** Is the pool's post-fee marginal price no worse for the taker than its limit per lot (0: no limit)? */
    private static boolean isWithinLimit(
        final ConstantProductPool pool, final SwapDirection direction, final long limit, final long lot,
        final boolean buy)
    {
        return limit == 0 || isNoWorse(pool.compareMarginalPrice(direction, limit, lot), buy);
    }

    /** From a marginal-price comparison: is the pool strictly better for the taker than the price? */
    private static boolean isStrictlyBetter(final int comparison, final boolean buy)
    {
        return buy ? comparison < 0 : comparison > 0;
    }

    /** From a marginal-price comparison: is the pool at least as good for the taker as the price? */
    private static boolean isNoWorse(final int comparison, final boolean buy)
    {
        return buy ? comparison <= 0 : comparison >= 0;
    }
}
