package io.poolbook.perf.soak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short node soak in the normal test run: about 12 s of the DEX mix through a real node at a modest rate, with
 * snapshots, settlement batches, mass cancels and a restart half-way; then every check of {@link NodeSoak} must
 * hold: the audit, replay equals live (state hash, event count and digest), every answer journaled, replay verify.
 */
final class NodeSoakTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void invariantsAndDeterminismHoldThroughTheNode() throws Exception
    {
        final NodeSoak soak = new NodeSoak();
        soak.seconds = 12;
        soak.progressSeconds = 4;
        soak.rate = 3_000;
        soak.sessions = 3;
        soak.markets = 3;
        soak.fsync = "interval_ms";
        soak.snapshotEvery = 5_000;
        soak.batchCommands = 2_000;
        soak.cutEverySeconds = 2;
        soak.massCancelPerMille = 10;
        soak.dir = dir;
        final ByteArrayOutputStream log = new ByteArrayOutputStream();

        final boolean held;
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8))
        {
            held = soak.execute(out);
        }
        final String output = log.toString(StandardCharsets.UTF_8);
        System.out.printf("node soak: %,d commands journaled, %,d events, %,d acks, %,d rejects, %,d mass cancels, " +
            "%,d settlement batches (%,d cut by the operator), %d restart, snapshot at %,d, checks %s%n",
            soak.commands, soak.liveEvents, soak.acks, soak.rejects, soak.massCancels, soak.batches, soak.cuts,
            soak.restarts, soak.snapshotSequence, held ? "held" : "FAILED " + soak.violations);

        assertTrue(held, output);
        assertTrue(soak.violations.isEmpty(), output);
        assertTrue(soak.commands > 20_000, output);
        assertTrue(soak.acks > 10_000, output);
        assertEquals(soak.sent, soak.acks + soak.rejects, output);
        assertTrue(soak.liveEvents > soak.commands, output);
        assertEquals(soak.replayEvents, soak.liveEvents, output);
        assertEquals(soak.replayDigest, soak.liveDigest, output);
        assertTrue(soak.massCancels > 0, output);
        assertTrue(soak.cuts > 0, output);
        assertTrue(soak.batches > soak.cuts, output);
        assertEquals(1, soak.restarts, output);
        assertNotEquals(0, soak.snapshotSequence, output);
        assertTrue(output.contains("replay verify: OK"), output);
    }
}
