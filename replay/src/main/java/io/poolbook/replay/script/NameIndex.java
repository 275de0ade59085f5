package io.poolbook.replay.script;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds schema items (messages, fields, groups) by name as the scenario language matches names: exactly, or
 * else ignoring case, hyphens and underscores (see {@link Names#normalise(String)}); when two items normalise
 * alike, the first in schema order wins and the other stays reachable by its exact name.
 *
 * @param <T> type of item.
 */
final class NameIndex<T>
{
    private final Map<String, T> byExactName = new HashMap<>();
    private final Map<String, T> byNormalisedName = new HashMap<>();

    NameIndex(final List<T> items, final Function<T, String> nameOf)
    {
        for (final T item : items)
        {
            final String name = nameOf.apply(item);
            byExactName.putIfAbsent(name, item);
            byNormalisedName.putIfAbsent(Names.normalise(name), item);
        }
    }

    /**
     * @param name as written.
     * @return the item of that name, or null.
     */
    T find(final String name)
    {
        final T item = byExactName.get(name);
        return null != item ? item : byNormalisedName.get(Names.normalise(name));
    }
}
