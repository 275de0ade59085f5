package io.poolbook.replay;

import java.util.Properties;
import java.util.function.Consumer;

/**
 * The one table of renamed {@code poolbook.*} settings: each old name keeps working for one release. When an old
 * name is set and its new name is not, the value is copied to the new name and a warning names both; when both are
 * set, the new name wins and the old one is reported as ignored. Configs apply it before they read their properties
 * ({@code JournalConfig}, the node's and the cluster member's), and the launcher before picocli reads its defaults,
 * so that every reader sees only the new names.
 * <p>
 * It lives in the lowest module with settings that were renamed (the journal's), so that every config can use it.
 */
public final class DeprecatedProperties
{
    /** Pairs of old name, new name. */
    private static final String[][] RENAMED = {
        { "poolbook.journal.segment.size", "poolbook.journal.segmentSize" },
        { "poolbook.journal.fsync.interval.ms", "poolbook.journal.fsyncIntervalMs" },
        { "poolbook.journal.chain.interval", "poolbook.journal.chainInterval" },
        { "poolbook.journal.buffer.length", "poolbook.journal.bufferLength" },
        { "poolbook.node.fsync", "poolbook.journal.fsync" },
        { "poolbook.node.fsyncIntervalMs", "poolbook.journal.fsyncIntervalMs" },
        { "poolbook.node.snapshotIntervalMs", "poolbook.node.marketDataSnapshotIntervalMs" },
        { "poolbook.node.snapshotDepth", "poolbook.node.marketDataSnapshotDepth" },
        { "poolbook.cluster.snapshotIntervalS", "poolbook.cluster.engineSnapshotIntervalS" },
        { "poolbook.cluster.fsync", "poolbook.journal.fsync" },
        { "poolbook.cluster.threadingMode", "poolbook.node.threadingMode" },
        { "poolbook.cluster.termLength", "poolbook.node.termLength" },
        { "poolbook.cluster.idle", "poolbook.node.idle" },
        { "poolbook.cluster.operatorKey", "poolbook.node.operatorKey" },
        { "poolbook.cli.ingressStream", "poolbook.cli.ingressStreamId" },
        { "poolbook.cli.marketDataStream", "poolbook.cli.marketDataStreamId" },
    };

    private DeprecatedProperties()
    {
    }

    /**
     * Applies the table to the system properties, warning on standard error.
     */
    public static void apply()
    {
        apply(System.getProperties(), (warning) -> System.err.println("poolbook: warning: " + warning));
    }

    /**
     * Copies each old name that is set to its new name where that is not set.
     *
     * @param properties the properties to read and complete.
     * @param warning    told one line per old name that is set: which new name it became, or that it is ignored.
     */
    public static void apply(final Properties properties, final Consumer<String> warning)
    {
        for (final String[] renamed : RENAMED)
        {
            final String oldName = renamed[0];
            final String newName = renamed[1];
            final String oldValue = properties.getProperty(oldName);
            if (null == oldValue)
            {
                continue;
            }
            final String newValue = properties.getProperty(newName);
            if (null == newValue)
            {
                properties.setProperty(newName, oldValue);
                warning.accept(oldName + " is deprecated, use " + newName + " (" + oldValue + " applied to it)");
            }
            else if (!newValue.equals(oldValue))
            {
                warning.accept(oldName + " is deprecated and ignored: " + newName + " is set (" + newValue + ")");
            }
        }
    }

    /**
     * @param oldName a property name.
     * @return the name it was renamed to, or null if it was not renamed.
     */
    public static String renamedTo(final String oldName)
    {
        for (final String[] renamed : RENAMED)
        {
            if (renamed[0].equals(oldName))
            {
                return renamed[1];
            }
        }
        return null;
    }
}
