package io.poolbook.perf.load;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import io.poolbook.gateway.node.NodeConfig;
import io.poolbook.perf.BenchCommand;
import org.agrona.SystemUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code ./poolbook bench load}: N client sessions drive an embedded node over the real gateway (Aeron IPC or UDP
 * loopback, journal on), open loop at a target rate, round trips corrected for coordinated omission. {@code fixed}
 * runs one rate (several times with {@code --runs}); {@code step} raises the rate until p99 passes a bound or the
 * node falls behind, which gives the sustainable throughput. Writes an {@code .hgrm} per run and a PNG percentile
 * plot per mode into the output folder.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = "End-to-end load generator: sessions over the gateway to an embedded node, open loop, " +
        "coordinated omission corrected; fixed rate or step to the sustainable rate.")
public final class LoadCommand implements Callable<Integer>
{

    @Option(names = "--mode", description = "fixed or step (default: ${DEFAULT-VALUE}).")
    public String mode = "fixed";

    @Option(names = "--workload", description = "exchange (exchange-core mix) or dex (default: ${DEFAULT-VALUE}).")
    public String workload = "exchange";

    @Option(names = "--sessions", description = "Client sessions, one account each (default: ${DEFAULT-VALUE}).")
    public int sessions = 4;

    @Option(names = "--markets", description = "Markets (with pools) of the dex workload (default: ${DEFAULT-VALUE}).")
    public int markets = 10;

    @Option(names = "--rate", description = "Commands/s: the fixed rate, or the first step (default: ${DEFAULT-VALUE}).")
    public double rate = 100_000;

    @Option(names = "--seconds", description = "Measured seconds per fixed run (default: ${DEFAULT-VALUE}).")
    public double seconds = 10;

    @Option(names = "--warmup-seconds", description = "Unmeasured seconds before the first run (default: ${DEFAULT-VALUE}).")
    public double warmupSeconds = 5;

    @Option(names = "--runs", description = "Fixed runs, one after the other (default: ${DEFAULT-VALUE}).")
    public int runs = 1;

    @Option(names = "--step-factor", description = "Rate multiplier per step (default: ${DEFAULT-VALUE}).")
    public double stepFactor = 1.5;

    @Option(names = "--step-seconds", description = "Measured seconds per step (default: ${DEFAULT-VALUE}).")
    public double stepSeconds = 3;

    @Option(names = "--step-warmup-seconds", description = "Unmeasured seconds at each step's rate (default: ${DEFAULT-VALUE}).")
    public double stepWarmupSeconds = 1;

    @Option(names = "--max-steps", description = "Steps at most (default: ${DEFAULT-VALUE}).")
    public int maxSteps = 12;

    @Option(names = "--p99-bound-us", description = "Step mode stops when p99 passes this (default: ${DEFAULT-VALUE} µs).")
    public double p99BoundMicros = 1_000;

    @Option(names = "--to-capacity", description = "Step mode: keep raising the rate past the p99 bound until the " +
        "node falls behind, to find its capacity too.")
    public boolean toCapacity;

    @Option(names = "--transport", description = "ipc or udp (default: ${DEFAULT-VALUE}).")
    public String transport = "ipc";

    @Option(names = "--fsync", description = "Journal fsync policy: always, interval_ms, none (default: ${DEFAULT-VALUE}).")
    public String fsync = "interval_ms";

    @Option(names = "--idle", description = "Idle mode of the node and the load thread: busy-spin, yield, backoff, " +
        "sleep (default: ${DEFAULT-VALUE}).")
    public String idle = "backoff";

    @Option(names = "--layout", description = "Node threads: compact, pipelined or auto (compact on up to 4 cores) " +
        "(default: ${DEFAULT-VALUE}).")
    public String layout = "auto";

    @Option(names = "--term-length", paramLabel = "SIZE", description = "Term length of the node's and the clients' " +
        "publications, as the node's --term-length (default: ${DEFAULT-VALUE}, the node's).")
    public String termLength = NodeConfig.TERM_LENGTH_DEFAULT;

    @Option(names = "--client-process", description = "Run the load generator in a JVM of its own, as real clients " +
        "are, connected to the node's media driver; this process runs the node only.")
    public boolean clientProcess;

    @Option(names = "--client-cpus", paramLabel = "LIST", description = "With --client-process: pin the client JVM " +
        "to these CPUs (taskset -c LIST), e.g. 1; pin the node by starting this command under taskset.")
    public String clientCpus = "";

    @Option(names = "--attach", paramLabel = "FILE", hidden = true,
        description = "Internal: be the client process of the node the file describes.")
    public Path attach;

    @Option(names = "--drain-timeout-ms", description = "Wait for answers after a run's last send (default: ${DEFAULT-VALUE}).")
    public long drainTimeoutMs = 2_000;

    @Option(names = "--seed", description = "Seed of the workload's random choices (default: ${DEFAULT-VALUE}).")
    public long seed = 42;

    @Option(names = "--out", description = "Folder for the .hgrm files and the plot (default: ${DEFAULT-VALUE}).")
    public Path out = Path.of("bench-results");

    @Option(names = "--dir", description = "Folder for the node's journal and Aeron directory (default: a temporary one).")
    public Path dir;

    @Option(names = "--jfr", paramLabel = "FILE", description = "Record the measured runs with JFR (profile settings) to FILE.")
    public Path jfr;

    /** The runs of the last {@link #execute}. */
    public final List<RunResult> results = new ArrayList<>();

    /** The plot the last {@link #execute} drew. */
    public Path plot;

    /** Step mode: the highest target rate whose p99 stayed within the bound with every answer back; 0 if none. */
    public double sustainableRate;

    /** Step mode: the highest target rate the node kept up with (every answer back, 95% of it answered in time). */
    public double capacityRate;

    private PrintStream log = System.out;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        execute(System.out);
        return 0;
    }

    /** Runs as the options say, printing to {@code log}; the results stay in this object. */
    public void execute(final PrintStream log) throws Exception
    {
        this.log = log;
        results.clear();
        sustainableRate = 0;
        capacityRate = 0;
        if (!"fixed".equals(mode) && !"step".equals(mode))
        {
            throw new IllegalArgumentException("--mode fixed or step, not " + mode);
        }
        if (clientProcess && null == attach)
        {
            runClientProcess(log);
            return;
        }
        final Workload load = Workload.parse(workload, markets);
        final SplittableRandom random = new SplittableRandom(seed);
        final String label = workload + "-" + mode + "-" + transport;
        try (LoadNode node = null != attach ? new LoadNode(attach, log) :
            new LoadNode(dir, transport, fsync, idle, layout, termLengthBytes(), log))
        {
            final OpenLoop loop = new OpenLoop(node, node.start(load, sessions, random), load, random, idle,
                drainTimeoutMs);
            log.printf("load: %s workload, %d sessions, %s mode, warm-up %.0f s%n", workload, sessions, mode,
                warmupSeconds);
            loop.run("warm-up", rate, warmupSeconds, 0);
            try (Recording recording = null == jfr ? null : new Recording(Configuration.getConfiguration("profile")))
            {
                if (null != recording)
                {
                    if (null != jfr.toAbsolutePath().getParent())
                    {
                        java.nio.file.Files.createDirectories(jfr.toAbsolutePath().getParent());
                    }
                    recording.setDestination(jfr);
                    recording.start();
                }
                if ("fixed".equals(mode))
                {
                    for (int i = 1; i <= runs; i++)
                    {
                        record(loop.run(label + (runs > 1 ? "-run" + i : ""), rate, 0, seconds));
                    }
                }
                else
                {
                    double stepRate = rate;
                    boolean withinBound = true;
                    for (int i = 0; i < maxSteps; i++, stepRate *= stepFactor)
                    {
                        final RunResult step = loop.run(
                            String.format("%s-%.0f", label, stepRate), stepRate, stepWarmupSeconds, stepSeconds);
                        record(step);
                        final boolean keptUp = step.drained && step.achievedRate() >= 0.95 * stepRate;
                        withinBound &= keptUp && step.micros(99) <= p99BoundMicros;
                        if (!keptUp || (!withinBound && !toCapacity))
                        {
                            break;
                        }
                        capacityRate = stepRate;
                        sustainableRate = withinBound ? stepRate : sustainableRate;
                    }
                    log.printf("sustainable: %,.0f commands/s (p99 ≤ %.0f µs, every answer back)%s%n",
                        sustainableRate, p99BoundMicros, toCapacity ?
                        String.format("; kept up to %,.0f commands/s", capacityRate) : "");
                }
                if (null != recording)
                {
                    recording.stop();
                    log.printf("JFR recording in %s%n", jfr);
                }
            }
            if (null != node.node())
            {
                log.printf("node: %,d commands journaled, %,d events released%n",
                    node.node().counters().commandsSequenced.get(), node.node().counters().eventsReleased.get());
            }
        }
        if (null != attach)
        {
            writeResults();
        }
        plot = PercentilePlot.draw(out, label, String.format("%s, %s, %d sessions, %s, fsync %s (µs, CO corrected)",
            workload, mode, sessions, transport, fsync), results);
        log.printf("plot: %s%n", plot);
        if (runs > 1 && "fixed".equals(mode))
        {
            log.printf("median of %d runs, µs: p50 %.1f  p99 %.1f  p99.99 %.1f  max %.1f%n", runs, median(50),
                median(99), median(99.99), median(100));
        }
    }

    /**
     * Runs the node here and the load generator as a child JVM of the same class path and JVM flags, given this
     * command's arguments and the attachment file; waits for it, keeping the operator session alive.
     */
    private void runClientProcess(final PrintStream log) throws Exception
    {
        try (LoadNode node = new LoadNode(dir, transport, fsync, idle, layout, termLengthBytes(), log))
        {
            final List<String> command = new ArrayList<>();
            if (!clientCpus.isEmpty())
            {
                command.addAll(List.of("taskset", "-c", clientCpus));
            }
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchCommand.class.getName(), "load",
                "--mode", mode, "--workload", workload, "--sessions", Integer.toString(sessions),
                "--markets", Integer.toString(markets), "--rate", Double.toString(rate),
                "--seconds", Double.toString(seconds), "--warmup-seconds", Double.toString(warmupSeconds),
                "--runs", Integer.toString(runs), "--step-factor", Double.toString(stepFactor),
                "--step-seconds", Double.toString(stepSeconds),
                "--step-warmup-seconds", Double.toString(stepWarmupSeconds),
                "--max-steps", Integer.toString(maxSteps), "--p99-bound-us", Double.toString(p99BoundMicros),
                "--idle", idle, "--drain-timeout-ms", Long.toString(drainTimeoutMs), "--seed", Long.toString(seed),
                "--out", out.toString(), "--transport", transport, "--fsync", fsync, "--layout", layout,
                "--term-length", termLength));
            if (toCapacity)
            {
                command.add("--to-capacity");
            }
            if (null != jfr)
            {
                command.addAll(List.of("--jfr", jfr.toString()));
            }
            final Path attachment = node.writeAttachment();
            command.addAll(List.of("--attach", attachment.toString()));
            node.releaseOperator();
            log.printf("load: client process %s%n", String.join(" ", command.subList(0, clientCpus.isEmpty() ? 1 : 4)));
            final Process client = new ProcessBuilder(command).inheritIO().start();
            client.waitFor();
            final java.util.Properties properties = new java.util.Properties();
            final Path resultsFile = resultsFile(attachment);
            if (java.nio.file.Files.exists(resultsFile))
            {
                try (java.io.Reader reader = java.nio.file.Files.newBufferedReader(resultsFile))
                {
                    properties.load(reader);
                }
            }
            RunResult result;
            for (int i = 0; null != (result = RunResult.read(properties, "run." + i + ".")); i++)
            {
                results.add(result);
            }
            sustainableRate = Double.parseDouble(properties.getProperty("sustainableRate", "0"));
            capacityRate = Double.parseDouble(properties.getProperty("capacityRate", "0"));
            log.printf("node: %,d commands journaled, %,d events released; client process exit %d%n",
                node.node().counters().commandsSequenced.get(), node.node().counters().eventsReleased.get(),
                client.exitValue());
            if (0 != client.exitValue())
            {
                throw new IllegalStateException("the client process failed (exit " + client.exitValue() + ")");
            }
        }
    }

    private static Path resultsFile(final Path attachment)
    {
        return attachment.resolveSibling("results.properties");
    }

    /** The client process hands its runs back to the node's process. */
    private void writeResults() throws java.io.IOException
    {
        final java.util.Properties properties = new java.util.Properties();
        for (int i = 0; i < results.size(); i++)
        {
            results.get(i).write(properties, "run." + i + ".");
        }
        properties.setProperty("sustainableRate", Double.toString(sustainableRate));
        properties.setProperty("capacityRate", Double.toString(capacityRate));
        try (java.io.Writer writer = java.nio.file.Files.newBufferedWriter(resultsFile(attach)))
        {
            properties.store(writer, "poolbook bench load --client-process: the client's runs");
        }
    }

    /** The median over the runs of the value at a percentile (100: the max), in microseconds. */
    public double median(final double percentile)
    {
        final double[] values = values(percentile);
        return values[values.length / 2];
    }

    /** Smallest and largest over the runs of the value at a percentile, in microseconds. */
    public double[] range(final double percentile)
    {
        final double[] values = values(percentile);
        return new double[] { values[0], values[values.length - 1] };
    }

    private double[] values(final double percentile)
    {
        final double[] values = new double[results.size()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = percentile >= 100 ? results.get(i).maxMicros() : results.get(i).micros(percentile);
        }
        Arrays.sort(values);
        return values;
    }

    private void record(final RunResult result) throws Exception
    {
        results.add(result);
        log.println(result.summary());
        log.printf("  %s%n", PercentilePlot.writeHgrm(out, result.name, result.histogram));
    }

    private int termLengthBytes()
    {
        return (int)SystemUtil.parseSize("--term-length", termLength);
    }
}
