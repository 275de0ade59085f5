package io.poolbook.replay.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.poolbook.replay.journal.JournalFixture.*;
import static io.poolbook.replay.journal.JournalFormat.*;
import static org.junit.jupiter.api.Assertions.*;

class JournalRoundTripTest
{
    private static final int SEGMENT_SIZE = 16 * 1024;
    private static final int CHAIN_INTERVAL = 64;
    private static final long RECORDS = 20_000;

    @TempDir
    Path tempDir;

    @Test
    void roundTripsManyRecordsAcrossSegments()
    {
        final Path directory = tempDir.resolve("journal");
        write(config(directory, SEGMENT_SIZE, CHAIN_INTERVAL), 1, RECORDS, 0);

        final Path[] segments = segments(directory);
        assertTrue(segments.length > 50, "rolled into " + segments.length + " segments");
        for (int i = 0; i < segments.length - 1; i++)
        {
            final long size = segments[i].toFile().length();
            assertTrue(size >= SEGMENT_SIZE, "segment " + i + " reached its size before rolling: " + size);
            final List<StoredRecord> records = records(segments[i]);
            assertTrue(records.get(records.size() - 1).chain, "a segment rolls right after a chain record");
        }

        final Checker checker = new Checker(1, 0);
        final JournalReader reader = new JournalReader(directory);
        assertEquals(RECORDS, reader.read(checker));
        assertEquals(RECORDS, checker.count);
        assertEquals(RECORDS, reader.lastSequence());
        assertNull(reader.tail());

        final JournalSummary summary = reader.verify();
        assertEquals(segments.length, summary.segments());
        assertEquals(RECORDS, summary.records());
        assertEquals(RECORDS / CHAIN_INTERVAL, summary.chainRecords());
        assertEquals(1, summary.firstSequence());
        assertEquals(RECORDS, summary.lastSequence());
        assertEquals(RECORDS, summary.invalidFrames(), "random bytes are not frames; counted, not refused");
        assertNull(summary.tail());

        final Checker unverified = new Checker(1, 0);
        assertEquals(RECORDS, new JournalReader(directory, false).read(unverified));
    }

    @Test
    void readsFromAnySequenceAndStopsAtAnother()
    {
        final Path directory = tempDir.resolve("journal");
        write(config(directory, SEGMENT_SIZE, CHAIN_INTERVAL), 1, RECORDS, 0);
        final JournalReader reader = new JournalReader(directory);

        for (final long from : new long[]{ 1, 2, 63, 64, 65, 5_000, 12_345, RECORDS })
        {
            final Checker checker = new Checker(from, 0);
            assertEquals(RECORDS - from + 1, reader.read(from, checker), "from " + from);
        }

        final Checker range = new Checker(12_345, 0);
        assertEquals(56, reader.read(12_345, 12_400, range));
        assertEquals(12_400, reader.lastSequence());

        assertEquals(0, reader.read(RECORDS + 1, new Checker(RECORDS + 1, 0)));
        assertEquals(0, new JournalReader(tempDir.resolve("absent")).read(new Checker(1, 0)));
    }

    @Test
    void journalHashAgreesBetweenWriterReaderAndChainRecords() throws Exception
    {
        final Path directory = tempDir.resolve("journal");
        final Map<Long, byte[]> writerHashes = new HashMap<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        try (JournalWriter writer = new JournalWriter(config(directory, SEGMENT_SIZE, CHAIN_INTERVAL)))
        {
            for (long sequence = 1; sequence <= 3_000; sequence++)
            {
                final byte[] command = command(sequence, 0);
                buffer.putBytes(0, command);
                writer.append(sequence, timestamp(sequence), session(sequence), buffer, 0, command.length);
                if (sequence % 97 == 0 || sequence % CHAIN_INTERVAL == 0 || sequence < 3 || sequence == 3_000)
                {
                    final byte[] hash = new byte[HASH_LENGTH];
                    writer.journalHash(hash, 0);
                    writerHashes.put(sequence, hash);
                }
                if (sequence % 10 == 0)
                {
                    writer.commit();
                }
            }
        }

        // Independent model: h(k) = SHA-256(h(k-1) || block bytes), hash at S = SHA-256(h || bytes through S).
        final Map<Long, byte[]> modelHashes = new HashMap<>();
        final MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] chain = new byte[HASH_LENGTH];
        for (final Path segment : segments(directory))
        {
            final byte[] bytes = readAll(segment);
            final byte[] previous = new byte[HASH_LENGTH];
            System.arraycopy(bytes, SEGMENT_PREVIOUS_HASH_OFFSET, previous, 0, HASH_LENGTH);
            assertArrayEquals(chain, previous, "segment continues the chain");
            int blockStart = SEGMENT_HEADER_LENGTH;
            for (final StoredRecord record : records(segment))
            {
                if (record.chain)
                {
                    final byte[] stored = new byte[HASH_LENGTH];
                    System.arraycopy(bytes, record.offset + RECORD_HEADER_LENGTH, stored, 0, HASH_LENGTH);
                    assertArrayEquals(modelHashes.get(record.sequence), stored, "chain record " + record.sequence);
                    chain = stored;
                    blockStart = record.end();
                }
                else
                {
                    sha.update(chain);
                    sha.update(bytes, blockStart, record.end() - blockStart);
                    modelHashes.put(record.sequence, sha.digest());
                }
            }
        }

        final JournalReader reader = new JournalReader(directory);
        for (final Map.Entry<Long, byte[]> entry : writerHashes.entrySet())
        {
            final long sequence = entry.getKey();
            assertArrayEquals(modelHashes.get(sequence), entry.getValue(), "writer hash at " + sequence);
            assertArrayEquals(modelHashes.get(sequence), reader.hashAt(sequence), "reader hashAt " + sequence);
        }

        final byte[] inHandler = new byte[HASH_LENGTH];
        reader.read((sequence, timestamp, sessionId, buf, offset, length) ->
        {
            if (sequence % 41 == 0 || sequence % CHAIN_INTERVAL == 0)
            {
                reader.journalHash(inHandler, 0);
                assertArrayEquals(modelHashes.get(sequence), inHandler, "hash inside handler at " + sequence);
            }
        });
        final byte[] atEnd = new byte[HASH_LENGTH];
        reader.journalHash(atEnd, 0);
        assertArrayEquals(modelHashes.get(3_000L), atEnd);
        reader.read(1_000, 1_000, (sequence, timestamp, sessionId, buf, offset, length) -> {});
        reader.journalHash(atEnd, 0);
        assertArrayEquals(modelHashes.get(1_000L), atEnd);
        assertArrayEquals(modelHashes.get(3_000L), reader.verify().journalHash());

        assertThrows(IllegalArgumentException.class, () -> reader.hashAt(3_001));
    }

    @Test
    void hashesDependOnTheRecordsOnlyNotOnBatchingOrSegmentSize()
    {
        final Path small = tempDir.resolve("small");
        final Path large = tempDir.resolve("large");
        try (JournalWriter writer = new JournalWriter(config(small, 4096, 32)))
        {
            append(writer, 1, 2_000, 0, 1);
        }
        try (JournalWriter writer = new JournalWriter(config(large, 1 << 20, 32).bufferLength(1 << 20)))
        {
            append(writer, 1, 2_000, 0, 99);
        }
        assertTrue(segments(small).length > segments(large).length);
        final JournalReader smallReader = new JournalReader(small);
        final JournalReader largeReader = new JournalReader(large);
        for (final long sequence : new long[]{ 1, 31, 32, 33, 1_234, 2_000 })
        {
            assertArrayEquals(largeReader.hashAt(sequence), smallReader.hashAt(sequence), "hash at " + sequence);
        }
    }

    @Test
    void reopeningContinuesTheSequenceAndTheChain()
    {
        final Path directory = tempDir.resolve("journal");
        final JournalConfig config = config(directory, SEGMENT_SIZE, CHAIN_INTERVAL);
        write(config, 1, 1_000, 0);
        try (JournalWriter writer = new JournalWriter(config))
        {
            assertNull(writer.recovery());
            assertEquals(1_000, writer.lastSequence());
            assertThrows(IllegalArgumentException.class, () -> writer.append(
                1_002, 0, 0, new UnsafeBuffer(new byte[8]), 0, 8));
            append(writer, 1_001, 2_500, 0, 3);
        }
        try (JournalWriter writer = new JournalWriter(config))
        {
            append(writer, 2_501, 2_560, 0, 4);
        }
        final Checker checker = new Checker(1, 0);
        assertEquals(2_560, new JournalReader(directory).read(checker));

        final Path straight = tempDir.resolve("straight");
        write(config(straight, SEGMENT_SIZE, CHAIN_INTERVAL), 1, 2_560, 0);
        assertArrayEquals(new JournalReader(straight).hashAt(2_560), new JournalReader(directory).hashAt(2_560));
    }

    @Test
    void startsAtAnySequenceAndKeepsItsChainInterval()
    {
        final Path directory = tempDir.resolve("journal");
        write(config(directory, SEGMENT_SIZE, 10), 1_000_005, 1_000_100, 40);
        try (JournalWriter writer = new JournalWriter(config(directory, SEGMENT_SIZE, 999)))
        {
            assertEquals(10, writer.chainInterval(), "an existing journal keeps its interval");
            append(writer, 1_000_101, 1_000_200, 40, 5);
        }
        final JournalSummary summary = new JournalReader(directory).verify();
        assertEquals(1_000_005, summary.firstSequence());
        assertEquals(1_000_200, summary.lastSequence());
        assertEquals(20, summary.chainRecords());
        assertEquals(196, new JournalReader(directory).read(new Checker(1_000_005, 40)));
    }

    @Test
    void writerIsACommandHandlerAndRefusesBadInput()
    {
        final Path directory = tempDir.resolve("journal");
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN));
        try (JournalWriter writer = new JournalWriter(config(directory, SEGMENT_SIZE, CHAIN_INTERVAL)))
        {
            assertThrows(IllegalArgumentException.class, () -> writer.append(0, 0, 0, buffer, 0, 8));
            assertThrows(IllegalArgumentException.class, () -> writer.append(1, 0, 0, buffer, 0, 0));
            assertThrows(IllegalArgumentException.class,
                () -> writer.append(1, 0, 0, buffer, 0, writer.maxCommandLength() + 1));
            assertThrows(IllegalStateException.class,
                () -> new JournalWriter(config(directory, SEGMENT_SIZE, CHAIN_INTERVAL)), "one writer per journal");
            writer.onCommand(1, 5, 6, buffer, 0, 64);
            assertEquals(1, writer.commit());
        }
        assertEquals(1, new JournalReader(directory).read(
            (sequence, timestamp, sessionId, buf, offset, length) ->
            {
                assertEquals(5, timestamp);
                assertEquals(6, sessionId);
                assertEquals(64, length);
            }));
    }

    @Test
    void anEmptyJournalStaysEmpty() throws Exception
    {
        final Path directory = tempDir.resolve("journal");
        try (JournalWriter writer = new JournalWriter(config(directory, SEGMENT_SIZE, CHAIN_INTERVAL)))
        {
            assertEquals(JournalWriter.NO_SEQUENCE, writer.commit());
            final byte[] hash = new byte[HASH_LENGTH];
            writer.journalHash(hash, 0);
            assertArrayEquals(new byte[HASH_LENGTH], hash);
        }
        assertEquals(0, segments(directory).length);
        assertTrue(Files.exists(directory.resolve(LOCK_FILE_NAME)));
        final JournalSummary summary = new JournalReader(directory).verify();
        assertEquals(0, summary.records());
        assertEquals(0, summary.lastSequence());
    }
}
