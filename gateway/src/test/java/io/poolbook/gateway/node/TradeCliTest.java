package io.poolbook.gateway.node;

import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.client.auth.KeyFiles;
import io.poolbook.engine.EngineConfig;
import io.poolbook.gateway.cli.ExitCode;
import io.poolbook.gateway.genesis.Genesis;
import io.poolbook.gateway.metrics.NodeHttpServer;
import io.poolbook.gateway.testkit.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A node set up by the shipped genesis file, traded through {@code poolbook trade} (place, amend, cancel,
 * add-liquidity, swap, book) in human units, with the bad inputs, and its metrics and health scraped over HTTP.
 */
@Timeout(120)
final class TradeCliTest
{
    @TempDir
    Path root;

    static void keys(final Path dir, final String... names) throws Exception
    {
        for (final String name : names)
        {
            KeyFiles.write(Ed25519Keys.generate(), dir.resolve(name + ".key"));
        }
    }

    /** The shipped example genesis, copied next to fresh key files for alice and bob. */
    static Path exampleGenesis(final Path dir) throws Exception
    {
        keys(dir, "alice", "bob");
        Path example = Path.of("examples", "genesis.yaml");
        if (!Files.exists(example))
        {
            example = Path.of("..", "examples", "genesis.yaml"); // the module folder, as Maven runs tests
        }
        return Files.copy(example, dir.resolve("genesis.yaml"));
    }

    static String get(final String url, final int expectedStatus) throws Exception
    {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), url + ": " + response.body());
        return response.body();
    }

    static double metric(final String metrics, final String name)
    {
        final Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(metrics);
        assertTrue(matcher.find(), name + " in\n" + metrics);
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void tradeInHumanUnitsOnAGenesisMarketAndScrapeTheMetrics() throws Exception
    {
        final Path genesis = exampleGenesis(root);
        final NodeConfig config = TestNode.config(root);
        Genesis.read(genesis, 0, new EngineConfig()).apply(config.dataDir(), System.out::println);

        try (TestNode node = TestNode.launch(config);
            NodeHttpServer http = NodeHttpServer.start(node.node, "127.0.0.1", 0))
        {
            final String httpAddress = "127.0.0.1:" + http.port();
            final List<String> common = List.of("--aeron-dir", node.config.aeronDir(), "--http", httpAddress,
                "--timeout-ms", "3000");
            final List<String> alice = trader(common, root.resolve("alice.key"), 1);
            final List<String> bob = trader(common, root.resolve("bob.key"), 2);

            Cli cli = Cli.run(adminOf(common), "status");
            assertTrue(cli.out.contains("market 1 WETH/USDC: open, tick 0.01 USDC, lot 0.01 WETH"), cli.toString());
            assertTrue(cli.out.contains("sequence 10 (durable 10)"), "the 10 genesis commands: " + cli);

            cli = Cli.run(alice, "place", "--market", "WETH/USDC", "--side", "sell", "--price", "3000.25",
                "--quantity", "1.5");
            assertEquals(ExitCode.OK, cli.exitCode, cli.toString());
            final long sellOrderId = orderId(cli.out);

            cli = Cli.run(bob, "place", "--market", "1", "--side", "buy", "--price", "3000.25", "--quantity", "1");
            assertEquals(ExitCode.OK, cli.exitCode, cli.toString());
            assertTrue(cli.out.contains("fill: BUY 1 WETH at 3000.25 USDC (TAKER), fee 1.500125 USDC"), cli.toString());

            cli = Cli.run(bob, "book", "WETH/USDC");
            assertEquals(ExitCode.OK, cli.exitCode, cli.toString());
            assertTrue(cli.out.matches("(?s).*ask\\s+3000\\.25\\s+0\\.5\\s+1.*"), cli.toString());

            cli = Cli.run(alice, "amend", "--market", "1", "--order-id", Long.toString(sellOrderId), "--quantity",
                "0.2");
            assertEquals(ExitCode.OK, cli.exitCode, cli.toString());
            assertTrue(cli.out.contains("OrderAmended"), cli.toString());
            assertEquals(ExitCode.OK, Cli.run(alice, "cancel", "--market", "1", "--order-id",
                Long.toString(sellOrderId)).exitCode);
            cli = Cli.run(alice, "cancel", "--market", "1", "--order-id", Long.toString(sellOrderId));
            assertEquals(ExitCode.FAILURE, cli.exitCode, cli.toString());
            assertTrue(cli.out.contains("rejected: UNKNOWN_ORDER (33)"), cli.toString());

            cli = Cli.run(alice, "add-liquidity", "--market", "1", "--base", "2", "--quote", "6000");
            assertEquals(ExitCode.OK, cli.exitCode, cli.toString());
            assertTrue(cli.out.contains("LiquidityAdded"), cli.toString());
            cli = Cli.run(bob, "swap", "--market", "1", "--side", "buy", "--amount-in", "100", "--min-out", "0.03");
            assertEquals(ExitCode.OK, cli.exitCode, cli.toString());
            assertTrue(cli.out.contains("SwapDone"), cli.toString());
            cli = Cli.run(bob, "swap", "--market", "1", "--side", "buy", "--amount-in", "100", "--min-out", "1");
            assertEquals(ExitCode.FAILURE, cli.exitCode, cli.toString());
            assertTrue(cli.out.contains("rejected: SLIPPAGE (85)"), cli.toString());

            // bad inputs: each a clear message and its exit code
            cli = Cli.run(alice, "place", "--market", "DOGE/USDC", "--side", "buy", "--price", "1", "--quantity", "1");
            assertEquals(ExitCode.USAGE, cli.exitCode, cli.toString());
            assertTrue(cli.err.contains("unknown market 'DOGE/USDC'; the node has 1 (WETH/USDC)"), cli.toString());
            cli = Cli.run(alice, "place", "--market", "1", "--side", "buy", "--price", "3000.0000001", "--quantity",
                "1");
            assertEquals(ExitCode.USAGE, cli.exitCode, cli.toString());
            assertTrue(cli.err.contains("is not a whole number of USDC engine units per lot"), cli.toString());
            cli = Cli.run(alice, "place", "--market", "1", "--side", "buy", "--price", "3000.001", "--quantity", "1");
            assertEquals(ExitCode.FAILURE, cli.exitCode, cli.toString());
            assertTrue(cli.out.contains("rejected: PRICE_OFF_TICK (52)"), cli.toString());
            cli = Cli.run(alice, "place", "--market", "1", "--side", "buy", "--price", "3000", "--quantity", "lots");
            assertEquals(ExitCode.USAGE, cli.exitCode, cli.toString());
            assertTrue(cli.err.contains("'lots' is not a number"), cli.toString());
            cli = Cli.run(alice, "place", "--market", "1", "--side", "up", "--price", "3000", "--quantity", "1");
            assertEquals(ExitCode.USAGE, cli.exitCode, cli.toString());
            cli = Cli.run(alice, "place", "--market", "1", "--side", "buy", "--price", "3000", "--quantity", "100");
            assertEquals(ExitCode.FAILURE, cli.exitCode, cli.toString());
            assertTrue(cli.out.contains("rejected: INSUFFICIENT_FUNDS (80)"), cli.toString());
            final List<String> noAccount = new ArrayList<>(List.of("trade"));
            noAccount.addAll(common);
            noAccount.addAll(List.of("--key", root.resolve("alice.key").toString()));
            cli = Cli.run(noAccount, "cancel", "--market", "1", "--order-id", "1");
            assertEquals(ExitCode.USAGE, cli.exitCode, cli.toString());
            assertTrue(cli.err.contains("--account ID is required"), cli.toString());
            cli = Cli.run(trader(common, root.resolve("alice.key"), 2), "cancel", "--market", "1", "--order-id", "1");
            assertEquals(ExitCode.FAILURE, cli.exitCode, cli.toString());
            assertTrue(cli.err.contains("refused the logon of account 2: BAD_SIGNATURE (7)"), cli.toString());

            // metrics and health, scraped over HTTP
            final String metrics = get("http://" + httpAddress + "/metrics", 200);
            assertEquals(2.0, metric(metrics, "poolbook_trades_total"), "one book trade, one pool swap");
            assertTrue(metric(metrics, "poolbook_commands_sequenced_total") >= 8, metrics);
            assertTrue(metrics.contains("poolbook_rejects_total{reason=\"UNKNOWN_ORDER\",stage=\"engine\"} 1.0"),
                metrics);
            assertTrue(metrics.contains("poolbook_rejects_total{reason=\"BAD_SIGNATURE\",stage=\"gateway\"} 1.0"),
                metrics);
            assertTrue(metric(metrics, "poolbook_durable_sequence") >= 20, "10 genesis commands and the trading");
            assertTrue(metric(metrics, "poolbook_journal_commit_seconds_count") > 0, metrics);
            assertTrue(metrics.contains("poolbook_journal_commit_seconds_bucket{le=\"0.001\"}"), metrics);
            assertTrue(metrics.contains("poolbook_aeron_counter{"), metrics);
            assertTrue(metrics.contains("poolbook_sessions "), metrics);
            assertTrue(metrics.contains("poolbook_egress_back_pressure_events "), metrics);
            assertTrue(metrics.contains("poolbook_commands_per_second "), metrics);
            final String health = get("http://" + httpAddress + "/health", 200);
            assertTrue(health.contains("\"status\":\"UP\"") && health.contains("\"durableLag\":0"), health);
            get("http://" + httpAddress + "/nothing", 404);
        }
    }

    static List<String> trader(final List<String> common, final Path key, final int account)
    {
        final List<String> args = new ArrayList<>(List.of("trade"));
        args.addAll(common);
        args.addAll(List.of("--key", key.toString(), "--account", Integer.toString(account)));
        return args;
    }

    static List<String> adminOf(final List<String> common)
    {
        final List<String> args = new ArrayList<>(List.of("admin"));
        args.addAll(common);
        return args;
    }

    static long orderId(final String out)
    {
        final Matcher matcher = Pattern.compile("\"type\":\"OrderAccepted\".*?\"orderId\":(\\d+)").matcher(out);
        assertTrue(matcher.find(), out);
        return Long.parseLong(matcher.group(1));
    }
}
