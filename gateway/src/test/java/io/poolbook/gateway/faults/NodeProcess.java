package io.poolbook.gateway.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Poolbook node in a separate JVM ({@code poolbook node}, IPC only, small terms, its own Aeron directory), so a test
 * can kill it with SIGKILL and start it again on the same data folder. Its output goes to a log file.
 */
final class NodeProcess implements AutoCloseable
{
    static final String RUNNING = "poolbook node: running";

    final Path dataDir;
    final Path aeronDir;
    final Path log;
    final Process process;

    private NodeProcess(final Path dataDir, final Path aeronDir, final Path log, final Process process)
    {
        this.dataDir = dataDir;
        this.aeronDir = aeronDir;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts a node; does not wait for it (see {@link #awaitRunning}).
     *
     * @param extraArgs more {@code poolbook node} options.
     */
    static NodeProcess start(
        final Path dataDir, final Path aeronDir, final Path log, final String operatorKeyHex, final String... extraArgs)
        throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Daeron.dir.delete.on.start=true",
            "-Daeron.dir.delete.on.shutdown=true",
            "-Daeron.image.liveness.timeout=500ms",
            "-Daeron.publication.linger.timeout=100ms",
            "-Daeron.client.liveness.timeout=2s",
            "-cp", System.getProperty("java.class.path"),
            "io.poolbook.gateway.cli.PoolbookCommand",
            "node",
            "--data-dir", dataDir.toString(),
            "--aeron-dir", aeronDir.toString(),
            "--operator-key", operatorKeyHex,
            "--fsync", "always",
            "--term-length", "64k",
            "--ingress-channel=",
            "--market-data-channel=",
            "--idle", "backoff",
            "--input-ring-size", "1024",
            "--output-ring-size", "4096",
            "--engine-snapshot-every", "40",
            "--heartbeat-interval-ms", "1000",
            "--connect-timeout-ms", "2000",
            "--ws-port", "0"));
        command.addAll(List.of(extraArgs));
        final Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        return new NodeProcess(dataDir, aeronDir, log, process);
    }

    /** Waits for the node's "running" line; fails if it exits or takes longer than the timeout. */
    NodeProcess awaitRunning(final long timeoutMs) throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!logText().contains(RUNNING))
        {
            if (!process.isAlive())
            {
                throw new AssertionError("node exited with " + process.exitValue() + ":\n" + logText());
            }
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("node not running after " + timeoutMs + " ms:\n" + logText());
            }
            Thread.sleep(20);
        }
        return this;
    }

    /** Waits for the process to end; kills it if it does not. */
    int awaitExit(final long timeoutMs) throws InterruptedException
    {
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
        {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError("node did not exit in " + timeoutMs + " ms:\n" + logText());
        }
        return process.exitValue();
    }

    /** SIGKILL, and wait until it is gone. */
    void kill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    String logText()
    {
        try
        {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        }
        catch (final IOException ex)
        {
            return "(log unreadable: " + ex + ")";
        }
    }

    public void close() throws InterruptedException
    {
        if (process.isAlive())
        {
            kill();
        }
    }
}
