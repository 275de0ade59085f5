package io.poolbook.perf.amm;

import io.poolbook.amm.ConstantProductPool;
import io.poolbook.amm.LiquidityResult;
import io.poolbook.amm.PoolReject;
import io.poolbook.amm.SwapDirection;
import io.poolbook.amm.SwapResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of one constant-product pool on one thread: exact-in and exact-out swaps, swap quotes, and the
 * price-target quote the engine's router makes for every taker step into a pool.
 * <p>
 * The pool models BTC/USDT at engine scale (base in 10^-8 BTC, quote in 10^-6 USDT): 10,000 BTC against 500M
 * USDT, 0.3% fee, so swap products need the 128-bit path. Swaps alternate direction over a fixed table of random
 * amounts and the pool is restored every {@value #TABLE_SIZE} swaps, so fee growth never drifts the reserves.
 * {@link #swapExactInDeep} uses reserves above 2^50, where the denominators need 128 bits as well.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class PoolBenchmark
{
    private static final int TABLE_SIZE = 1024;
    private static final int MASK = TABLE_SIZE - 1;
    private static final int FEE_BASIS_POINTS = 30;

    private static final long BASE_RESERVE = 1_000_000_000_000L;
    private static final long QUOTE_RESERVE = 500_000_000_000_000L;
    private static final long DEEP_BASE_RESERVE = 3_000_000_000_000_000L;
    private static final long DEEP_QUOTE_RESERVE = 2_000_000_000_000_000_000L;
    private static final long LOT_SIZE = 1_000_000L;

    private final ConstantProductPool pool = new ConstantProductPool(FEE_BASIS_POINTS, false);
    private final ConstantProductPool deepPool = new ConstantProductPool(FEE_BASIS_POINTS, false);
    private final SwapResult result = new SwapResult();

    private final long[] baseAmounts = new long[TABLE_SIZE];
    private final long[] quoteAmounts = new long[TABLE_SIZE];
    private final long[] deepBaseAmounts = new long[TABLE_SIZE];
    private final long[] deepQuoteAmounts = new long[TABLE_SIZE];
    private final long[] askTargets = new long[TABLE_SIZE];
    private final long[] bidTargets = new long[TABLE_SIZE];

    private long poolShares;
    private long deepPoolShares;
    private int index;

    @Setup
    public void setUp()
    {
        poolShares = seed(pool, BASE_RESERVE, QUOTE_RESERVE);
        deepPoolShares = seed(deepPool, DEEP_BASE_RESERVE, DEEP_QUOTE_RESERVE);

        final SplittableRandom random = new SplittableRandom(42);
        final long ask = pool.marginalPrice(SwapDirection.QUOTE_IN, LOT_SIZE);
        final long bid = pool.marginalPrice(SwapDirection.BASE_IN, LOT_SIZE);
        for (int i = 0; i < TABLE_SIZE; i++)
        {
            // 0.0001 to 1 BTC, and the same value range in USDT
            baseAmounts[i] = 10_000 + random.nextLong(100_000_000L);
            quoteAmounts[i] = baseAmounts[i] * (QUOTE_RESERVE / BASE_RESERVE);
            deepBaseAmounts[i] = 100_000_000_000L + random.nextLong(10_000_000_000_000L);
            deepQuoteAmounts[i] = deepBaseAmounts[i] * (DEEP_QUOTE_RESERVE / DEEP_BASE_RESERVE);
            // next book price 0.01% to 2% away from the pool's
            final long awayPerMillion = 100 + random.nextLong(20_000);
            askTargets[i] = ask + ask / 1_000_000 * awayPerMillion;
            bidTargets[i] = bid - bid / 1_000_000 * awayPerMillion;
        }
    }

    @Benchmark
    public long swapExactIn()
    {
        final int i = next();
        if (0 == i)
        {
            restore(pool, BASE_RESERVE, QUOTE_RESERVE, poolShares);
        }

        final int status = 0 == (i & 1) ?
            pool.swapExactIn(SwapDirection.BASE_IN, baseAmounts[i], 0, result) :
            pool.swapExactIn(SwapDirection.QUOTE_IN, quoteAmounts[i], 0, result);

        return status + result.amountOut();
    }

    @Benchmark
    public long swapExactInDeep()
    {
        final int i = next();
        if (0 == i)
        {
            restore(deepPool, DEEP_BASE_RESERVE, DEEP_QUOTE_RESERVE, deepPoolShares);
        }

        final int status = 0 == (i & 1) ?
            deepPool.swapExactIn(SwapDirection.BASE_IN, deepBaseAmounts[i], 0, result) :
            deepPool.swapExactIn(SwapDirection.QUOTE_IN, deepQuoteAmounts[i], 0, result);

        return status + result.amountOut();
    }

    @Benchmark
    public long swapExactOut()
    {
        final int i = next();
        if (0 == i)
        {
            restore(pool, BASE_RESERVE, QUOTE_RESERVE, poolShares);
        }

        // buy base outright, or sell base for an exact amount of quote
        final int status = 0 == (i & 1) ?
            pool.swapExactOut(SwapDirection.QUOTE_IN, baseAmounts[i], Long.MAX_VALUE, result) :
            pool.swapExactOut(SwapDirection.BASE_IN, quoteAmounts[i], Long.MAX_VALUE, result);

        return status + result.amountIn();
    }

    @Benchmark
    public long quoteExactIn()
    {
        final int i = next();
        final int status = 0 == (i & 1) ?
            pool.quoteExactIn(SwapDirection.BASE_IN, baseAmounts[i], result) :
            pool.quoteExactIn(SwapDirection.QUOTE_IN, quoteAmounts[i], result);

        return status + result.amountOut();
    }

    @Benchmark
    public long quoteToPrice()
    {
        final int i = next();
        final int status = 0 == (i & 1) ?
            pool.quoteToPrice(SwapDirection.QUOTE_IN, askTargets[i], LOT_SIZE, result) :
            pool.quoteToPrice(SwapDirection.BASE_IN, bidTargets[i], LOT_SIZE, result);

        return status + result.amountIn();
    }

    private int next()
    {
        return index++ & MASK;
    }

    private static long seed(final ConstantProductPool pool, final long base, final long quote)
    {
        final LiquidityResult liquidity = new LiquidityResult();
        if (PoolReject.OK != pool.addLiquidity(base, quote, 0, liquidity))
        {
            throw new IllegalStateException("cannot seed the pool");
        }
        return pool.totalShares();
    }

    private static void restore(final ConstantProductPool pool, final long base, final long quote, final long shares)
    {
        pool.restore(base, quote, shares, FEE_BASIS_POINTS, false, 0, 0);
    }
}
