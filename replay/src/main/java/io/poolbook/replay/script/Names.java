package io.poolbook.replay.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Name matching for the scenario language: schema names match exactly, or ignoring case, hyphens and
 * underscores, so that {@code NewOrder}, {@code new-order} and {@code new_order} name the same message. Also
 * suggests the nearest names when nothing matches.
 */
final class Names
{
    private static final int MAX_SUGGESTION_DISTANCE = 3;

    private Names()
    {
    }

    /**
     * The form two names are compared in: lower case, without hyphens or underscores.
     *
     * @param name as written.
     * @return normalised name.
     */
    static String normalise(final String name)
    {
        final StringBuilder builder = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (c != '-' && c != '_')
            {
                builder.append(c);
            }
        }
        return builder.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * The candidates closest to a name that matched none of them, for a "did you mean" hint.
     *
     * @param wanted     the name as written.
     * @param candidates the names it could have been.
     * @return the nearest candidates by edit distance on normalised names, empty when none is close.
     */
    static List<String> nearest(final String wanted, final List<String> candidates)
    {
        final String normalisedWanted = normalise(wanted);
        int best = Integer.MAX_VALUE;
        final List<String> nearest = new ArrayList<>();
        for (final String candidate : candidates)
        {
            final int distance = editDistance(normalisedWanted, normalise(candidate));
            if (distance < best)
            {
                best = distance;
                nearest.clear();
            }
            if (distance == best)
            {
                nearest.add(candidate);
            }
        }
        return best <= Math.min(MAX_SUGGESTION_DISTANCE, Math.max(1, normalisedWanted.length() / 2)) ?
            nearest : List.of();
    }

    private static int editDistance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
