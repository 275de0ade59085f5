package io.poolbook.perf.floor;

import io.poolbook.perf.load.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A short floor run over each transport in each layout: every ping answered and measured. Not a speed check. */
final class FloorCommandTest
{
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path out;

    @Test
    void everyPingIsAnsweredOverBothTransportsInBothLayouts() throws Exception
    {
        for (final String layout : new String[]{ "compact", "pipelined" })
        {
            final FloorCommand floor = new FloorCommand();
            floor.rate = 2_000;
            floor.seconds = 0.5;
            floor.warmupSeconds = 0.2;
            floor.layout = layout;
            floor.termLength = "64k";
            floor.out = out;
            floor.execute(QUIET);

            assertEquals(2, floor.results.size(), layout);
            for (final RunResult run : floor.results)
            {
                assertTrue(run.drained, layout + " " + run.summary());
                assertTrue(run.histogram.getTotalCount() >= 900, layout + " " + run.summary());
                assertTrue(Files.size(out.resolve(run.name + ".hgrm")) > 0);
            }
        }
    }

    @Test
    void anUnknownTransportIsRefused()
    {
        final FloorCommand floor = new FloorCommand();
        floor.transport = "carrier-pigeon";
        floor.out = out;
        assertThrows(IllegalArgumentException.class, () -> floor.execute(QUIET));
    }
}
