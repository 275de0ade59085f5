package io.poolbook.replay.journal;

import io.poolbook.engine.CommandHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static io.poolbook.replay.journal.JournalFormat.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Shared by the journal tests: deterministic commands, a recording handler, and byte surgery on segment files
 * (independent of the production scanner, so the tests do not trust the code they test to find records).
 */
final class JournalFixture
{
    private JournalFixture()
    {
    }

    static JournalConfig config(final Path directory, final int segmentSize, final int chainInterval)
    {
        return new JournalConfig()
            .directory(directory)
            .segmentSize(segmentSize)
            .chainInterval(chainInterval)
            .fsyncPolicy(FsyncPolicy.NONE)
            .bufferLength(JournalConfig.BUFFER_LENGTH_MIN);
    }

    /** The command journaled at a sequence: its length and bytes depend only on the sequence and the seed. */
    static byte[] command(final long sequence, final int fixedLength)
    {
        final SplittableRandom random = new SplittableRandom(sequence * 0x9E3779B97F4A7C15L);
        final int length = fixedLength > 0 ? fixedLength : 1 + random.nextInt(300);
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)random.nextInt(256);
        }
        return bytes;
    }

    static long timestamp(final long sequence)
    {
        return 1_700_000_000_000_000_000L + sequence * 1_000L;
    }

    static long session(final long sequence)
    {
        return sequence % 7;
    }

    /**
     * Appends a run of commands, committing after a varying number of them.
     */
    static void append(final JournalWriter writer, final long from, final long to, final int fixedLength, final int seed)
    {
        final SplittableRandom batches = new SplittableRandom(seed);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        int untilCommit = 1 + batches.nextInt(50);
        for (long sequence = from; sequence <= to; sequence++)
        {
            final byte[] command = command(sequence, fixedLength);
            buffer.putBytes(100, command);
            writer.append(sequence, timestamp(sequence), session(sequence), buffer, 100, command.length);
            if (--untilCommit == 0)
            {
                writer.commit();
                untilCommit = 1 + batches.nextInt(50);
            }
        }
        writer.commit();
    }

    static void write(final JournalConfig config, final long from, final long to, final int fixedLength)
    {
        try (JournalWriter writer = new JournalWriter(config))
        {
            append(writer, from, to, fixedLength, 7);
        }
    }

    /** Checks that a reader hands over exactly the commands {@link #command} made, in order. */
    static final class Checker implements CommandHandler
    {
        final int fixedLength;
        long next;
        long count;

        Checker(final long first, final int fixedLength)
        {
            this.next = first;
            this.fixedLength = fixedLength;
        }

        public void onCommand(
            final long sequence,
            final long timestamp,
            final long sessionId,
            final DirectBuffer buffer,
            final int offset,
            final int length)
        {
            assertEquals(next, sequence);
            assertEquals(timestamp(sequence), timestamp);
            assertEquals(session(sequence), sessionId);
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            assertArrayEquals(command(sequence, fixedLength), bytes, "command at " + sequence);
            next++;
            count++;
        }
    }

    /** A record found by walking a segment file. */
    static final class StoredRecord
    {
        final int offset;
        final int length;
        final long sequence;
        final boolean chain;

        StoredRecord(final int offset, final int length, final long sequence, final boolean chain)
        {
            this.offset = offset;
            this.length = length;
            this.sequence = sequence;
            this.chain = chain;
        }

        int end()
        {
            return offset + length;
        }
    }

    static List<StoredRecord> records(final Path segment)
    {
        final ByteBuffer bytes = ByteBuffer.wrap(readAll(segment)).order(ByteOrder.LITTLE_ENDIAN);
        final List<StoredRecord> records = new ArrayList<>();
        int position = SEGMENT_HEADER_LENGTH;
        while (position + RECORD_HEADER_LENGTH <= bytes.capacity())
        {
            final int commandLength = bytes.getInt(position + RECORD_LENGTH_OFFSET);
            final boolean chain = commandLength == CHAIN_LENGTH_MARKER;
            final int length = chain ? CHAIN_RECORD_LENGTH : recordLength(commandLength);
            records.add(new StoredRecord(position, length, bytes.getLong(position), chain));
            position += length;
        }
        assertEquals(bytes.capacity(), position, "segment " + segment + " ends on a record boundary");
        return records;
    }

    static StoredRecord commandRecord(final Path segment, final long sequence)
    {
        for (final StoredRecord record : records(segment))
        {
            if (!record.chain && record.sequence == sequence)
            {
                return record;
            }
        }
        throw new AssertionError("no record " + sequence + " in " + segment);
    }

    static Path[] segments(final Path directory)
    {
        final long[] firsts = listSegments(directory);
        final Path[] paths = new Path[firsts.length];
        for (int i = 0; i < firsts.length; i++)
        {
            paths[i] = segmentPath(directory, firsts[i]);
        }
        return paths;
    }

    static Path lastSegment(final Path directory)
    {
        final Path[] segments = segments(directory);
        return segments[segments.length - 1];
    }

    static byte[] readAll(final Path file)
    {
        try
        {
            return Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static void writeAll(final Path file, final byte[] bytes)
    {
        try
        {
            Files.write(file, bytes);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static void copyJournal(final Path from, final Path to)
    {
        try (Stream<Path> files = Files.list(from))
        {
            Files.createDirectories(to);
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (file.getFileName().toString().endsWith(SEGMENT_SUFFIX))
                {
                    Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static void truncate(final Path file, final long length)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(length);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static void flip(final Path file, final int offset, final int mask)
    {
        final byte[] bytes = readAll(file);
        bytes[offset] ^= (byte)mask;
        writeAll(file, bytes);
    }

    /** What an adversary does after editing a record: makes its CRC32C right again. */
    static void fixChecksum(final Path file, final StoredRecord record)
    {
        final byte[] bytes = readAll(file);
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final int commandLength = buffer.getInt(record.offset + RECORD_LENGTH_OFFSET);
        final int bodyLength = commandLength == CHAIN_LENGTH_MARKER ? HASH_LENGTH : commandLength;
        final CRC32C crc = new CRC32C();
        crc.update(bytes, record.offset, RECORD_CHECKED_HEADER_LENGTH);
        crc.update(bytes, record.offset + RECORD_HEADER_LENGTH, bodyLength);
        buffer.putInt(record.offset + RECORD_CHECKSUM_OFFSET, (int)crc.getValue());
        writeAll(file, bytes);
    }

    static byte[] hashAt(final JournalReader reader, final long sequence)
    {
        return reader.hashAt(sequence);
    }
}
