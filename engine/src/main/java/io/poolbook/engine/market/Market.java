package io.poolbook.engine.market;

import io.poolbook.amm.ConstantProductPool;
import io.poolbook.engine.account.Asset;
import io.poolbook.orderbook.OrderBook;
import io.poolbook.orderbook.OrderBookListener;
import io.poolbook.orderbook.OrderStore;

/**
 * One market: a base and a quote asset, its trading rules and fees, its order book and, optionally, its
 * constant-product pool. Prices are quote engine units per lot and multiples of the tick; quantities are base
 * engine units and multiples of the lot.
 */
public final class Market
{
    /** Highest taker fee a market may charge, in basis points (10%). */
    public static final int MAX_FEE_BPS = 1_000;

    private final int id;
    private final Asset base;
    private final Asset quote;
    private final long tickSize;
    private final long lotSize;
    private final long minQuantity;
    private final long maxQuantity;
    private final int makerFeeBps;
    private final int takerFeeBps;
    private final OrderBook book;
    private boolean halted;
    private ConstantProductPool pool;
    private Asset poolShare;

    public Market(
        final int id,
        final Asset base,
        final Asset quote,
        final long tickSize,
        final long lotSize,
        final long minQuantity,
        final long maxQuantity,
        final int makerFeeBps,
        final int takerFeeBps,
        final OrderBookListener bookListener,
        final OrderStore orderStore)
    {
        this.id = id;
        this.base = base;
        this.quote = quote;
        this.tickSize = tickSize;
        this.lotSize = lotSize;
        this.minQuantity = minQuantity;
        this.maxQuantity = maxQuantity;
        this.makerFeeBps = makerFeeBps;
        this.takerFeeBps = takerFeeBps;
        // The book rests each order in the engine's own record of it (one object per live order, not two) and
        // pools none of its own: with a thousand markets, 1,024 pooled orders each were some 100 MB of idle
        // objects spreading the hot ones over more cache lines and pages.
        this.book = new OrderBook(tickSize, lotSize, maxQuantity, orderStore, bookListener);
    }

    public int id()
    {
        return id;
    }

    public Asset base()
    {
        return base;
    }

    public Asset quote()
    {
        return quote;
    }

    public long tickSize()
    {
        return tickSize;
    }

    public long lotSize()
    {
        return lotSize;
    }

    public long minQuantity()
    {
        return minQuantity;
    }

    public long maxQuantity()
    {
        return maxQuantity;
    }

    public int makerFeeBps()
    {
        return makerFeeBps;
    }

    public int takerFeeBps()
    {
        return takerFeeBps;
    }

    public OrderBook book()
    {
        return book;
    }

    public boolean isHalted()
    {
        return halted;
    }

    public void halted(final boolean halted)
    {
        this.halted = halted;
    }

    /** The market's pool, or null when it has none. */
    public ConstantProductPool pool()
    {
        return pool;
    }

    /** The asset of the pool's LP shares, or null when the market has no pool. */
    public Asset poolShare()
    {
        return poolShare;
    }

    /** Gives the market its pool, once. */
    public void pool(final ConstantProductPool pool, final Asset poolShare)
    {
        this.pool = pool;
        this.poolShare = poolShare;
    }

    /** Does the market have a pool with liquidity, so takers route between book and pool? */
    public boolean routesToPool()
    {
        return null != pool && pool.hasLiquidity();
    }
}
