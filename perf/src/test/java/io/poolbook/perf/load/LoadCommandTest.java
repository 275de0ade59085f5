package io.poolbook.perf.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short run of each workload and mode against an embedded node: every command answered, histograms filled, the
 * .hgrm files and the plots written. Checks that the harness works, not how fast anything is.
 */
final class LoadCommandTest
{
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path out;

    @Test
    void exchangeFixedRate() throws Exception
    {
        final LoadCommand load = command("exchange", "fixed");
        load.runs = 2;
        load.execute(QUIET);

        assertEquals(2, load.results.size());
        for (final RunResult run : load.results)
        {
            assertTrue(run.drained, run.summary());
            assertTrue(run.histogram.getTotalCount() > 500, run.summary());
            assertTrue(Files.size(out.resolve(run.name + ".hgrm")) > 0);
        }
        assertTrue(Files.size(load.plot) > 1_000);
    }

    @Test
    void dexStep() throws Exception
    {
        final LoadCommand load = command("dex", "step");
        load.maxSteps = 2;
        load.markets = 3;
        load.p99BoundMicros = 60_000_000;
        load.execute(QUIET);

        assertEquals(2, load.results.size());
        assertTrue(load.results.get(0).histogram.getTotalCount() > 500, load.results.get(0).summary());
        assertTrue(Files.exists(load.plot));
    }

    @Test
    void aClientProcessDrivesTheNodeAndHandsItsRunsBack() throws Exception
    {
        final LoadCommand load = command("exchange", "fixed");
        load.clientProcess = true;
        load.transport = "udp";
        load.execute(QUIET);

        assertEquals(1, load.results.size(), "the child's run, read back by the node's process");
        final RunResult run = load.results.get(0);
        assertTrue(run.drained, run.summary());
        assertTrue(run.histogram.getTotalCount() > 500, run.summary());
        assertTrue(Files.size(out.resolve(run.name + ".hgrm")) > 0, "written by the client process");
    }

    private LoadCommand command(final String workload, final String mode)
    {
        final LoadCommand load = new LoadCommand();
        load.workload = workload;
        load.mode = mode;
        load.sessions = 2;
        load.rate = 2_000;
        load.seconds = 0.5;
        load.warmupSeconds = 0.5;
        load.stepSeconds = 0.5;
        load.stepWarmupSeconds = 0.2;
        load.fsync = "none";
        load.drainTimeoutMs = 10_000;
        load.out = out;
        return load;
    }
}
