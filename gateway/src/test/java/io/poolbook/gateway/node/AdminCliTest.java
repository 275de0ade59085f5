package io.poolbook.gateway.node;

import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.client.auth.KeyFiles;
import io.poolbook.gateway.cli.ExitCode;
import io.poolbook.gateway.cli.connect.NodeReference;
import io.poolbook.gateway.metrics.NodeHttpServer;
import io.poolbook.gateway.status.NodeStatus.MarketInfo;
import io.poolbook.gateway.testkit.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code poolbook admin} against a running node: every admin command in human units, the node's answer and exit
 * code, and the bad inputs (a bad number, an unknown market or asset, a wrong key, a node that is not there).
 */
@Timeout(120)
final class AdminCliTest
{
    @TempDir
    Path root;

    @Test
    void everyAdminCommandInHumanUnitsAndEveryBadInput() throws Exception
    {
        try (TestNode node = TestNode.launch(TestNode.config(root).ingressChannel("aeron:udp?endpoint=127.0.0.1:0"));
            NodeHttpServer http = NodeHttpServer.start(node.node, "127.0.0.1", 0))
        {
            final Path operatorKey = root.resolve("operator.key");
            KeyFiles.write(TestNode.OPERATOR_KEYS, operatorKey);
            final Path aliceKey = root.resolve("alice.key");
            KeyFiles.write(Ed25519Keys.generate(), aliceKey);
            final String httpAddress = "127.0.0.1:" + http.port();
            final List<String> ipc = List.of("admin", "--aeron-dir", node.config.aeronDir(), "--http", httpAddress,
                "--key", operatorKey.toString(), "--timeout-ms", "3000");

            Cli cli = Cli.run(ipc, "add-asset", "--id", "1", "--symbol", "WETH", "--scale", "8", "--chain-decimals",
                "18", "--token", "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2");
            assertEquals(ExitCode.OK, cli.exitCode, cli.toString());
            assertTrue(cli.out.contains("\"CommandAccepted\"") || cli.out.contains("CommandAccepted"), cli.toString());
            assertTrue(cli.out.contains("add-asset WETH accepted at sequence"), cli.toString());
            assertEquals(ExitCode.OK, Cli.run(ipc, "add-asset", "--id", "2", "--symbol", "USDC", "--scale", "6",
                "--chain-decimals", "6").exitCode);

            cli = Cli.run(ipc, "add-asset", "--id", "2", "--symbol", "USDT", "--scale", "6", "--chain-decimals", "6");
            assertEquals(ExitCode.FAILURE, cli.exitCode, "a duplicate id is rejected by the engine: " + cli);
            assertTrue(cli.out.contains("rejected: DUPLICATE_ID (37)"), cli.toString());

            cli = Cli.run(ipc, "add-market", "--id", "1", "--base", "WETH", "--quote", "usdc", "--tick", "0.01",
                "--lot", "0.01", "--max", "1000", "--maker-fee-bps", "1", "--taker-fee-bps", "5");
            assertEquals(ExitCode.OK, cli.exitCode, cli.toString());
            final MarketInfo market = NodeReference.fetch(httpAddress, 2000).market("WETH/USDC");
            assertEquals(1_000_000, market.lotSize(), "0.01 WETH at 8 decimals");
            assertEquals(100, market.tickSize(), "0.01 USDC per WETH = 0.0001 USDC per lot of 0.01 = 100 units");
            assertEquals(1_000_000, market.minQuantity(), "one lot by default");
            assertEquals(100_000_000_000L, market.maxQuantity());

            cli = Cli.run(ipc, "add-market", "--id", "2", "--base", "WETH", "--quote", "USDC", "--tick", "0.000001",
                "--lot", "0.01", "--max", "1000");
            assertEquals(ExitCode.USAGE, cli.exitCode, "a tick finer than one quote unit per lot: " + cli);
            assertTrue(cli.err.contains("not a whole number of USDC engine units per lot"), cli.toString());

            assertEquals(ExitCode.OK, Cli.run(ipc, "create-pool", "--market", "WETH/USDC", "--fee-bps", "30").exitCode);
            cli = Cli.run(ipc, "register-account", "--id", "7", "--public-key", KeyFiles.publicFileOf(aliceKey)
                .toString(), "--chain-address", "0x00000000000000000000000000000000000000a7");
            assertEquals(ExitCode.OK, cli.exitCode, cli.toString());
            assertTrue(cli.out.contains("AccountRegistered"), cli.toString());

            // over UDP, through the CLI's own media driver, as from another host
            final String udp = "127.0.0.1:" + node.node.ingressEndpoint().replaceAll(".*:", "");
            cli = Cli.run(List.of("admin", "--node", udp, "--http", httpAddress, "--key", operatorKey.toString()),
                "deposit", "--account", "7", "--amount", "1.5", "WETH");
            assertEquals(ExitCode.OK, cli.exitCode, cli.toString());
            assertTrue(cli.out.contains("deposit 1.5 WETH to 7 accepted"), cli.toString());

            assertEquals(ExitCode.OK, Cli.run(ipc, "halt", "--market", "1").exitCode);
            assertEquals(ExitCode.OK, Cli.run(ipc, "resume", "--market", "WETH/USDC").exitCode);
            cli = Cli.run(ipc, "cut-batch");
            assertEquals(ExitCode.OK, cli.exitCode, cli.toString());
            assertTrue(cli.out.contains("SettlementBatchCut"), cli.toString());

            cli = Cli.run(ipc, "status");
            assertEquals(ExitCode.OK, cli.exitCode, cli.toString());
            assertTrue(cli.out.contains("market 1 WETH/USDC: open, tick 0.01 USDC, lot 0.01 WETH"), cli.toString());
            assertTrue(cli.out.contains("pool fee 30 bps"), cli.toString());
            assertTrue(cli.out.contains("last batch 0"), cli.toString());
            assertTrue(Cli.run(ipc, "status", "--json").out.contains("\"markets\""));

            // bad inputs
            cli = Cli.run(ipc, "deposit", "--account", "7", "--amount", "1.000000001", "WETH");
            assertEquals(ExitCode.USAGE, cli.exitCode, cli.toString());
            assertTrue(cli.err.contains("finer than one engine unit (WETH has 8 decimals)"), cli.toString());
            cli = Cli.run(ipc, "deposit", "--account", "7", "--amount", "1,5e3", "WETH");
            assertEquals(ExitCode.USAGE, cli.exitCode, cli.toString());
            assertTrue(cli.err.contains("is not a number"), cli.toString());
            cli = Cli.run(ipc, "deposit", "--account", "7", "--amount", "1", "DOGE");
            assertEquals(ExitCode.USAGE, cli.exitCode, cli.toString());
            assertTrue(cli.err.contains("unknown asset 'DOGE'; the node has WETH (1), USDC (2)"), cli.toString());
            cli = Cli.run(ipc, "halt", "--market", "ETH/BTC");
            assertEquals(ExitCode.USAGE, cli.exitCode, cli.toString());
            assertTrue(cli.err.contains("unknown market 'ETH/BTC'; the node has 1 (WETH/USDC)"), cli.toString());
            cli = Cli.run(ipc, "deposit", "--account", "99", "--amount", "1", "WETH");
            assertEquals(ExitCode.FAILURE, cli.exitCode, cli.toString());
            assertTrue(cli.out.contains("rejected: UNKNOWN_ACCOUNT (30)"), cli.toString());
            assertEquals(ExitCode.USAGE, Cli.run(ipc, "halt", "--market").exitCode, "missing value");
            assertEquals(ExitCode.USAGE, Cli.run(ipc, "add-asset", "--id", "x", "--symbol", "A", "--scale", "1",
                "--chain-decimals", "1").exitCode, "a bad integer");

            final List<String> wrongKey = List.of("admin", "--aeron-dir", node.config.aeronDir(), "--http",
                httpAddress, "--key", aliceKey.toString(), "--timeout-ms", "3000");
            cli = Cli.run(wrongKey, "cut-batch");
            assertEquals(ExitCode.FAILURE, cli.exitCode, cli.toString());
            assertTrue(cli.err.contains("refused the logon of account 0: BAD_SIGNATURE (7)"), cli.toString());

            cli = Cli.run(List.of("admin", "--aeron-dir", node.config.aeronDir(), "--http", httpAddress, "--key",
                root.resolve("missing.key").toString()), "cut-batch");
            assertEquals(ExitCode.USAGE, cli.exitCode, cli.toString());
            assertTrue(cli.err.contains("key file") && cli.err.contains("does not exist"), cli.toString());

            final int closedPort;
            try (ServerSocket socket = new ServerSocket(0))
            {
                closedPort = socket.getLocalPort();
            }
            cli = Cli.run(List.of("admin", "--http", "127.0.0.1:" + closedPort, "--key", operatorKey.toString(),
                "--timeout-ms", "1000"), "status");
            assertEquals(ExitCode.FAILURE, cli.exitCode, cli.toString());
            assertTrue(cli.err.contains("is the node running with --metrics-port"), cli.toString());
            cli = Cli.run(List.of("admin", "--node", "127.0.0.1:" + closedPort, "--http", httpAddress, "--key",
                operatorKey.toString(), "--timeout-ms", "1000"), "cut-batch");
            assertEquals(ExitCode.FAILURE, cli.exitCode, cli.toString());
            assertTrue(cli.err.contains("the node is not reachable at 127.0.0.1:" + closedPort), cli.toString());
        }
    }
}
