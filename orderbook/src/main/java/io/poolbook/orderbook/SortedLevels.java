package io.poolbook.orderbook;

import java.util.Arrays;

/**
 * Price levels kept sorted by key, best (highest key) at the end, for the few levels of a side that lie outside
 * its ladder's window. Lookups are binary searches over a packed {@code long[]} of keys.
 */
final class SortedLevels
{
    private long[] keys = new long[16];
    private PriceLevel[] levels = new PriceLevel[16];
    private int count;

    int count()
    {
        return count;
    }

    PriceLevel first()
    {
        return 0 == count ? null : levels[0];
    }

    PriceLevel last()
    {
        return 0 == count ? null : levels[count - 1];
    }

    PriceLevel at(final int index)
    {
        return levels[index];
    }

    PriceLevel find(final long key)
    {
        final int index = indexOf(key);
        return index >= 0 ? levels[index] : null;
    }

    /**
     * @param key to compare with.
     * @return the level with the greatest key below {@code key}, or null.
     */
    PriceLevel greatestBelow(final long key)
    {
        final int index = indexOf(key);
        final int below = (index >= 0 ? index : -index - 1) - 1;
        return below >= 0 ? levels[below] : null;
    }

    void insert(final PriceLevel level)
    {
        final int index = -indexOf(level.key) - 1;
        if (count == keys.length)
        {
            keys = Arrays.copyOf(keys, count << 1);
            levels = Arrays.copyOf(levels, count << 1);
        }

        final int toMove = count - index;
        if (toMove > 0)
        {
            System.arraycopy(keys, index, keys, index + 1, toMove);
            System.arraycopy(levels, index, levels, index + 1, toMove);
        }
        keys[index] = level.key;
        levels[index] = level;
        count++;
    }

    void remove(final PriceLevel level)
    {
        final int index = indexOf(level.key);
        final int last = count - 1;
        final int toMove = last - index;
        if (toMove > 0)
        {
            System.arraycopy(keys, index + 1, keys, index, toMove);
            System.arraycopy(levels, index + 1, levels, index, toMove);
        }
        levels[last] = null;
        count = last;
    }

    void removeAt(final int index)
    {
        remove(levels[index]);
    }

    void clear()
    {
        Arrays.fill(levels, 0, count, null);
        count = 0;
    }

    private int indexOf(final long key)
    {
        final long[] keys = this.keys;
        int low = 0;
        int high = count - 1;
        while (low <= high)
        {
            final int middle = (low + high) >>> 1;
            final long middleKey = keys[middle];
            if (middleKey < key)
            {
                low = middle + 1;
            }
            else if (middleKey > key)
            {
                high = middle - 1;
            }
            else
            {
                return middle;
            }
        }

        return -(low + 1);
    }
}
