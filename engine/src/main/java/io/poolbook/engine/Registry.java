package io.poolbook.engine;

import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Reference data by id and in registration order: assets, accounts and markets. Ids below
 * {@link #DIRECT_LIMIT} (the usual case: operators number things from 0) are found by indexing an array, others
 * through a primitive hash map; iteration is always in registration order, never hash order, so anything derived
 * from it (snapshots, state hashes) is deterministic.
 *
 * @param <T> what is registered.
 */
public final class Registry<T>
{
    /** Ids from 0 up to this are looked up directly. */
    public static final int DIRECT_LIMIT = 1 << 20;

    private Object[] direct = new Object[64];
    private final Int2ObjectHashMap<T> sparse = new Int2ObjectHashMap<>();
    private final List<T> inOrder = new ArrayList<>();

    /**
     * The entry with this id.
     *
     * @param id to look up.
     * @return the entry, or null when unknown.
     */
    @SuppressWarnings("unchecked")
    public T get(final int id)
    {
        if (id >= 0 && id < DIRECT_LIMIT)
        {
            return id < direct.length ? (T)direct[id] : null;
        }
        return sparse.get(id);
    }

    /** Is this id taken? */
    public boolean contains(final int id)
    {
        return null != get(id);
    }

    /**
     * The entry registered {@code index}-th.
     *
     * @param index registration order, from 0.
     * @return the entry.
     */
    public T atIndex(final int index)
    {
        return inOrder.get(index);
    }

    public int size()
    {
        return inOrder.size();
    }

    /**
     * Registers an entry under a free id.
     *
     * @param id    not yet taken.
     * @param entry to register.
     */
    public void add(final int id, final T entry)
    {
        if (id >= 0 && id < DIRECT_LIMIT)
        {
            if (id >= direct.length)
            {
                direct = java.util.Arrays.copyOf(direct, Math.min(DIRECT_LIMIT, Math.max(id + 1, direct.length * 2)));
            }
            direct[id] = entry;
        }
        else
        {
            sparse.put(id, entry);
        }
        inOrder.add(entry);
    }

    /** Forgets everything; for restoring a snapshot into a fresh engine. */
    public void clear()
    {
        java.util.Arrays.fill(direct, null);
        sparse.clear();
        inOrder.clear();
    }
}
