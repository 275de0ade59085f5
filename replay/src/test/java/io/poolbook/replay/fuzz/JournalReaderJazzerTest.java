package io.poolbook.replay.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.poolbook.replay.fuzz.JournalDamageOracle.Damage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coverage-guided fuzzing of the journal reader and the writer's recovery with Jazzer: each input is a list of
 * damages to a copy of a small valid journal (written once per run), checked by {@link JournalDamageOracle}, the
 * same oracle as the mutation fuzzer {@link JournalReaderFuzzTest}.
 * <p>
 * Input layout: up to {@value #MAX_DAMAGES} damages of five bytes each: segment (signed, negative from the last),
 * operation (flip, set, zero, cut, append, write; modulo six), offset (unsigned 16-bit little-endian, modulo the
 * file's length) and value; a write takes its {@code value} bytes (or what is left) from the input right after.
 * The normal build runs the committed inputs under
 * {@code src/test/resources/io/poolbook/replay/fuzz/JournalReaderJazzerTestInputs/damage/} (regression mode);
 * {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration} and adds any crashing input to that folder.
 */
final class JournalReaderJazzerTest
{
    static final int MAX_DAMAGES = 4;
    /** Enough for four segments of the minimum size; small, so each execution copies little. */
    static final int RECORDS = 200;

    @TempDir
    static Path tempDir;

    private static JournalDamageOracle oracle;

    @BeforeAll
    static void writePristineJournal() throws IOException
    {
        oracle = new JournalDamageOracle(tempDir, RECORDS);
    }

    /**
     * Found by this fuzzer: the second-to-last segment cut right after a chain record, then the last segment's header
     * torn. The reader took the torn header for a crash's tail and handed over a prefix, though the last segment's
     * name proves the records between were written; it now reports corruption.
     */
    @Test
    void aTornLastHeaderAfterMissingRecordsIsCorruption() throws IOException
    {
        final List<Damage> damages = damages(HexFormat.of().parseHex("0300ff40666c69666c0affff0f0000ff"));
        assertEquals("[3 flip 16639 102, 108 cut 27750 10, -1 cut 15 0]", damages.toString());
        oracle.check(damages, "torn last header after missing records");
    }

    @FuzzTest(maxDuration = "5m")
    void damage(final byte[] data) throws IOException
    {
        final List<Damage> damages = damages(data);
        oracle.check(damages, "jazzer input " + damages);
    }

    /** The damages an input describes; see the class comment. */
    static List<Damage> damages(final byte[] data)
    {
        final List<Damage> damages = new ArrayList<>();
        int at = 0;
        while (damages.size() < MAX_DAMAGES && at + 5 <= data.length)
        {
            final int segment = data[at];
            final String operation = Damage.operation(data[at + 1] & 0xFF);
            final int offset = (data[at + 2] & 0xFF) | (data[at + 3] & 0xFF) << 8;
            final int value = data[at + 4] & 0xFF;
            at += 5;
            byte[] bytes = new byte[0];
            if ("write".equals(operation))
            {
                bytes = Arrays.copyOfRange(data, at, Math.min(data.length, at + value));
                at += bytes.length;
            }
            damages.add(new Damage(segment, operation, offset, value, bytes));
        }
        return damages;
    }
}
