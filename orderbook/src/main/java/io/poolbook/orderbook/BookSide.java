package io.poolbook.orderbook;

import java.util.Arrays;

/**
 * The price levels of one side: a tick-indexed ladder over a window of {@value #WINDOW_SIZE} ticks around the
 * side's first price, with the few levels outside it kept in {@link SortedLevels}.
 * <p>
 * In the window a level is found by its tick offset: an array index into lazily allocated chunks of 64 slots, so
 * adding or dropping a level anywhere costs the same O(1), however deep in the book. A bitmap of occupied slots,
 * with a summary bit per chunk and per 64 chunks, finds the next level below any slot with three
 * {@code numberOfLeadingZeros}, which is how the best is kept when it empties. The window is anchored when the side
 * gets its first level and moves whenever the window empties, taking in the outliers that then fall inside.
 * <p>
 * Measured on the reference mix (1,000 orders on about 390 levels a side, 71% price moves spread through the
 * book), a sorted array of levels spent most of its time on binary searches and on shifting some 200 slots per
 * command; this ladder does neither, see the benchmark in {@code io.poolbook.perf.orderbook}.
 * <p>
 * Keys are prices for bids and negated prices for asks, so that on both sides a higher key is a better price and
 * one piece of code serves both. A tick index is a key divided by the tick size, exactly and without a division
 * instruction (see {@link ExactDivisor}), since keys are whole multiples of the tick.
 */
final class BookSide
{
    static final int WINDOW_SIZE = 1 << 16;
    static final int OUTLIER = -1;

    private static final int CHUNK_BITS = 6;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;
    private static final int CHUNK_COUNT = WINDOW_SIZE >> CHUNK_BITS;
    private static final int HALF_WINDOW = WINDOW_SIZE / 2;

    final Side side;
    private final boolean isBid;
    private final ExactDivisor tick;

    private final PriceLevel[][] chunks = new PriceLevel[CHUNK_COUNT][];
    private final long[] slotBits = new long[CHUNK_COUNT];
    private final long[] chunkBits = new long[CHUNK_COUNT >> 6];
    private long chunkWordBits;
    private boolean isAnchored;
    private long windowLow;
    private long windowHigh;
    private int windowLevelCount;

    private final SortedLevels outliers = new SortedLevels();
    private PriceLevel best;

    BookSide(final Side side, final ExactDivisor tick)
    {
        this.side = side;
        this.isBid = Side.BUY == side;
        this.tick = tick;
    }

    long keyOf(final long price)
    {
        return isBid ? price : -price;
    }

    int levelCount()
    {
        return windowLevelCount + outliers.count();
    }

    PriceLevel best()
    {
        return best;
    }

    /**
     * @param level on this side.
     * @return the next worse level, or null.
     */
    PriceLevel next(final PriceLevel level)
    {
        return greatestBelow(level.key);
    }

    PriceLevel worst()
    {
        PriceLevel worst = outliers.first();
        if (windowLevelCount > 0)
        {
            final int word = Long.numberOfTrailingZeros(chunkWordBits);
            final int chunkIndex = (word << 6) + Long.numberOfTrailingZeros(chunkBits[word]);
            final int offset = Long.numberOfTrailingZeros(slotBits[chunkIndex]);
            final PriceLevel lowest = chunks[chunkIndex][offset];
            if (null == worst || lowest.key < worst.key)
            {
                worst = lowest;
            }
        }

        return worst;
    }

    PriceLevel find(final long price)
    {
        final long key = keyOf(price);
        final long tick = tickOf(key);
        if (isAnchored && tick >= windowLow && tick <= windowHigh)
        {
            final int slot = (int)(tick - windowLow);
            final PriceLevel[] chunk = chunks[slot >>> CHUNK_BITS];
            return null == chunk ? null : chunk[slot & CHUNK_MASK];
        }

        return 0 == outliers.count() ? null : outliers.find(key);
    }

    /**
     * Add a level whose price has none yet.
     *
     * @param level with its price and key set.
     */
    void insert(final PriceLevel level)
    {
        final long tick = tickOf(level.key);
        if (!isAnchored)
        {
            anchor(tick);
        }

        if (tick >= windowLow && tick <= windowHigh)
        {
            insertInWindow(level, (int)(tick - windowLow));
        }
        else
        {
            level.slot = OUTLIER;
            outliers.insert(level);
        }

        final PriceLevel best = this.best;
        if (null == best || level.key > best.key)
        {
            this.best = level;
        }
    }

    void remove(final PriceLevel level)
    {
        if (OUTLIER == level.slot)
        {
            outliers.remove(level);
        }
        else
        {
            removeFromWindow(level.slot);
        }

        if (best == level)
        {
            best = greatestBelow(level.key);
        }
    }

    /**
     * Forget every level without touching them; the caller has taken them back.
     */
    void clear()
    {
        for (int chunkIndex = 0; chunkIndex < CHUNK_COUNT; chunkIndex++)
        {
            if (0 != slotBits[chunkIndex])
            {
                Arrays.fill(chunks[chunkIndex], null);
                slotBits[chunkIndex] = 0;
            }
        }
        Arrays.fill(chunkBits, 0);
        chunkWordBits = 0;
        windowLevelCount = 0;
        isAnchored = false;
        outliers.clear();
        best = null;
    }

    private long tickOf(final long key)
    {
        return tick.quotientOf(key);
    }

    private PriceLevel greatestBelow(final long key)
    {
        PriceLevel greatest = 0 == outliers.count() ? null : outliers.greatestBelow(key);
        if (windowLevelCount > 0)
        {
            final long tick = tickOf(key);
            if (tick > windowLow)
            {
                final int slot = highestAtOrBelow(tick > windowHigh ? WINDOW_SIZE - 1 : (int)(tick - windowLow) - 1);
                if (slot >= 0)
                {
                    final PriceLevel level = chunks[slot >>> CHUNK_BITS][slot & CHUNK_MASK];
                    if (null == greatest || level.key > greatest.key)
                    {
                        greatest = level;
                    }
                }
            }
        }

        return greatest;
    }

    /**
     * @return the highest occupied slot at or below {@code slot}, or -1.
     */
    private int highestAtOrBelow(final int slot)
    {
        int chunkIndex = slot >>> CHUNK_BITS;
        final long bits = slotBits[chunkIndex] & (-1L >>> (63 - (slot & CHUNK_MASK)));
        if (0 != bits)
        {
            return (chunkIndex << CHUNK_BITS) + 63 - Long.numberOfLeadingZeros(bits);
        }

        int word = chunkIndex >>> 6;
        long chunkWord = chunkBits[word] & ((1L << (chunkIndex & 63)) - 1);
        if (0 == chunkWord)
        {
            final long words = chunkWordBits & ((1L << word) - 1);
            if (0 == words)
            {
                return -1;
            }
            word = 63 - Long.numberOfLeadingZeros(words);
            chunkWord = chunkBits[word];
        }
        chunkIndex = (word << 6) + 63 - Long.numberOfLeadingZeros(chunkWord);

        return (chunkIndex << CHUNK_BITS) + 63 - Long.numberOfLeadingZeros(slotBits[chunkIndex]);
    }

    private void insertInWindow(final PriceLevel level, final int slot)
    {
        final int chunkIndex = slot >>> CHUNK_BITS;
        PriceLevel[] chunk = chunks[chunkIndex];
        if (null == chunk)
        {
            chunk = new PriceLevel[CHUNK_SIZE];
            chunks[chunkIndex] = chunk;
        }
        chunk[slot & CHUNK_MASK] = level;
        level.slot = slot;

        final long bits = slotBits[chunkIndex];
        slotBits[chunkIndex] = bits | (1L << slot);
        if (0 == bits)
        {
            final int word = chunkIndex >>> 6;
            final long chunkWord = chunkBits[word];
            chunkBits[word] = chunkWord | (1L << chunkIndex);
            if (0 == chunkWord)
            {
                chunkWordBits |= 1L << word;
            }
        }
        windowLevelCount++;
    }

    private void removeFromWindow(final int slot)
    {
        final int chunkIndex = slot >>> CHUNK_BITS;
        chunks[chunkIndex][slot & CHUNK_MASK] = null;

        final long bits = slotBits[chunkIndex] & ~(1L << slot);
        slotBits[chunkIndex] = bits;
        if (0 == bits)
        {
            final int word = chunkIndex >>> 6;
            final long chunkWord = chunkBits[word] & ~(1L << chunkIndex);
            chunkBits[word] = chunkWord;
            if (0 == chunkWord)
            {
                chunkWordBits &= ~(1L << word);
            }
        }

        if (0 == --windowLevelCount)
        {
            isAnchored = false;
        }
    }

    /**
     * Centre the window on {@code tick} and take in the outliers that fall inside it.
     */
    private void anchor(final long tick)
    {
        long low = tick < Long.MIN_VALUE + HALF_WINDOW ? Long.MIN_VALUE : tick - HALF_WINDOW;
        if (low > Long.MAX_VALUE - (WINDOW_SIZE - 1))
        {
            low = Long.MAX_VALUE - (WINDOW_SIZE - 1);
        }
        windowLow = low;
        windowHigh = low + (WINDOW_SIZE - 1);
        isAnchored = true;

        for (int i = outliers.count() - 1; i >= 0; i--)
        {
            final PriceLevel outlier = outliers.at(i);
            final long outlierTick = tickOf(outlier.key);
            if (outlierTick >= windowLow && outlierTick <= windowHigh)
            {
                outliers.removeAt(i);
                insertInWindow(outlier, (int)(outlierTick - windowLow));
            }
        }
    }
}
