package io.poolbook.replay.journal;

import org.junit.jupiter.api.Test;

import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.*;

class JournalConfigTest
{
    @Test
    void defaultsComeFromSystemProperties()
    {
        final String[] names = {
            JournalConfig.DIRECTORY_PROP, JournalConfig.SEGMENT_SIZE_PROP, JournalConfig.FSYNC_PROP,
            JournalConfig.FSYNC_INTERVAL_MS_PROP, JournalConfig.CHAIN_INTERVAL_PROP, JournalConfig.BUFFER_LENGTH_PROP };
        final String[] values = { "/tmp/somewhere", "64m", "INTERVAL_MS", "25", "256", "2m" };
        try
        {
            for (int i = 0; i < names.length; i++)
            {
                System.setProperty(names[i], values[i]);
            }
            final JournalConfig config = new JournalConfig().validate();
            assertEquals(Paths.get("/tmp/somewhere"), config.directory());
            assertEquals(64 * 1024 * 1024, config.segmentSize());
            assertEquals(FsyncPolicy.INTERVAL_MS, config.fsyncPolicy());
            assertEquals(25, config.fsyncIntervalMs());
            assertEquals(256, config.chainInterval());
            assertEquals(2 * 1024 * 1024, config.bufferLength());
        }
        finally
        {
            for (final String name : names)
            {
                System.clearProperty(name);
            }
        }

        final JournalConfig defaults = new JournalConfig().validate();
        assertEquals(Paths.get(JournalConfig.DIRECTORY_DEFAULT), defaults.directory());
        assertEquals(JournalConfig.SEGMENT_SIZE_DEFAULT, defaults.segmentSize());
        assertEquals(FsyncPolicy.ALWAYS, defaults.fsyncPolicy());
        assertEquals(JournalConfig.CHAIN_INTERVAL_DEFAULT, defaults.chainInterval());
    }

    @Test
    void badSettingsFailWithTheirName()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new JournalConfig().segmentSize(100).validate())
            .getMessage().contains(JournalConfig.SEGMENT_SIZE_PROP));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new JournalConfig().chainInterval(0).validate())
            .getMessage().contains(JournalConfig.CHAIN_INTERVAL_PROP));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new JournalConfig().bufferLength(10).validate())
            .getMessage().contains(JournalConfig.BUFFER_LENGTH_PROP));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JournalConfig.parseFsyncPolicy("sometimes"))
            .getMessage().contains(JournalConfig.FSYNC_PROP));
        assertEquals(FsyncPolicy.NONE, JournalConfig.parseFsyncPolicy(" none "));
        assertEquals(FsyncPolicy.ALWAYS, JournalConfig.parseFsyncPolicy(null));
    }

    @Test
    void segmentNamesSortAsSequences()
    {
        assertEquals("00000000000000000001.seg", JournalFormat.segmentFileName(1));
        assertEquals(1, JournalFormat.parseSegmentFileName("00000000000000000001.seg"));
        assertEquals(Long.MAX_VALUE, JournalFormat.parseSegmentFileName(JournalFormat.segmentFileName(Long.MAX_VALUE)));
        assertEquals(-1, JournalFormat.parseSegmentFileName("journal.lock"));
        assertEquals(-1, JournalFormat.parseSegmentFileName("0000000000000000000x.seg"));
        assertEquals(96, JournalFormat.recordLength(64));
        assertEquals(96, JournalFormat.recordLength(61));
        assertEquals(40, JournalFormat.recordLength(1));
    }
}
