package io.poolbook.gateway.node;

import io.poolbook.codecs.Side;
import io.poolbook.gateway.testkit.TestClient;
import io.poolbook.gateway.testkit.TestNode;
import io.poolbook.gateway.websocket.WebSocketGateway;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.poolbook.gateway.node.WebSocketGatewayTest.ALICE;
import static io.poolbook.gateway.node.WebSocketGatewayTest.ALICE_KEYS;
import static io.poolbook.gateway.testkit.Market.MARKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * WebSocket JSON next to the SBE client, in one run against one node: round trip (a resting NewOrder to its
 * OrderAccepted, one at a time) and throughput (NewOrders with a window of unanswered ones). The SBE side is a
 * {@code PoolbookClient} over IPC, polling and yielding; the WebSocket side is {@code gateway/src/test/node/bench.mjs}
 * (Node.js, {@code ws}) over loopback TCP through the gateway's bridge. Both wait for the same node, whose answers
 * leave only once the command is journaled under its fsync policy ({@code -Dpoolbook.journal.fsync}, {@code always} by
 * default). In the normal build small counts check that every order of both paths is answered, none refused;
 * {@code -Dpoolbook.bench.ws.roundTrips=N -Dpoolbook.bench.ws.orders=M} give the figures in docs/PERFORMANCE.md.
 * The two lines go to standard output and {@code gateway/target/websocket-benchmark.txt}; nothing is asserted about
 * the times, which depend on the machine.
 */
@Timeout(300)
final class WebSocketBenchmarkTest
{
    private static final int ROUND_TRIPS = Integer.getInteger("poolbook.bench.ws.roundTrips", 300);
    private static final int ORDERS = Integer.getInteger("poolbook.bench.ws.orders", 3000);
    private static final int WINDOW = 200;

    @TempDir
    Path root;

    @Test
    void webSocketRoundTripAndThroughputNextToSbe() throws Exception
    {
        final NodeConfig config = TestNode.config(root).rateLimit(1_000_000).rateBurst(100_000).outputRingSize(65536)
            .inputRingSize(16384).termLength(16 * 1024 * 1024);
        config.engineConfig().maxOpenOrdersPerAccount(2 * (ROUND_TRIPS + ORDERS)); // every order rests
        final String loadBefore = loadAverage();
        try (TestNode node = TestNode.launch(config);
            WebSocketGateway gateway = WebSocketGatewayTest.launchGateway(node))
        {
            WebSocketGatewayTest.setUp(node);
            final String sbe;
            try (TestClient alice = new TestClient("alice", node.aeron, node.ipcClient(), ALICE, ALICE_KEYS).logon(true))
            {
                alice.received.clear();
                final Histogram rtt = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                long clientOrderId = 1;
                for (int i = 0; i < ROUND_TRIPS; i++)
                {
                    final int before = alice.orderIds.size();
                    final long start = System.nanoTime();
                    while (!alice.client.limit(clientOrderId, MARKET, Side.BUY, 1, 1))
                    {
                        poll(alice, deadline); // back-pressured: not sent, try again
                    }
                    clientOrderId++;
                    while (alice.orderIds.size() == before)
                    {
                        poll(alice, deadline);
                    }
                    rtt.recordValue(System.nanoTime() - start);
                }
                final int base = alice.orderIds.size();
                int sent = 0;
                final long start = System.nanoTime();
                while (alice.orderIds.size() - base < ORDERS)
                {
                    while (sent < ORDERS && sent - (alice.orderIds.size() - base) < WINDOW &&
                        alice.client.limit(clientOrderId, MARKET, Side.BUY, 1, 1))
                    {
                        clientOrderId++;
                        sent++;
                    }
                    poll(alice, deadline);
                }
                final double seconds = (System.nanoTime() - start) / 1e9;
                assertTrue(alice.commandRejects.isEmpty() && alice.sessionRejects.isEmpty(), alice.received.toString());
                sbe = String.format("sbe        round trip p50 %d us, p99 %d us, max %d us (%d); throughput %d orders/s " +
                    "(%d orders, window %d)", rtt.getValueAtPercentile(50) / 1000, rtt.getValueAtPercentile(99) / 1000,
                    rtt.getMaxValue() / 1000, ROUND_TRIPS, Math.round(ORDERS / seconds), ORDERS, WINDOW);
                alice.client.massCancel(MARKET);
                TestClient.pollFor(200, alice);
            }

            WebSocketGatewayTest.installNodeModules();
            final WebSocketGatewayTest.Result ws = WebSocketGatewayTest.run(List.of("node", "bench.mjs",
                "ws://127.0.0.1:" + gateway.port() + "/ws", Integer.toString(MARKET), Integer.toString(ALICE),
                WebSocketGatewayTest.pkcs8Hex(ALICE_KEYS), Integer.toString(ROUND_TRIPS), Integer.toString(ORDERS),
                Integer.toString(WINDOW)), WebSocketGatewayTest.NODE_DIR, 240);
            assertEquals(0, ws.exitCode(), "the Node.js benchmark client failed:\n" + ws.output());
            final String websocket = ws.output().trim();
            assertTrue(websocket.startsWith("websocket  round trip p50 "), websocket);
            final String report = String.format("%d cores, journal fsync %s, load average before %s, after %s%n%s%n%s%n",
                Runtime.getRuntime().availableProcessors(), config.journal().fsyncPolicy(), loadBefore, loadAverage(), sbe, websocket);
            Files.writeString(Files.createDirectories(Path.of("target")).resolve("websocket-benchmark.txt"), report);
            System.out.print("websocket-benchmark: " + report.replace("\n", "\nwebsocket-benchmark: "));
        }
    }

    /** Polls once; fails on any reject or when the deadline has passed, so a stalled run says so. */
    private static void poll(final TestClient client, final long deadlineNs)
    {
        if (0 == client.poll())
        {
            Thread.yield(); // not a pure spin: on 2 cores the node's threads need the CPU this client would burn
        }
        if (!client.commandRejects.isEmpty() || !client.sessionRejects.isEmpty())
        {
            fail("rejected: commands " + client.commandRejects + ", session " + client.sessionRejects);
        }
        if (System.nanoTime() > deadlineNs)
        {
            fail("the SBE measurement did not finish in 120 s: " + client.orderIds.size() + " orders accepted");
        }
    }

    private static String loadAverage() throws java.io.IOException
    {
        final Path loadavg = Path.of("/proc/loadavg");
        return Files.isReadable(loadavg) ?
            String.join(" ", List.of(Files.readString(loadavg).trim().split(" ")).subList(0, 3)) : "unknown";
    }
}
