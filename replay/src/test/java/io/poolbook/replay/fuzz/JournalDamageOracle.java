package io.poolbook.replay.fuzz;

import io.poolbook.codecs.CommandWriter;
import io.poolbook.codecs.Side;
import io.poolbook.replay.journal.FsyncPolicy;
import io.poolbook.replay.journal.JournalConfig;
import io.poolbook.replay.journal.JournalCorruptionException;
import io.poolbook.replay.journal.JournalReader;
import io.poolbook.replay.journal.JournalWriter;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What must hold when the journal reader (and the writer's recovery on open) meets a damaged journal, shared by the
 * mutation fuzzer ({@link JournalReaderFuzzTest}) and the coverage-guided one ({@link JournalReaderJazzerTest}).
 * A pristine journal of real commands in several segments with chain records is written once; each check copies
 * it, applies {@link Damage}s to its segment files and reads it, with and without chain verification. Every read
 * ends in one of: the whole journal, exactly as written; a prefix, exactly as written, and only when every changed
 * segment is the last one (a torn or cut tail); or a {@link JournalCorruptionException}. Never another exception,
 * never a command that differs from what was written, and an undamaged journal always reads whole. Then the
 * writer's recovery must open the journal or refuse it with a {@link JournalCorruptionException}, and a reader
 * must still get a verdict on what recovery left.
 */
final class JournalDamageOracle
{
    static final int WHOLE = 0;
    static final int TAIL = 1;
    static final int CORRUPTION = 2;

    private static final String[] OPERATIONS = {"flip", "set", "zero", "cut", "append", "write"};

    /**
     * One damage to one segment file.
     *
     * @param segment   index of the segment in name order; negative counts from the last; taken modulo the count.
     * @param operation flip: bit {@code value % 8} of the byte at {@code offset}; set: that byte to {@code value};
     *                  zero: {@code value + 1} bytes from {@code offset}; cut: the file at {@code offset};
     *                  append: {@code value + 1} bytes of {@code value}; write: {@code bytes} over the file from
     *                  {@code offset}, growing it if they run past its end.
     * @param offset    byte offset in the file, taken modulo its length (plus one for cut and write).
     * @param value     as the operation says.
     * @param bytes     for write; empty otherwise.
     */
    record Damage(int segment, String operation, long offset, int value, byte[] bytes)
    {
        Damage(final int segment, final String operation, final long offset, final int value)
        {
            this(segment, operation, offset, value, new byte[0]);
        }

        /** A damage from its text form: segment, operation, offset and value separated by blanks. */
        static Damage parse(final String line)
        {
            final String[] parts = line.strip().split("\\s+");
            return new Damage(
                Integer.parseInt(parts[0]), parts[1], Long.parseLong(parts[2]), Integer.parseInt(parts[3]));
        }

        /** Operation {@code index} modulo the number of operations. */
        static String operation(final int index)
        {
            return OPERATIONS[Math.floorMod(index, OPERATIONS.length)];
        }

        @Override
        public String toString()
        {
            return segment + " " + operation + " " + offset + " " + value +
                (0 == bytes.length ? "" : " " + HexFormat.of().formatHex(bytes));
        }
    }

    private final Path workDirectory;
    private final Path pristine;
    private final List<byte[]> written = new ArrayList<>();
    private final long[] segmentSizes;
    private int runs;

    /**
     * Writes the pristine journal.
     *
     * @param workDirectory where the pristine journal and each check's copy go; must exist and stay for the oracle's
     *                      life.
     * @param records       commands in the pristine journal; enough for at least three segments.
     * @throws IOException when the work directory cannot be listed.
     */
    JournalDamageOracle(final Path workDirectory, final int records) throws IOException
    {
        this.workDirectory = workDirectory;
        this.pristine = workDirectory.resolve("pristine");
        writePristine(records);
        final List<Path> segments = segments(pristine);
        assertTrue(segments.size() >= 3, "several segments: " + segments);
        segmentSizes = new long[segments.size()];
        for (int i = 0; i < segmentSizes.length; i++)
        {
            segmentSizes[i] = Files.size(segments.get(i));
        }
    }

    /** Segments of the pristine journal. */
    int segmentCount()
    {
        return segmentSizes.length;
    }

    /** Bytes in one pristine segment file. */
    long segmentSize(final int segment)
    {
        return segmentSizes[segment];
    }

    /**
     * Damages a copy of the pristine journal, reads it, recovers it with a writer and reads it again, checking each.
     *
     * @param damages applied in order.
     * @param where   names the input in a failure.
     * @return {@link #WHOLE}, {@link #TAIL} or {@link #CORRUPTION}: what a reader made of the journal after recovery.
     * @throws IOException when the copy cannot be made or removed.
     */
    int check(final List<Damage> damages, final String where) throws IOException
    {
        final Path directory = workDirectory.resolve("run-" + runs++);
        copy(pristine, directory);
        try
        {
            final List<Path> segments = segments(directory);
            final Set<Integer> changed = damage(segments, damages);
            readDamaged(directory, segments, changed, where);
            recover(directory, where);
            return readOutcome(directory, where);
        }
        finally
        {
            deleteTree(directory);
        }
    }

    /** Applies the damages; returns the indexes of the segments whose bytes changed. */
    private static Set<Integer> damage(final List<Path> segments, final List<Damage> damages) throws IOException
    {
        final byte[][] before = new byte[segments.size()][];
        final byte[][] after = new byte[segments.size()][];
        for (final Damage damage : damages)
        {
            final int index = Math.floorMod(damage.segment(), segments.size());
            if (null == after[index])
            {
                before[index] = Files.readAllBytes(segments.get(index));
                after[index] = before[index].clone();
            }
            after[index] = apply(after[index], damage);
        }
        final Set<Integer> changed = new HashSet<>();
        for (int i = 0; i < segments.size(); i++)
        {
            if (null != after[i] && !Arrays.equals(before[i], after[i]))
            {
                Files.write(segments.get(i), after[i]);
                changed.add(i);
            }
        }
        return changed;
    }

    private static byte[] apply(final byte[] file, final Damage damage)
    {
        byte[] bytes = file;
        final int length = bytes.length;
        final int at = (int)Math.floorMod(damage.offset(), (long)Math.max(1, length));
        final int value = damage.value() & 0xFF;
        switch (damage.operation())
        {
            case "flip" ->
            {
                if (length > 0)
                {
                    bytes[at] ^= (byte)(1 << (value & 7));
                }
            }
            case "set" ->
            {
                if (length > 0)
                {
                    bytes[at] = (byte)value;
                }
            }
            case "zero" -> Arrays.fill(bytes, Math.min(at, length), Math.min(length, at + 1 + value), (byte)0);
            case "cut" -> bytes = Arrays.copyOf(bytes, (int)Math.floorMod(damage.offset(), (long)length + 1));
            case "append" ->
            {
                bytes = Arrays.copyOf(bytes, length + 1 + value);
                Arrays.fill(bytes, length, bytes.length, (byte)value);
            }
            case "write" ->
            {
                final int from = (int)Math.floorMod(damage.offset(), (long)length + 1);
                if (from + damage.bytes().length > length)
                {
                    bytes = Arrays.copyOf(bytes, from + damage.bytes().length);
                }
                System.arraycopy(damage.bytes(), 0, bytes, from, damage.bytes().length);
            }
            default -> throw new IllegalArgumentException(damage.operation());
        }
        return bytes;
    }

    private void readDamaged(final Path directory, final List<Path> segments, final Set<Integer> changed,
        final String where)
    {
        final int last = segments.size() - 1;
        for (final boolean verifyChain : new boolean[] {true, false})
        {
            final List<byte[]> read = new ArrayList<>();
            final long[] expectedSequence = {1};
            final JournalReader reader = new JournalReader(directory, verifyChain);
            try
            {
                reader.read((sequence, timestamp, sessionId, buffer, offset, length) ->
                {
                    assertEquals(expectedSequence[0]++, sequence, where + ": sequences contiguous");
                    final byte[] command = new byte[length];
                    buffer.getBytes(offset, command);
                    read.add(command);
                });
            }
            catch (final JournalCorruptionException ex)
            {
                assertNotNull(ex.getMessage());
                assertFalse(changed.isEmpty(), () -> where + ": an undamaged journal reported corrupt: " + ex);
                continue;
            }
            catch (final RuntimeException ex)
            {
                throw new AssertionError(where + ": the reader threw " + ex, ex);
            }
            for (int i = 0; i < read.size(); i++)
            {
                final int index = i;
                assertArrayEquals(written.get(i), read.get(i), () -> where + ": command " + (index + 1) +
                    " differs from what was written, and was handed over (verifyChain " + verifyChain + ")");
            }
            if (read.size() < written.size())
            {
                // A prefix is a possible crash state only if the damage is in the last segment (a torn tail, or a
                // cut at a record boundary, which looks like a clean end); anywhere else it must be corruption.
                assertFalse(changed.isEmpty(), () -> where + ": an undamaged journal read short: " + read.size());
                assertEquals(Set.of(last), changed, () -> where + ": fewer commands (" + read.size() +
                    ") from damage before the last segment, tail " + reader.tail());
            }
        }
    }

    /** The writer's recovery on open: a clear corruption error, or a journal it can continue. */
    private static void recover(final Path directory, final String where)
    {
        try (JournalWriter writer = new JournalWriter(config(directory)))
        {
            assertNotNull(writer.toString());
        }
        catch (final JournalCorruptionException ex)
        {
            assertNotNull(ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError(where + ": the writer's recovery threw " + ex, ex);
        }
    }

    private int readOutcome(final Path directory, final String where)
    {
        final JournalReader reader = new JournalReader(directory);
        try
        {
            final long read = reader.read((sequence, timestamp, sessionId, buffer, offset, length) -> {});
            return read == written.size() ? WHOLE : TAIL;
        }
        catch (final JournalCorruptionException ex)
        {
            return CORRUPTION;
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError(where + ": the reader threw after recovery " + ex, ex);
        }
    }

    private static JournalConfig config(final Path directory)
    {
        return new JournalConfig()
            .directory(directory)
            .segmentSize(JournalConfig.SEGMENT_SIZE_MIN)
            .chainInterval(16)
            .fsyncPolicy(FsyncPolicy.NONE)
            .bufferLength(JournalConfig.BUFFER_LENGTH_MIN);
    }

    private void writePristine(final int records)
    {
        final CommandWriter commands = new CommandWriter();
        final Random random = new Random(42);
        try (JournalWriter writer = new JournalWriter(config(pristine)))
        {
            for (int sequence = 1; sequence <= records; sequence++)
            {
                final int length = 0 == sequence % 5 ?
                    commands.cancelOrder(1 + random.nextInt(3), 1, random.nextInt(1000)) :
                    commands.limit(1 + random.nextInt(3), sequence, 1, random.nextBoolean() ? Side.BUY : Side.SELL,
                        1 + random.nextInt(100), 1 + random.nextInt(100));
                final byte[] command = new byte[length];
                commands.buffer().getBytes(commands.offset(), command);
                written.add(command);
                writer.append(sequence, 1_000L * sequence, sequence % 3, new UnsafeBuffer(command), 0, length);
                if (0 == sequence % 7)
                {
                    writer.commit();
                }
            }
            writer.commit();
        }
    }

    private static List<Path> segments(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter((file) -> file.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    private static void copy(final Path from, final Path to) throws IOException
    {
        Files.createDirectories(to);
        for (final Path file : segments(from))
        {
            Files.copy(file, to.resolve(file.getFileName()));
        }
    }

    private static void deleteTree(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }
}
