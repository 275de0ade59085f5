package io.poolbook.replay.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.poolbook.replay.journal.JournalFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Every fsync policy journals the same bytes; they differ only in when records are forced.
 */
class JournalFsyncTest
{
    private static final int COMMAND_LENGTH = 64;

    @TempDir
    Path tempDir;

    @Test
    void alwaysForcesEveryCommitThatWrote()
    {
        final Path directory = tempDir.resolve("always");
        try (JournalWriter writer = new JournalWriter(
            config(directory, 4096, 16).fsyncPolicy(FsyncPolicy.ALWAYS)))
        {
            long forcesBefore = 0;
            for (long sequence = 1; sequence <= 200; sequence += 10)
            {
                append(writer, sequence, sequence + 9, COMMAND_LENGTH, (int)sequence);
                assertEquals(sequence + 9, writer.writtenSequence());
                assertEquals(sequence + 9, writer.durableSequence());
                assertTrue(writer.syncCount() > forcesBefore);
                forcesBefore = writer.syncCount();
            }
            writer.commit();
            assertEquals(forcesBefore, writer.syncCount(), "a commit with nothing new forces nothing");
        }
        assertEquals(200, new JournalReader(directory).read(new Checker(1, COMMAND_LENGTH)));
    }

    @Test
    void intervalForcesAtMostOncePerInterval()
    {
        final Path directory = tempDir.resolve("interval");
        try (JournalWriter writer = new JournalWriter(config(directory, 1 << 20, 16).fsyncEvery(3_600_000)))
        {
            append(writer, 1, 10, COMMAND_LENGTH, 1);
            assertEquals(1, writer.syncCount(), "the first commit finds no earlier force");
            append(writer, 11, 500, COMMAND_LENGTH, 2);
            assertEquals(1, writer.syncCount(), "no second force within the hour");
            assertEquals(500, writer.writtenSequence());
            assertTrue(writer.durableSequence() < 500);
            writer.sync();
            assertEquals(2, writer.syncCount());
            assertEquals(500, writer.durableSequence());
        }

        final Path everyCommit = tempDir.resolve("interval-0");
        try (JournalWriter writer = new JournalWriter(config(everyCommit, 1 << 20, 16).fsyncEvery(0)))
        {
            append(writer, 1, 100, COMMAND_LENGTH, 3);
            final long forces = writer.syncCount();
            assertTrue(forces > 1);
            append(writer, 101, 101, COMMAND_LENGTH, 3);
            assertEquals(forces + 1, writer.syncCount());
            assertEquals(101, writer.durableSequence());
        }
        assertEquals(500, new JournalReader(directory).read(new Checker(1, COMMAND_LENGTH)));
        assertEquals(101, new JournalReader(everyCommit).read(new Checker(1, COMMAND_LENGTH)));
    }

    @Test
    void noneNeverForces()
    {
        final Path directory = tempDir.resolve("none");
        final JournalWriter writer = new JournalWriter(config(directory, 4096, 16).fsyncPolicy(FsyncPolicy.NONE));
        append(writer, 1, 300, COMMAND_LENGTH, 4);
        assertEquals(300, writer.writtenSequence());
        assertEquals(0, writer.durableSequence());
        writer.close();
        assertEquals(0, writer.syncCount());
        assertThrows(IllegalStateException.class, writer::commit);
        assertEquals(300, new JournalReader(directory).read(new Checker(1, COMMAND_LENGTH)));
    }

    @Test
    void everyPolicyWritesTheSameJournal()
    {
        byte[] expected = null;
        for (final FsyncPolicy policy : FsyncPolicy.values())
        {
            final Path directory = tempDir.resolve("same-" + policy);
            try (JournalWriter writer = new JournalWriter(config(directory, 4096, 16).fsyncPolicy(policy)))
            {
                append(writer, 1, 150, COMMAND_LENGTH, 5);
            }
            final byte[] hash = new JournalReader(directory).hashAt(150);
            if (null == expected)
            {
                expected = hash;
            }
            assertArrayEquals(expected, hash, policy.name());
        }
    }
}
