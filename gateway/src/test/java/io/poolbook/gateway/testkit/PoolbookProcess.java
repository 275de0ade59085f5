package io.poolbook.gateway.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code poolbook} command in a separate JVM, as an operator runs it, with the test's class path and small heap,
 * its output in a log file: a node a test can kill with SIGKILL and start again on the same data folder, or any
 * other subcommand (trade watch, admin) that must run in its own process.
 */
public final class PoolbookProcess implements AutoCloseable
{
    public static final String RUNNING = "poolbook node: running";

    public final Path log;
    public final Process process;

    private PoolbookProcess(final Path log, final Process process)
    {
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code poolbook ARGS...} in its own JVM; does not wait for it.
     *
     * @param log  where its output goes.
     * @param args the subcommand and its options.
     */
    public static PoolbookProcess start(final Path log, final String... args) throws IOException
    {
        return start(List.of(), log, args);
    }

    private static PoolbookProcess start(final List<String> jvmFlags, final Path log, final String... args)
        throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Daeron.dir.delete.on.start=true",
            "-Daeron.dir.delete.on.shutdown=true",
            "-Daeron.publication.linger.timeout=100ms"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.poolbook.gateway.cli.PoolbookCommand"));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        return new PoolbookProcess(log, process);
    }

    /**
     * Starts a node sized for tests ({@code poolbook node}: IPC only, 64k terms, back-off idling, fsync always,
     * engine snapshots every 40 commands, WebSocket on a free port, short Aeron liveness timeouts); does not wait for
     * it (see {@link #awaitRunning}).
     *
     * @param extraArgs more {@code poolbook node} options.
     */
    public static PoolbookProcess node(
        final Path dataDir, final Path aeronDir, final Path log, final String operatorKeyHex, final String... extraArgs)
        throws IOException
    {
        final List<String> args = new ArrayList<>(List.of(
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
        args.addAll(List.of(extraArgs));
        // short liveness, so that a killed node's clients and images are noticed within a test's patience
        return start(List.of("-Daeron.image.liveness.timeout=500ms", "-Daeron.client.liveness.timeout=2s"), log,
            args.toArray(new String[0]));
    }

    /**
     * Waits until the log says what the test waits for; fails (and kills the process) if it exits first or the
     * timeout passes.
     *
     * @return the log's text at that moment.
     */
    public String awaitLog(final String what, final Predicate<String> done, final long timeoutMs)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true)
        {
            final String text = logText();
            if (done.test(text))
            {
                return text;
            }
            if (!process.isAlive() || System.nanoTime() > deadline)
            {
                final String why = process.isAlive() ? ": timed out after " + timeoutMs + " ms" :
                    ": exited with " + process.exitValue();
                process.destroyForcibly();
                throw new AssertionError(what + why + "\n" + text);
            }
            Thread.sleep(20);
        }
    }

    /** Waits for the node's "running" line; fails if it exits or takes longer than the timeout. */
    public PoolbookProcess awaitRunning(final long timeoutMs) throws InterruptedException
    {
        awaitLog("node start", (text) -> text.contains(RUNNING), timeoutMs);
        return this;
    }

    /** Waits for the process to end; kills it if it does not. */
    public int awaitExit(final long timeoutMs) throws InterruptedException
    {
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
        {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError("node did not exit in " + timeoutMs + " ms:\n" + logText());
        }
        return process.exitValue();
    }

    /** SIGKILL, and wait until it is gone. */
    public void kill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public String logText()
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
