package io.poolbook.perf.floor;

import io.poolbook.gateway.node.NodeConfig;
import io.poolbook.gateway.pipeline.NodeLayout;
import io.poolbook.perf.load.PercentilePlot;
import io.poolbook.perf.load.RunResult;
import org.agrona.SystemUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./poolbook bench floor}: the Aeron ping-pong of this machine ({@link AeronFloor}) at the rate, message size,
 * idle strategy and thread layout a {@code bench load} run uses, so that the node's round trip is judged beside what
 * Aeron alone gives on the same cores in the same minute.
 */
@Command(
    name = "floor",
    mixinStandardHelpOptions = true,
    description = "Aeron ping-pong at a fixed rate (open loop, CO corrected): the floor for the node's round trip.")
public final class FloorCommand implements Callable<Integer>
{
    @Option(names = "--transport", description = "ipc, udp, or both (default: ${DEFAULT-VALUE}).")
    public String transport = "both";

    @Option(names = "--rate", description = "Messages/s (default: ${DEFAULT-VALUE}).")
    public double rate = 10_000;

    @Option(names = "--seconds", description = "Measured seconds per transport (default: ${DEFAULT-VALUE}).")
    public double seconds = 10;

    @Option(names = "--warmup-seconds", description = "Unmeasured seconds first (default: ${DEFAULT-VALUE}).")
    public double warmupSeconds = 3;

    @Option(names = "--idle", description = "busy-spin, yield, backoff or sleep, as the node's (default: ${DEFAULT-VALUE}).")
    public String idle = "backoff";

    @Option(names = "--layout", description = "compact (the echo thread invokes the driver), pipelined (a SHARED " +
        "driver thread) or auto (default: ${DEFAULT-VALUE}).")
    public String layout = "auto";

    @Option(names = "--message-length", description = "Bytes per message; a typical command (default: ${DEFAULT-VALUE}).")
    public int messageLength = 64;

    @Option(names = "--term-length", description = "Term length, as the node's and bench load's (default: " +
        "${DEFAULT-VALUE}).")
    public String termLength = NodeConfig.TERM_LENGTH_DEFAULT;

    @Option(names = "--out", description = "Folder for the .hgrm files (default: ${DEFAULT-VALUE}).")
    public Path out = Path.of("target/bench-floor");

    /** The runs of the last {@link #execute}, one per transport. */
    public final List<RunResult> results = new ArrayList<>();

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        execute(System.out);
        return 0;
    }

    /** Runs each transport asked for, printing to {@code log}; the results stay in this object. */
    public void execute(final PrintStream log) throws Exception
    {
        results.clear();
        final List<String> transports = "both".equals(transport) ? List.of("ipc", "udp") : List.of(transport);
        final NodeLayout nodeLayout = NodeLayout.parse(layout);
        for (final String each : transports)
        {
            log.printf("floor: Aeron %s ping-pong, %s layout, idle %s, %d-byte messages, %,.0f/s, %d cores%n", each,
                nodeLayout.optionName(), idle, messageLength, rate, Runtime.getRuntime().availableProcessors());
            try (AeronFloor floor = new AeronFloor(each, idle, nodeLayout,
                (int)SystemUtil.parseSize("--term-length", termLength), messageLength))
            {
                floor.run("warm-up", rate, warmupSeconds, 0);
                final RunResult result = floor.run("floor-" + each, rate, 0, seconds);
                results.add(result);
                log.println(result.summary());
                log.printf("  %s%n", PercentilePlot.writeHgrm(out, result.name, result.histogram));
            }
        }
    }
}
