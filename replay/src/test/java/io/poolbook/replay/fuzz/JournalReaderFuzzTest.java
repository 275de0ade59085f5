package io.poolbook.replay.fuzz;

import io.poolbook.codecs.Side;
import io.poolbook.engine.CommandWriter;
import io.poolbook.replay.journal.FsyncPolicy;
import io.poolbook.replay.journal.JournalConfig;
import io.poolbook.replay.journal.JournalCorruptionException;
import io.poolbook.replay.journal.JournalReader;
import io.poolbook.replay.journal.JournalWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The journal reader (and the writer's recovery on open) on damaged journals: a pristine journal of real commands in
 * several segments with chain records, then bytes flipped, set, zeroed, cut or appended in one of its segments. Every
 * read ends in one of: the whole journal, exactly as written; a prefix, exactly as written, with a tail report; or a
 * {@link JournalCorruptionException}. Never another exception, never a command that differs from what was written.
 * The committed corpus {@code fuzz/journal-mutations.txt} (segment index, operation, offset, value) runs first.
 * Longer run: {@code -Dpoolbook.fuzz.journalExecutions=100000 -Dpoolbook.fuzz.seed=N}.
 */
final class JournalReaderFuzzTest
{
    private static final int EXECUTIONS = Integer.getInteger("poolbook.fuzz.journalExecutions", 1_500);
    private static final int RECORDS = 400;

    @TempDir
    Path tempDir;

    private final List<byte[]> written = new ArrayList<>();

    @Test
    void damagedSegmentsGiveCorruptionOrATailNeverAnythingElse() throws IOException
    {
        final long seed = Long.getLong("poolbook.fuzz.seed", System.nanoTime());
        final Random random = new Random(seed);
        final Path pristine = tempDir.resolve("pristine");
        writePristine(pristine);
        final List<Path> segments = segments(pristine);
        assertTrue(segments.size() >= 3, "several segments: " + segments);
        final long[] sizes = new long[segments.size()];
        for (int i = 0; i < sizes.length; i++)
        {
            sizes[i] = Files.size(segments.get(i));
        }

        final int[] outcomes = new int[4]; // whole, tail, corruption, unchanged bytes
        final Set<String> distinct = new HashSet<>();
        int run = 0;
        for (final String line : corpus())
        {
            final String[] parts = line.split("\\s+");
            final Mutation mutation = new Mutation(Integer.parseInt(parts[0]), parts[1], Long.parseLong(parts[2]),
                Integer.parseInt(parts[3]));
            outcomes[check(pristine, mutation, run++, "corpus " + line)]++;
        }
        for (int i = 0; i < EXECUTIONS; i++)
        {
            final int segment = random.nextInt(segments.size());
            final String[] operations = {"flip", "set", "zero", "cut", "append", "flip", "set"};
            final String operation = operations[random.nextInt(operations.length)];
            final long offset = random.nextInt(10) < 3 ? random.nextInt(96) : (long)(random.nextDouble() * sizes[segment]);
            final Mutation mutation = new Mutation(segment, operation, offset, random.nextInt(256));
            distinct.add(mutation.toString());
            outcomes[check(pristine, mutation, run++, "seed " + seed + " execution " + i + " " + mutation)]++;
        }
        System.out.printf("journal reader fuzz: seed %d, %d executions (%d corpus), %d distinct damages, read whole %d, " +
                "tail cut %d, corruption reported %d%n",
            seed, run, run - EXECUTIONS, distinct.size(), outcomes[0], outcomes[1], outcomes[2]);
    }

    private record Mutation(int segment, String operation, long offset, int value)
    {
        public String toString()
        {
            return segment + " " + operation + " " + offset + " " + value;
        }
    }

    /** Applies a mutation to a copy of the journal and reads it; returns 0 whole, 1 tail, 2 corruption. */
    private int check(final Path pristine, final Mutation mutation, final int run, final String where) throws IOException
    {
        final Path directory = tempDir.resolve("run-" + run);
        copy(pristine, directory);
        final List<Path> segments = segments(directory);
        final Path segment = segments.get(Math.floorMod(mutation.segment(), segments.size()));
        byte[] bytes = Files.readAllBytes(segment);
        final int at = (int)Math.min(Math.max(0, mutation.offset()), Math.max(0, bytes.length - 1));
        switch (mutation.operation())
        {
            case "flip" -> bytes[at] ^= (byte)(1 << (mutation.value() & 7));
            case "set" -> bytes[at] = (byte)mutation.value();
            case "zero" -> Arrays.fill(bytes, at, Math.min(bytes.length, at + 1 + mutation.value()), (byte)0);
            case "cut" -> bytes = Arrays.copyOf(bytes, at);
            case "append" ->
            {
                bytes = Arrays.copyOf(bytes, bytes.length + 1 + mutation.value());
                Arrays.fill(bytes, bytes.length - 1 - mutation.value(), bytes.length, (byte)mutation.value());
            }
            default -> throw new IllegalArgumentException(mutation.operation());
        }
        Files.write(segment, bytes);

        int outcome;
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
                outcome = 2;
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
                assertEquals(segments.size() - 1, segments.indexOf(segment),
                    where + ": fewer commands (" + read.size() + ") from damage before the last segment, tail " +
                    reader.tail());
            }
        }
        // The writer's recovery on open: a clear corruption error, or a journal it can continue.
        try (JournalWriter writer = new JournalWriter(config(directory)))
        {
            assertTrue(writer.toString() != null);
        }
        catch (final JournalCorruptionException ex)
        {
            assertNotNull(ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError(where + ": the writer's recovery threw " + ex, ex);
        }
        final int result = readOutcome(directory);
        deleteTree(directory);
        return result;
    }

    private int readOutcome(final Path directory)
    {
        final JournalReader reader = new JournalReader(directory);
        try
        {
            final long read = reader.read((sequence, timestamp, sessionId, buffer, offset, length) -> {});
            return read == written.size() ? 0 : 1;
        }
        catch (final JournalCorruptionException ex)
        {
            return 2;
        }
    }

    private JournalConfig config(final Path directory)
    {
        return new JournalConfig()
            .directory(directory)
            .segmentSize(JournalConfig.SEGMENT_SIZE_MIN)
            .chainInterval(16)
            .fsyncPolicy(FsyncPolicy.NONE)
            .bufferLength(JournalConfig.BUFFER_LENGTH_MIN);
    }

    private void writePristine(final Path directory)
    {
        final CommandWriter commands = new CommandWriter();
        final Random random = new Random(42);
        try (JournalWriter writer = new JournalWriter(config(directory)))
        {
            for (int sequence = 1; sequence <= RECORDS; sequence++)
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
        try (Stream<Path> files = Files.list(from))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (file.getFileName().toString().endsWith(".seg"))
                {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
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

    private static List<String> corpus() throws IOException
    {
        try (InputStream in = JournalReaderFuzzTest.class.getResourceAsStream("/fuzz/journal-mutations.txt"))
        {
            assertNotNull(in);
            final List<String> lines = new ArrayList<>();
            for (final String raw : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
            {
                final int hash = raw.indexOf('#');
                final String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
                if (!line.isEmpty())
                {
                    lines.add(line);
                }
            }
            return lines;
        }
    }
}
