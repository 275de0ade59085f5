package io.poolbook.gateway.node;

import io.poolbook.gateway.chain.EthKey;
import io.poolbook.gateway.chain.EthRpc;
import io.poolbook.replay.settlement.Hex;

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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real local Ethereum node for tests: Anvil from the npm package {@code @foundry-rs/anvil} (its platform
 * sub-package ships the binary), installed with {@code npm ci} from {@code src/test/node/package-lock.json} on
 * first use, started on a free port and killed at the end. Also compiles the settlement contract and the test
 * token with solc-js ({@code src/test/node/compile.mjs}). A missing node or npm fails the test, never skips it.
 */
final class Anvil implements AutoCloseable
{
    private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");

    private final Process process;
    private final String url;
    private final EthRpc rpc;

    private Anvil(final Process process, final String url)
    {
        this.process = process;
        this.url = url;
        this.rpc = new EthRpc(url, 10_000);
    }

    /** Installs (if needed) and starts Anvil with one-second-free automining (a block per transaction). */
    static Anvil start() throws Exception
    {
        final Path nodeDir = nodeDir();
        npmCi(nodeDir);
        final String arch = System.getProperty("os.arch").contains("aarch64") ? "arm64" : "amd64";
        final String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "darwin" : "linux";
        final Path binary = nodeDir.resolve("node_modules/@foundry-rs/anvil-" + os + "-" + arch + "/bin/anvil");
        if (!Files.isExecutable(binary))
        {
            fail("Anvil's binary is missing at " + binary + " (npm ci should have installed @foundry-rs/anvil-" +
                os + "-" + arch + ")");
        }
        final Process process = new ProcessBuilder(List.of(binary.toString(), "--port", "0", "--chain-id", "31337"))
            .redirectErrorStream(true).start();
        final CompletableFuture<String> endpoint = new CompletableFuture<>();
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = lines.readLine()) != null)
                {
                    final Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find())
                    {
                        endpoint.complete("http://127.0.0.1:" + matcher.group(2));
                    }
                }
            }
            catch (final IOException ignored)
            {
                // killed
            }
            endpoint.complete(null);
        }, "anvil-output");
        reader.setDaemon(true);
        reader.start();
        final String url = endpoint.get(30, TimeUnit.SECONDS);
        if (null == url)
        {
            process.destroyForcibly();
            fail("Anvil exited without listening (exit " + process.waitFor() + ")");
        }
        System.out.println("anvil " + url);
        return new Anvil(process, url);
    }

    String url()
    {
        return url;
    }

    EthRpc rpc()
    {
        return rpc;
    }

    /** Gives an account 100 ether. */
    void fund(final EthKey key)
    {
        rpc.call("anvil_setBalance", "[\"" + Hex.toHex(key.address()) + "\",\"0x56bc75e2d63100000\"]");
    }

    /** Mines empty blocks. */
    void mine(final int blocks)
    {
        rpc.call("anvil_mine", "[\"0x" + Integer.toHexString(blocks) + "\"]");
    }

    /** Creation code of the settlement contract and of the test token. */
    record Bytecode(byte[] vault, byte[] token)
    {
    }

    static Bytecode compile() throws Exception
    {
        final Process process = new ProcessBuilder(List.of("node", "compile.mjs")).directory(nodeDir().toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0)
        {
            fail("compile.mjs failed: " + out);
        }
        final Matcher vault = Pattern.compile("\"vault\":\"(0x[0-9a-f]+)\"").matcher(out);
        final Matcher token = Pattern.compile("\"token\":\"(0x[0-9a-f]+)\"").matcher(out);
        if (!vault.find() || !token.find())
        {
            fail("compile.mjs printed no bytecode: " + out);
        }
        return new Bytecode(Hex.fromHex(vault.group(1)), Hex.fromHex(token.group(1)));
    }

    public void close()
    {
        process.destroy();
        try
        {
            if (!process.waitFor(5, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Path nodeDir()
    {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath()
            .resolve("src/test/node");
    }

    private static void npmCi(final Path nodeDir) throws Exception
    {
        final Path lock = nodeDir.resolve("package-lock.json");
        final Path installed = nodeDir.resolve("node_modules/.package-lock.json");
        final Path lockFile = nodeDir.resolve("../../../target/npm-ci.lock").normalize();
        Files.createDirectories(lockFile.getParent());
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock ignored = channel.lock())
        {
            if (Files.exists(installed) &&
                Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0)
            {
                return;
            }
            final Process process;
            try
            {
                process = new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund")).directory(nodeDir.toFile())
                    .redirectErrorStream(true).start();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("npm is not on the PATH; the chain bridge test needs Node.js 20+ " +
                    "and npm (CI has them)", ex);
            }
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0)
            {
                fail("npm ci failed in " + nodeDir + ":\n" + out);
            }
        }
    }
}
