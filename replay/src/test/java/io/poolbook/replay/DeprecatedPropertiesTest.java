package io.poolbook.replay;

import io.poolbook.replay.journal.FsyncPolicy;
import io.poolbook.replay.journal.JournalConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

class DeprecatedPropertiesTest
{
    @Test
    void anOldNameSetsItsNewNameAndWarnsNamingBoth()
    {
        final Properties properties = new Properties();
        properties.setProperty("poolbook.node.snapshotIntervalMs", "250");
        final List<String> warnings = new ArrayList<>();

        DeprecatedProperties.apply(properties, warnings::add);

        assertEquals("250", properties.getProperty("poolbook.node.marketDataSnapshotIntervalMs"));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("poolbook.node.snapshotIntervalMs"), warnings.get(0));
        assertTrue(warnings.get(0).contains("poolbook.node.marketDataSnapshotIntervalMs"), warnings.get(0));

        warnings.clear();
        DeprecatedProperties.apply(properties, warnings::add);
        assertEquals(List.of(), warnings, "applied once, it has nothing more to say");
    }

    @Test
    void aNewNameWinsOverItsOldName()
    {
        final Properties properties = new Properties();
        properties.setProperty("poolbook.node.fsync", "none");
        properties.setProperty("poolbook.journal.fsync", "interval_ms");
        final List<String> warnings = new ArrayList<>();

        DeprecatedProperties.apply(properties, warnings::add);

        assertEquals("interval_ms", properties.getProperty("poolbook.journal.fsync"));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("ignored"), warnings.get(0));
        assertTrue(warnings.get(0).contains("poolbook.node.fsync"), warnings.get(0));
    }

    @Test
    void aConfigReadsAnOldNameWhenItsNewNameIsUnset()
    {
        final String[] names = {
            "poolbook.journal.segment.size", JournalConfig.SEGMENT_SIZE_PROP,
            "poolbook.journal.fsync.interval.ms", JournalConfig.FSYNC_INTERVAL_MS_PROP,
            "poolbook.node.fsync", JournalConfig.FSYNC_PROP };
        try
        {
            System.setProperty("poolbook.journal.segment.size", "64m");
            System.setProperty("poolbook.journal.fsync.interval.ms", "25");
            System.setProperty(JournalConfig.FSYNC_INTERVAL_MS_PROP, "30");
            System.setProperty("poolbook.node.fsync", "none");

            final JournalConfig config = new JournalConfig().validate();

            assertEquals(64 * 1024 * 1024, config.segmentSize());
            assertEquals(30, config.fsyncIntervalMs(), "the new name wins");
            assertEquals(FsyncPolicy.NONE, config.fsyncPolicy());
        }
        finally
        {
            for (final String name : names)
            {
                System.clearProperty(name);
            }
        }
    }

    @Test
    void renamedNamesFollowTheScheme()
    {
        assertEquals("poolbook.journal.chainInterval",
            DeprecatedProperties.renamedTo("poolbook.journal.chain.interval"));
        assertEquals("poolbook.cluster.engineSnapshotIntervalS",
            DeprecatedProperties.renamedTo("poolbook.cluster.snapshotIntervalS"));
        assertNull(DeprecatedProperties.renamedTo(JournalConfig.FSYNC_PROP));
    }
}
