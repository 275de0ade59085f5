package io.poolbook.replay.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.poolbook.replay.journal.JournalFixture.*;
import static io.poolbook.replay.journal.JournalFormat.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A crash can leave the last record of the last segment cut anywhere: recovery must find the last good record, cut
 * the rest, say so, and carry on so that the rewritten journal is the one that would have been written.
 */
class JournalRecoveryTest
{
    private static final int CHAIN_INTERVAL = 16;
    private static final int COMMAND_LENGTH = 61;

    @TempDir
    Path tempDir;

    @Test
    void tornLastRecordIsCutAtEveryCutPoint()
    {
        final long records = 37;
        final Path pristine = tempDir.resolve("pristine");
        final JournalConfig pristineConfig = config(pristine, 1 << 20, CHAIN_INTERVAL);
        write(pristineConfig, 1, records, COMMAND_LENGTH);
        final Path segment = lastSegment(pristine);
        final byte[] pristineBytes = readAll(segment);
        final StoredRecord last = commandRecord(segment, records);
        assertEquals(pristineBytes.length, last.end(), "the last record ends the file");
        assertEquals(96, last.length, "61-byte command: 32 header + 61 + 3 padding");

        for (int cut = last.offset; cut < last.end(); cut++)
        {
            final Path directory = tempDir.resolve("cut-" + cut);
            copyJournal(pristine, directory);
            final Path copy = lastSegment(directory);
            truncate(copy, cut);

            final JournalReader reader = new JournalReader(directory);
            assertEquals(records - 1, reader.read(new Checker(1, COMMAND_LENGTH)), "cut at " + cut);
            assertEquals(cut, copy.toFile().length(), "a reader leaves the file alone");

            try (JournalWriter writer = new JournalWriter(config(directory, 1 << 20, CHAIN_INTERVAL)))
            {
                final TailReport report = writer.recovery();
                if (cut == last.offset)
                {
                    // Cut on a record boundary: a clean, shorter journal with nothing to cut or report.
                    assertNull(reader.tail());
                    assertNull(report);
                }
                else
                {
                    assertNotNull(reader.tail());
                    assertFalse(reader.tail().truncated());
                    assertNotNull(report, "cut at " + cut);
                    assertTrue(report.truncated());
                    assertEquals(copy, report.segment());
                    assertEquals(last.offset, report.offset());
                    assertEquals(cut - last.offset, report.bytesAfter());
                    assertEquals(records - 1, report.lastGoodSequence());
                    assertEquals(records, report.firstCutSequence());
                    assertEquals(cut - last.offset < RECORD_HEADER_LENGTH ?
                        TailDamage.PARTIAL_HEADER : TailDamage.LENGTH_PAST_END, report.damage());
                }
                assertEquals(last.offset, copy.toFile().length());
                assertEquals(records - 1, writer.lastSequence());

                append(writer, records, records + 20, COMMAND_LENGTH, 11);
            }
            assertEquals(records + 20, new JournalReader(directory).read(new Checker(1, COMMAND_LENGTH)));
            assertArrayEquals(new JournalReader(pristine).hashAt(records), new JournalReader(directory).hashAt(records));
            deleteJournal(directory);
        }
    }

    @Test
    void tornChainRecordIsCutAndWrittenAgain()
    {
        final long records = 48;
        final Path pristine = tempDir.resolve("pristine");
        write(config(pristine, 1 << 20, CHAIN_INTERVAL), 1, records, COMMAND_LENGTH);
        final Path segment = lastSegment(pristine);
        final byte[] pristineBytes = readAll(segment);
        final List<StoredRecord> all = records(segment);
        final StoredRecord chain = all.get(all.size() - 1);
        assertTrue(chain.chain);
        assertEquals(records, chain.sequence);

        for (int cut = chain.offset; cut < chain.end(); cut++)
        {
            final Path directory = tempDir.resolve("cut-" + cut);
            copyJournal(pristine, directory);
            truncate(lastSegment(directory), cut);
            try (JournalWriter writer = new JournalWriter(config(directory, 1 << 20, CHAIN_INTERVAL)))
            {
                final TailReport report = writer.recovery();
                if (cut == chain.offset)
                {
                    assertNull(report, "a missing chain record is not damage");
                }
                else
                {
                    assertEquals(records, report.lastGoodSequence());
                    assertEquals(chain.offset, report.offset());
                }
                assertEquals(records, writer.lastSequence());
            }
            assertArrayEquals(pristineBytes, readAll(lastSegment(directory)), "chain record written again, cut " + cut);
            deleteJournal(directory);
        }
    }

    @Test
    void tornTailOfTheLastOfManySegmentsIsCut()
    {
        final Path directory = tempDir.resolve("journal");
        final JournalConfig config = config(directory, 4096, CHAIN_INTERVAL);
        write(config, 1, 500, COMMAND_LENGTH);
        final int segmentCount = segments(directory).length;
        assertTrue(segmentCount > 5);
        final Path last = lastSegment(directory);
        final StoredRecord record = commandRecord(last, 500);
        truncate(last, record.offset + 40);
        try (JournalWriter writer = new JournalWriter(config))
        {
            assertEquals(499, writer.recovery().lastGoodSequence());
            assertEquals(499, writer.lastSequence());
            append(writer, 500, 1_000, COMMAND_LENGTH, 2);
        }
        assertEquals(1_000, new JournalReader(directory).read(new Checker(1, COMMAND_LENGTH)));
    }

    @Test
    void tornSegmentHeaderIsRemovedAndTheSegmentWrittenAgain()
    {
        final Path pristine = tempDir.resolve("pristine");
        final JournalConfig pristineConfig = config(pristine, 4096, CHAIN_INTERVAL);
        write(pristineConfig, 1, 200, COMMAND_LENGTH);
        final Path[] pristineSegments = segments(pristine);
        final Path lastPristine = pristineSegments[pristineSegments.length - 1];
        final long firstOfLast = listSegments(pristine)[pristineSegments.length - 1];
        final byte[] lastBytes = readAll(lastPristine);

        for (int cut = 0; cut < SEGMENT_HEADER_LENGTH + 20; cut += 3)
        {
            final Path directory = tempDir.resolve("cut-" + cut);
            copyJournal(pristine, directory);
            truncate(lastSegment(directory), cut);
            try (JournalWriter writer = new JournalWriter(config(directory, 4096, CHAIN_INTERVAL)))
            {
                final TailReport report = writer.recovery();
                assertNotNull(report, "cut " + cut);
                assertEquals(firstOfLast - 1, report.lastGoodSequence());
                assertEquals(firstOfLast - 1, writer.lastSequence());
                assertEquals(cut < SEGMENT_HEADER_LENGTH ? TailDamage.SEGMENT_HEADER : TailDamage.PARTIAL_HEADER,
                    report.damage());
                append(writer, firstOfLast, 200, COMMAND_LENGTH, 1);
            }
            assertArrayEquals(lastBytes, readAll(segmentPath(directory, firstOfLast)), "cut " + cut);
            assertEquals(200, new JournalReader(directory).read(new Checker(1, COMMAND_LENGTH)));
            deleteJournal(directory);
        }
    }

    @Test
    void aTornLastSegmentHeaderAfterMissingRecordsIsCorruptionAndNothingIsChanged()
    {
        final Path directory = tempDir.resolve("journal");
        final JournalConfig config = config(directory, 4096, CHAIN_INTERVAL);
        write(config, 1, 200, COMMAND_LENGTH);
        final Path[] segments = segments(directory);
        final long firstOfLast = listSegments(directory)[segments.length - 1];
        final Path previous = segments[segments.length - 2];
        // The segment before the last loses its last record cleanly; the last one's header is torn: the records
        // between cannot be a crash's tail, since a segment is created only after its predecessor is complete.
        truncate(previous, commandRecord(previous, firstOfLast - 1).offset);
        truncate(segments[segments.length - 1], 10);
        final byte[] previousBytes = readAll(previous);
        final byte[] lastBytes = readAll(segments[segments.length - 1]);

        final JournalCorruptionException ex =
            assertThrows(JournalCorruptionException.class, () -> new JournalWriter(config).close());
        assertTrue(ex.getMessage().contains("records are missing"), ex.getMessage());
        assertArrayEquals(previousBytes, readAll(previous), "nothing changed");
        assertArrayEquals(lastBytes, readAll(segments[segments.length - 1]), "nothing changed");
        assertThrows(JournalCorruptionException.class, () -> new JournalReader(directory).read(new Checker(1,
            COMMAND_LENGTH)));
    }

    @Test
    void flippedByteInTheLastRecordIsCut()
    {
        final long records = 37;
        final Path pristine = tempDir.resolve("pristine");
        write(config(pristine, 1 << 20, CHAIN_INTERVAL), 1, records, COMMAND_LENGTH);
        final StoredRecord last = commandRecord(lastSegment(pristine), records);

        for (int offset = last.offset; offset < last.end(); offset++)
        {
            for (final int mask : new int[]{ 0x01, 0xFF })
            {
                final Path directory = tempDir.resolve("flip-" + offset + "-" + mask);
                copyJournal(pristine, directory);
                flip(lastSegment(directory), offset, mask);
                final JournalReader reader = new JournalReader(directory);
                assertEquals(records - 1, reader.read(new Checker(1, COMMAND_LENGTH)), "flip at " + offset);
                try (JournalWriter writer = new JournalWriter(config(directory, 1 << 20, CHAIN_INTERVAL)))
                {
                    final TailReport report = writer.recovery();
                    assertNotNull(report, "flip at " + offset);
                    assertEquals(records - 1, report.lastGoodSequence());
                    assertEquals(last.offset, report.offset());
                }
                deleteJournal(directory);
            }
        }
    }

    @Test
    void flippedByteInTheLastChainRecordIsCutAndWrittenAgain()
    {
        final long records = 48;
        final Path pristine = tempDir.resolve("pristine");
        write(config(pristine, 1 << 20, CHAIN_INTERVAL), 1, records, COMMAND_LENGTH);
        final byte[] pristineBytes = readAll(lastSegment(pristine));
        final List<StoredRecord> all = records(lastSegment(pristine));
        final StoredRecord chain = all.get(all.size() - 1);

        for (int offset = chain.offset; offset < chain.end(); offset++)
        {
            final Path directory = tempDir.resolve("flip-" + offset);
            copyJournal(pristine, directory);
            flip(lastSegment(directory), offset, 0x10);
            try (JournalWriter writer = new JournalWriter(config(directory, 1 << 20, CHAIN_INTERVAL)))
            {
                final TailReport report = writer.recovery();
                assertNotNull(report, "flip at " + offset);
                assertEquals(records, report.lastGoodSequence());
                assertEquals(chain.offset, report.offset());
            }
            assertArrayEquals(pristineBytes, readAll(lastSegment(directory)));
            deleteJournal(directory);
        }
    }

    private static void deleteJournal(final Path directory)
    {
        try (var files = Files.list(directory))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.delete(file);
            }
            Files.delete(directory);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
