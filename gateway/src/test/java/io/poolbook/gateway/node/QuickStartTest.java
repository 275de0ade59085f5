package io.poolbook.gateway.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolbook.gateway.cli.ExitCode;
import io.poolbook.gateway.testkit.PoolbookProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's quick start, end to end: keygen, a node (its own JVM, as {@code ./poolbook node} runs it) started
 * with the example genesis, metrics and JSON logs, {@code admin status}, a trade from two CLI sessions that crosses
 * (one over UDP, one over IPC) while {@code trade watch} (its own JVM) shows it, {@code admin cut-batch} writing a
 * batch file, {@code /metrics} showing the counts, a clean SIGTERM stop, and {@code replay verify} passing.
 */
@Timeout(180)
final class QuickStartTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private static String group(final String text, final String regex)
    {
        final Matcher matcher = Pattern.compile(regex).matcher(text);
        assertTrue(matcher.find(), regex + " in\n" + text);
        return matcher.group(1);
    }

    @Test
    void keygenGenesisNodeAdminTradeWatchCutBatchMetricsAndReplay() throws Exception
    {
        for (final String name : new String[]{ "operator", "alice", "bob" })
        {
            final Cli keygen = Cli.run(List.of("keygen"), "--out", root.resolve(name + ".key").toString());
            assertEquals(ExitCode.OK, keygen.exitCode, keygen.toString());
        }
        Path example = Path.of("examples", "genesis.yaml");
        example = Files.exists(example) ? example : Path.of("..", "examples", "genesis.yaml");
        final Path genesis = Files.copy(example, root.resolve("genesis.yaml"));
        final Path data = root.resolve("data");
        final String aeronDir = root.resolve("aeron").toString();

        final Path nodeLog = root.resolve("node.log");
        final PoolbookProcess node = PoolbookProcess.start(nodeLog, "node", "--data-dir", data.toString(), "--aeron-dir", aeronDir,
            "--operator-key-file", root.resolve("operator.key.pub").toString(), "--genesis", genesis.toString(),
            "--metrics-port", "0", "--metrics-bind", "127.0.0.1", "--log-format", "json",
            "--ingress-channel", "aeron:udp?endpoint=127.0.0.1:0", "--market-data-channel=",
            "--term-length", "64k", "--input-ring-size", "1024", "--output-ring-size", "4096",
            "--market-data-snapshot-interval-ms", "200", "--idle", "backoff");
        PoolbookProcess watch = null;
        try
        {
            final String started = node.awaitLog("node start", (text) -> text.contains(PoolbookProcess.RUNNING), 60_000);
            for (final String line : started.lines().filter((line) -> line.startsWith("{")).toList())
            {
                assertTrue(JSON.readTree(line).has("message"), "a JSON log line: " + line);
            }
            assertTrue(started.contains("journaled 10 operator commands"), started);
            final String http = "127.0.0.1:" + group(started, "metrics http://127\\.0\\.0\\.1:(\\d+)/metrics");
            final String udp = "127.0.0.1:" + group(started, "\\(bound [0-9.]+:(\\d+)\\)");
            final List<String> ipc = List.of("--aeron-dir", aeronDir, "--http", http);

            final List<String> admin = new ArrayList<>(List.of("admin", "--node", udp, "--http", http, "--key",
                root.resolve("operator.key").toString()));
            Cli cli = Cli.run(admin, "status");
            assertEquals(ExitCode.OK, cli.exitCode, cli.toString());
            assertTrue(cli.out.contains("market 1 WETH/USDC: open"), cli.toString());

            final Path watchLog = root.resolve("watch.log");
            watch = PoolbookProcess.start(watchLog, "trade", "--aeron-dir", aeronDir, "--http", http, "watch", "WETH/USDC",
                "--trades", "1", "--seconds", "60");
            watch.awaitLog("watch sees the book", (text) -> text.contains("---- spread ----"), 60_000);

            cli = Cli.run(List.of("trade", "--node", udp, "--http", http, "--key", root.resolve("alice.key").toString(),
                "--account", "1"), "place", "--market", "WETH/USDC", "--side", "sell", "--price", "3000.25",
                "--quantity", "1");
            assertEquals(ExitCode.OK, cli.exitCode, cli.toString());
            final List<String> bob = new ArrayList<>(List.of("trade"));
            bob.addAll(ipc);
            bob.addAll(List.of("--key", root.resolve("bob.key").toString(), "--account", "2"));
            cli = Cli.run(bob, "place", "--market", "WETH/USDC", "--side", "buy", "--price", "3000.25",
                "--quantity", "1");
            assertEquals(ExitCode.OK, cli.exitCode, cli.toString());
            assertTrue(cli.out.contains("fill: BUY 1 WETH at 3000.25 USDC (TAKER)"), cli.toString());

            assertTrue(watch.process.waitFor(30, TimeUnit.SECONDS), "watch stops after the trade");
            final String watched = Files.readString(watchLog);
            assertEquals(ExitCode.OK, watch.process.exitValue(), watched);
            assertTrue(watched.contains("buyer took 1 WETH at 3000.25 USDC from the book"), watched);

            cli = Cli.run(admin, "cut-batch");
            assertEquals(ExitCode.OK, cli.exitCode, cli.toString());
            final Path batch = data.resolve("settlement").resolve("batch-0000000000.json");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(batch) && System.nanoTime() < deadline)
            {
                Thread.sleep(20);
            }
            assertTrue(Files.exists(batch), "the batch file " + batch);
            assertTrue(Files.readString(batch).contains("\"tradeCount\""), Files.readString(batch));

            final String metrics = TradeCliTest.get("http://" + http + "/metrics", 200);
            assertEquals(1.0, TradeCliTest.metric(metrics, "poolbook_trades_total"), metrics);
            assertTrue(TradeCliTest.metric(metrics, "poolbook_logons_total") >= 3, "alice, bob, the cut: " + metrics);
            assertEquals(TradeCliTest.metric(metrics, "poolbook_journal_sequence"),
                TradeCliTest.metric(metrics, "poolbook_durable_sequence"), metrics);
            assertTrue(TradeCliTest.get("http://" + http + "/health", 200).contains("\"status\":\"UP\""));
        }
        finally
        {
            if (null != watch)
            {
                watch.kill();
            }
            node.process.destroy(); // SIGTERM: a clean stop
            if (!node.process.waitFor(20, TimeUnit.SECONDS))
            {
                node.kill();
            }
        }
        assertEquals(ExitCode.OK, node.process.exitValue(), Files.readString(nodeLog));

        final Cli verify = Cli.run(List.of("replay", "verify"), data.toString());
        assertEquals(ExitCode.OK, verify.exitCode, verify.toString());
    }
}
