package io.poolbook.replay.fuzz;

import io.poolbook.replay.fuzz.JournalDamageOracle.Damage;
import io.poolbook.replay.journal.JournalCorruptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The journal reader (and the writer's recovery on open) on damaged journals: a pristine journal of real commands in
 * several segments with chain records, then bytes flipped, set, zeroed, cut or appended in one of its segments, each
 * checked by {@link JournalDamageOracle} (shared with the coverage-guided {@link JournalReaderJazzerTest}). Every
 * read ends in one of: the whole journal, exactly as written; a prefix, exactly as written, with a tail report; or a
 * {@link JournalCorruptionException}. Never another exception, never a command that differs from what was written.
 * The committed corpus {@code fuzz/journal-mutations.txt} (segment index, operation, offset, value) runs first. This
 * driver gives a bounded, seeded number of executions in every build.
 * Longer run: {@code -Dpoolbook.fuzz.journalExecutions=100000 -Dpoolbook.fuzz.seed=N}.
 */
final class JournalReaderFuzzTest
{
    private static final int EXECUTIONS = Integer.getInteger("poolbook.fuzz.journalExecutions", 1_500);
    private static final int RECORDS = 400;
    private static final String[] OPERATIONS = {"flip", "set", "zero", "cut", "append", "flip", "set"};

    @TempDir
    Path tempDir;

    @Test
    void damagedSegmentsGiveCorruptionOrATailNeverAnythingElse() throws IOException
    {
        final long seed = Long.getLong("poolbook.fuzz.seed", System.nanoTime());
        final Random random = new Random(seed);
        final JournalDamageOracle oracle = new JournalDamageOracle(tempDir, RECORDS);

        final int[] outcomes = new int[3]; // whole, tail, corruption
        final Set<String> distinct = new HashSet<>();
        int run = 0;
        for (final String line : corpus())
        {
            outcomes[oracle.check(List.of(Damage.parse(line)), "corpus " + line)]++;
            run++;
        }
        for (int i = 0; i < EXECUTIONS; i++)
        {
            final int segment = random.nextInt(oracle.segmentCount());
            final String operation = OPERATIONS[random.nextInt(OPERATIONS.length)];
            final long size = oracle.segmentSize(segment);
            final long offset = random.nextInt(10) < 3 ? random.nextInt(96) : (long)(random.nextDouble() * size);
            final Damage damage = new Damage(segment, operation, offset, random.nextInt(256));
            distinct.add(damage.toString());
            outcomes[oracle.check(List.of(damage), "seed " + seed + " execution " + i + " " + damage)]++;
            run++;
        }
        System.out.printf("journal reader fuzz: seed %d, %d executions (%d corpus), %d distinct damages, read whole %d, " +
                "tail cut %d, corruption reported %d%n",
            seed, run, run - EXECUTIONS, distinct.size(), outcomes[0], outcomes[1], outcomes[2]);
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
