package io.poolbook.replay.settlement.contract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the Node side of the contract test: {@code npm ci} in {@code src/test/node} when its {@code node_modules}
 * is missing or older than {@code package-lock.json}, then {@code node SCRIPT ARGS...}. Output is echoed to
 * standard output line by line (so it lands in the Surefire log) and returned. A missing {@code node} or
 * {@code npm} fails the test with a message that says what to install: the test never skips.
 */
final class NodeScript
{
    private static final long NPM_CI_MINUTES = 10;
    private static final long SCRIPT_MINUTES = 5;
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");

    private final Path moduleDir;
    private final Path nodeDir;

    NodeScript()
    {
        moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        nodeDir = moduleDir.resolve("src/test/node");
    }

    /** Where the script and its package.json live. */
    Path nodeDir()
    {
        return nodeDir;
    }

    /** The result of a finished process. */
    record Result(int exitCode, String output)
    {
    }

    /** Checks that node and npm run, and installs the locked dependencies if needed. */
    void prepare()
    {
        final Result version = run(List.of("node", "--version"), 1,
            "Node.js (20 or later) is not on the PATH; the settlement contract test needs node and npm (CI has them)");
        if (version.exitCode() != 0)
        {
            fail("node --version failed: " + version.output());
        }
        final Path lock = nodeDir.resolve("package-lock.json");
        final Path installed = nodeDir.resolve("node_modules/.package-lock.json");
        // npm ci replaces node_modules, so two builds at once must not run it together.
        final Path lockFile = moduleDir.resolve("target/npm-ci.lock");
        try
        {
            Files.createDirectories(lockFile.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock())
            {
                if (!Files.exists(installed) ||
                    Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) < 0)
                {
                    final long start = System.nanoTime();
                    final Result ci = run(List.of(WINDOWS ? "npm.cmd" : "npm", "ci", "--no-audit", "--no-fund"),
                        NPM_CI_MINUTES, "npm is not on the PATH; the settlement contract test needs it (CI has it)");
                    if (ci.exitCode() != 0)
                    {
                        fail("npm ci failed in " + nodeDir + " with exit code " + ci.exitCode() + ":\n" + ci.output());
                    }
                    System.out.printf("npm ci took %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Runs {@code node script args...} in the node folder. */
    Result node(final String script, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return run(command, SCRIPT_MINUTES, "node is not on the PATH");
    }

    private Result run(final List<String> command, final long timeoutMinutes, final String missingMessage)
    {
        final Process process;
        try
        {
            process = new ProcessBuilder(command).directory(nodeDir.toFile()).redirectErrorStream(true).start();
        }
        catch (final IOException ex)
        {
            return fail(missingMessage + " (" + String.join(" ", command) + ": " + ex.getMessage() + ")");
        }
        final StringBuilder output = new StringBuilder();
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = lines.readLine()) != null)
                {
                    System.out.println(line);
                    synchronized (output)
                    {
                        output.append(line).append('\n');
                    }
                }
            }
            catch (final IOException ignored)
            {
                // the process was killed; what was read is kept
            }
        }, "node-output");
        reader.start();
        try
        {
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES))
            {
                process.destroyForcibly();
                reader.join(TimeUnit.SECONDS.toMillis(10));
                return fail(String.join(" ", command) + " did not finish in " + timeoutMinutes + " minutes:\n" +
                    output);
            }
            reader.join();
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return fail("interrupted while running " + command);
        }
        synchronized (output)
        {
            return new Result(process.exitValue(), output.toString());
        }
    }
}
