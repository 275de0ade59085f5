package io.poolbook.replay.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.poolbook.replay.journal.JournalFixture.*;
import static io.poolbook.replay.journal.JournalFormat.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Damage a crash cannot cause (a bad record with good ones after it, a gap, a reordering, a broken chain) is a hard
 * error naming the sequence, for readers and for a writer opening the journal; nothing is cut.
 */
class JournalCorruptionTest
{
    private static final int CHAIN_INTERVAL = 16;
    private static final int COMMAND_LENGTH = 61;
    private static final long RECORDS = 200;

    @TempDir
    Path tempDir;

    private Path pristine()
    {
        final Path pristine = tempDir.resolve("pristine");
        if (!Files.exists(pristine))
        {
            write(config(pristine, 4096, CHAIN_INTERVAL), 1, RECORDS, COMMAND_LENGTH);
        }
        return pristine;
    }

    private Path copy(final String name)
    {
        final Path directory = tempDir.resolve(name);
        copyJournal(pristine(), directory);
        return directory;
    }

    private static JournalCorruptionException assertCorrupt(final Path directory, final long sequence)
    {
        final JournalCorruptionException fromReader = assertThrows(JournalCorruptionException.class,
            () -> new JournalReader(directory).read(new Checker(1, COMMAND_LENGTH)));
        assertEquals(sequence, fromReader.sequence(), fromReader.getMessage());
        assertThrows(JournalCorruptionException.class,
            () -> new JournalReader(directory, false).read(new Checker(1, COMMAND_LENGTH)));
        return fromReader;
    }

    @Test
    void flippedByteAnywhereInAMiddleRecordNamesItsSequence()
    {
        final Path[] segments = segments(pristine());
        final int segmentIndex = 1;
        final List<StoredRecord> records = records(segments[segmentIndex]);
        final StoredRecord middle = records.get(5);
        assertFalse(middle.chain);

        for (int offset = middle.offset; offset < middle.end(); offset++)
        {
            for (final int mask : new int[]{ 0x01, 0xFF })
            {
                final Path directory = copy("flip-" + offset + "-" + mask);
                flip(segments(directory)[segmentIndex], offset, mask);
                assertCorrupt(directory, middle.sequence);
                delete(directory);
            }
        }
    }

    @Test
    void flippedByteInTheLastSegmentButNotItsTailStopsTheWriter()
    {
        final Path directory = copy("journal");
        final Path last = lastSegment(directory);
        final StoredRecord record = records(last).get(2);
        final long size = last.toFile().length();
        flip(last, record.offset + RECORD_HEADER_LENGTH + 7, 0x20);
        final JournalCorruptionException ex = assertThrows(JournalCorruptionException.class,
            () -> new JournalWriter(config(directory, 4096, CHAIN_INTERVAL)));
        assertEquals(record.sequence, ex.sequence());
        assertEquals(last, ex.segment());
        assertEquals(record.offset, ex.offset());
        assertEquals(size, last.toFile().length(), "nothing cut");
        // The lock was released: a fixed journal opens.
        flip(last, record.offset + RECORD_HEADER_LENGTH + 7, 0x20);
        new JournalWriter(config(directory, 4096, CHAIN_INTERVAL)).close();
    }

    @Test
    void flippedByteInAMiddleChainRecordIsCaught()
    {
        final Path[] segments = segments(pristine());
        final List<StoredRecord> records = records(segments[0]);
        final StoredRecord chain = records.get(CHAIN_INTERVAL);
        assertTrue(chain.chain);
        for (int offset = chain.offset; offset < chain.end(); offset += 3)
        {
            final Path directory = copy("flip-" + offset);
            flip(segments(directory)[0], offset, 0x04);
            final JournalCorruptionException ex = assertThrows(JournalCorruptionException.class,
                () -> new JournalReader(directory).read(new Checker(1, COMMAND_LENGTH)));
            assertTrue(ex.sequence() == CHAIN_INTERVAL || ex.sequence() == CHAIN_INTERVAL + 1, ex.getMessage());
            delete(directory);
        }
    }

    @Test
    void editedRecordWithAFixedChecksumBreaksTheChain()
    {
        final Path directory = copy("journal");
        final Path segment = segments(directory)[1];
        final StoredRecord record = records(segment).get(3);
        flip(segment, record.offset + RECORD_HEADER_LENGTH + 10, 0x01);
        fixChecksum(segment, record);

        final JournalCorruptionException ex = assertThrows(JournalCorruptionException.class,
            () -> new JournalReader(directory).read(new Checker(1, COMMAND_LENGTH)));
        final long blockEnd = (record.sequence / CHAIN_INTERVAL + 1) * CHAIN_INTERVAL;
        assertEquals(blockEnd, ex.sequence(), ex.getMessage());
        assertTrue(ex.getMessage().contains("hash chain broken"), ex.getMessage());

        final long[] delivered = new long[1];
        assertThrows(JournalCorruptionException.class, () -> new JournalReader(directory).read(
            (sequence, timestamp, sessionId, buffer, offset, length) -> delivered[0] = sequence));
        assertEquals(blockEnd - CHAIN_INTERVAL, delivered[0], "nothing of the broken block was handed over");

        // Without chain verification only the chain hash can tell: this is what the option gives up.
        assertEquals(RECORDS, new JournalReader(directory, false).read((s, t, id, b, o, l) -> {}));
    }

    @Test
    void editedChainRecordWithAFixedChecksumIsCaught()
    {
        final Path directory = copy("journal");
        final Path segment = segments(directory)[0];
        final StoredRecord chain = records(segment).get(CHAIN_INTERVAL);
        flip(segment, chain.offset + RECORD_HEADER_LENGTH + 5, 0x01);
        fixChecksum(segment, chain);
        final JournalCorruptionException ex = assertCorruptChain(directory);
        assertEquals(CHAIN_INTERVAL, ex.sequence());
    }

    private static JournalCorruptionException assertCorruptChain(final Path directory)
    {
        return assertThrows(JournalCorruptionException.class,
            () -> new JournalReader(directory).read(new Checker(1, COMMAND_LENGTH)));
    }

    @Test
    void droppedRecordIsAGap()
    {
        final Path directory = copy("journal");
        final Path segment = segments(directory)[1];
        final StoredRecord dropped = records(segment).get(4);
        final byte[] bytes = readAll(segment);
        final byte[] without = new byte[bytes.length - dropped.length];
        System.arraycopy(bytes, 0, without, 0, dropped.offset);
        System.arraycopy(bytes, dropped.end(), without, dropped.offset, bytes.length - dropped.end());
        writeAll(segment, without);

        final JournalCorruptionException ex = assertCorrupt(directory, dropped.sequence);
        assertTrue(ex.getMessage().contains("gap"), ex.getMessage());
    }

    @Test
    void droppedRecordRenumberedBreaksTheChain()
    {
        final Path directory = copy("journal");
        final Path segment = segments(directory)[1];
        final List<StoredRecord> records = records(segment);
        final StoredRecord dropped = records.get(4);
        final byte[] bytes = readAll(segment);
        // Drop the record, shift the following sequences of the block down and append a made-up last one.
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (final StoredRecord record : records.subList(5, records.size()))
        {
            if (record.chain)
            {
                break;
            }
            buffer.putLong(record.offset - dropped.length, record.sequence - 1);
        }
        final byte[] moved = new byte[bytes.length];
        System.arraycopy(bytes, 0, moved, 0, dropped.offset);
        System.arraycopy(bytes, dropped.end(), moved, dropped.offset, bytes.length - dropped.end());
        System.arraycopy(bytes, dropped.offset, moved, bytes.length - dropped.length, dropped.length);
        writeAll(segment, moved);
        // Whatever gets checked first, the edit is caught.
        assertThrows(JournalCorruptionException.class,
            () -> new JournalReader(directory).read(new Checker(1, COMMAND_LENGTH)));
    }

    @Test
    void reorderedRecordsAreCaught()
    {
        final Path directory = copy("journal");
        final Path segment = segments(directory)[1];
        final List<StoredRecord> records = records(segment);
        final StoredRecord first = records.get(6);
        final StoredRecord second = records.get(7);
        assertEquals(first.length, second.length);
        final byte[] bytes = readAll(segment);
        final byte[] swapped = bytes.clone();
        System.arraycopy(bytes, first.offset, swapped, second.offset, second.length);
        System.arraycopy(bytes, second.offset, swapped, first.offset, first.length);
        writeAll(segment, swapped);

        final JournalCorruptionException ex = assertCorrupt(directory, first.sequence);
        assertTrue(ex.getMessage().contains("gap") || ex.getMessage().contains("out of order"), ex.getMessage());
    }

    @Test
    void reorderedRecordsInTheLastSegmentStopTheWriter()
    {
        final Path directory = copy("journal");
        final Path segment = lastSegment(directory);
        final List<StoredRecord> records = records(segment);
        final int last = records.size() - 1;
        final StoredRecord first = records.get(last - 1);
        final StoredRecord second = records.get(last);
        final byte[] bytes = readAll(segment);
        final byte[] swapped = bytes.clone();
        System.arraycopy(bytes, first.offset, swapped, second.offset, second.length);
        System.arraycopy(bytes, second.offset, swapped, first.offset, first.length);
        writeAll(segment, swapped);
        final JournalCorruptionException ex = assertThrows(JournalCorruptionException.class,
            () -> new JournalWriter(config(directory, 4096, CHAIN_INTERVAL)));
        assertEquals(first.sequence, ex.sequence());
    }

    @Test
    void droppedMiddleSegmentIsCaught() throws Exception
    {
        final Path directory = copy("journal");
        final Path[] segments = segments(directory);
        final long firstOfThird = listSegments(directory)[2];
        Files.delete(segments[1]);
        final JournalCorruptionException ex = assertCorrupt(directory, listSegments(pristine())[1]);
        assertTrue(ex.getMessage().contains("previous segment ends"), ex.getMessage());
        assertThrows(JournalCorruptionException.class, () -> new JournalReader(directory).read(
            firstOfThird, new Checker(firstOfThird, COMMAND_LENGTH)), "reading from after the hole checks the link");
    }

    @Test
    void flippedByteInAMiddleSegmentHeaderIsCaught()
    {
        for (int offset = 0; offset < SEGMENT_HEADER_LENGTH; offset += 5)
        {
            final Path directory = copy("flip-" + offset);
            flip(segments(directory)[2], offset, 0x08);
            assertThrows(JournalCorruptionException.class,
                () -> new JournalReader(directory).read(new Checker(1, COMMAND_LENGTH)), "flip at " + offset);
            delete(directory);
        }
    }

    @Test
    void editedPreviousHashWithAFixedHeaderChecksumIsCaught()
    {
        final Path directory = copy("journal");
        final Path segment = segments(directory)[2];
        final byte[] bytes = readAll(segment);
        bytes[SEGMENT_PREVIOUS_HASH_OFFSET] ^= 1;
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, SEGMENT_CHECKSUM_OFFSET);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(SEGMENT_CHECKSUM_OFFSET, (int)crc.getValue());
        writeAll(segment, bytes);
        final JournalCorruptionException ex = assertThrows(JournalCorruptionException.class,
            () -> new JournalReader(directory).read(new Checker(1, COMMAND_LENGTH)));
        assertTrue(ex.getMessage().contains("previous hash"), ex.getMessage());
        assertEquals(listSegments(directory)[2], ex.sequence());
    }

    @Test
    void verifyReportsTheFirstCorruptSequence()
    {
        final Path directory = copy("journal");
        final Path segment = segments(directory)[3];
        final StoredRecord record = records(segment).get(9);
        flip(segment, record.offset + 3, 0x40);
        final JournalCorruptionException ex = assertThrows(JournalCorruptionException.class,
            () -> new JournalReader(directory, false).verify());
        assertEquals(record.sequence, ex.sequence());
    }

    private static void delete(final Path directory)
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
