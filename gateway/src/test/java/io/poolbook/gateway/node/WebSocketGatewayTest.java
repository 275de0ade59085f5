package io.poolbook.gateway.node;

import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.client.marketdata.BookBuilder;
import io.poolbook.client.marketdata.MarketDataClient;
import io.poolbook.codecs.NewOrderDecoder;
import io.poolbook.codecs.Side;
import io.poolbook.gateway.telemetry.NodeLog;
import io.poolbook.gateway.testkit.Market;
import io.poolbook.gateway.testkit.TestClient;
import io.poolbook.gateway.testkit.TestNode;
import io.poolbook.gateway.websocket.WebSocketGateway;
import io.poolbook.replay.journal.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.poolbook.gateway.testkit.Market.MARKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The WebSocket JSON gateway from outside Java: a Node.js trader (the {@code ws} package, installed from the
 * committed lock file with {@code npm ci}) logs on with its own Ed25519 signature, is refused bad input, trades and
 * follows the book; and the live page, loaded in headless Chromium, shows the book and the trade. The Java side
 * checks the outcome through the node's own SBE feed, so the test does not take the gateway's word for it.
 */
@Timeout(180)
final class WebSocketGatewayTest
{
    static final int ALICE = 1;
    static final int BOB = 2;
    static final KeyPair ALICE_KEYS = Ed25519Keys.generate();
    static final KeyPair BOB_KEYS = Ed25519Keys.generate();
    static final Path NODE_DIR = Path.of("src/test/node");
    private static final Path CHROMIUM = Path.of(System.getProperty("poolbook.test.chromium", "/usr/bin/chromium"));

    @TempDir
    Path root;

    @Test
    void aNodeJsTraderLogsOnTradesAndFollowsTheBook() throws Exception
    {
        try (TestNode node = TestNode.launch(root);
            WebSocketGateway gateway = launchGateway(node))
        {
            setUp(node);
            installNodeModules();
            final Result trader = run(List.of("node", "trader.mjs", "ws://127.0.0.1:" + gateway.port() + "/ws",
                Integer.toString(MARKET), Integer.toString(ALICE), pkcs8Hex(ALICE_KEYS), Integer.toString(BOB),
                pkcs8Hex(BOB_KEYS)), NODE_DIR, 60);
            System.out.println(trader.output);
            assertEquals(0, trader.exitCode, "the Node.js trader failed:\n" + trader.output);
            assertTrue(trader.output.contains("checks ok=20 failed=0"), trader.output);

            final BookBuilder books = new BookBuilder();
            try (MarketDataClient feed = MarketDataClient.ipc(node.aeron, node.config.marketDataStreamId(), books))
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!(books.isLive(MARKET) && books.book(MARKET, true).quantityAt(Side.SELL, 100) == 3))
                {
                    if (System.nanoTime() > deadline)
                    {
                        fail("the SBE feed does not show 3 left at 100: " + books.book(MARKET, true));
                    }
                    feed.poll();
                    Thread.sleep(1);
                }
            }
        }
        final long[] newOrders = new long[1];
        new JournalReader(root.resolve("data").resolve(Node.JOURNAL_DIR)).read(
            (sequence, timestamp, sessionId, buffer, offset, length) ->
            {
                if ((buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF) == NewOrderDecoder.TEMPLATE_ID)
                {
                    newOrders[0]++;
                }
            });
        assertEquals(2, newOrders[0], "the two JSON orders went through the node's ingress into its journal");
    }

    @Test
    void theLivePageShowsTheBookAfterATrade() throws Exception
    {
        if (!Files.isExecutable(CHROMIUM))
        {
            fail("headless Chromium is not installed at " + CHROMIUM + ": apt-get install -y chromium (.ci/run " +
                "does), or give its path with -Dpoolbook.test.chromium=PATH");
        }
        try (TestNode node = TestNode.launch(root);
            WebSocketGateway gateway = launchGateway(node))
        {
            setUp(node);
            try (TestClient alice = new TestClient("alice", node.aeron, node.ipcClient(), ALICE, ALICE_KEYS).logon(false);
                TestClient bob = new TestClient("bob", node.aeron, node.ipcClient(), BOB, BOB_KEYS).logon(false))
            {
                alice.client.limit(1, MARKET, Side.SELL, 104, 5);
                alice.client.limit(2, MARKET, Side.SELL, 106, 8);
                TestClient.await("the asks rest", () -> alice.orderIds.size() >= 2, alice, bob); // so bob is the taker
                bob.client.limit(3, MARKET, Side.BUY, 97, 4);
                bob.client.limit(4, MARKET, Side.BUY, 104, 2); // trades 2 at 104
                TestClient.await("orders answered", () -> alice.fills >= 1 && bob.fills >= 1 && bob.orderIds.size() >= 2,
                    alice, bob);
                alice.client.addLiquidity(5, MARKET, 1_000_000, 100_000_000, 0);
                TestClient.await("liquidity added", () -> alice.received.stream().anyMatch((l) -> l.contains("LiquidityAdded")),
                    alice, bob);
            }

            final String url = "http://127.0.0.1:" + gateway.port() + "/?market=" + MARKET;
            final Path screenshot = Files.createDirectories(Path.of("target")).resolve("websocket-page.png");
            Files.deleteIfExists(screenshot);
            final String html;
            try (HeadlessChromium chromium = new HeadlessChromium(CHROMIUM,
                Files.createDirectories(root.resolve("chromium-profile")), url))
            {
                chromium.awaitTrue("the live book, a trade and the gateway's figures",
                    "document.getElementById('status').textContent === 'live' && " +
                    "document.querySelectorAll('#trades tbody tr').length > 0 && " +
                    "document.getElementById('reserves').textContent !== '-' && " +
                    "document.getElementById('connections').textContent !== '-'", 30);
                html = chromium.dom();
                chromium.screenshot(screenshot);
            }
            assertTrue(html.contains("<td class=\"ask\">104</td><td class=\"ask\">3</td>"),
                "the rendered book does not show 3 left at 104:\n" + html);
            assertTrue(html.contains("<td class=\"ask\">106</td><td class=\"ask\">8</td>"), html);
            assertTrue(html.contains("<td class=\"bid\">4</td><td class=\"bid\">97</td>"), html);
            assertTrue(html.contains("<td>BUY</td><td>104</td><td>2</td><td>BOOK</td>"),
                "the rendered trades do not show the trade:\n" + html);
            assertTrue(html.contains("id=\"mid\">100.50<"), "the book mid (97+104)/2 is not shown:\n" + html);
            assertTrue(html.contains("id=\"reserves\">1000000 base / 100000000 quote<"), html);
            assertTrue(java.util.regex.Pattern.compile("id=\"feedMessagesPerSecond\">[0-9]+<").matcher(html).find() &&
                java.util.regex.Pattern.compile("id=\"connections\">[0-9]+<").matcher(html).find(),
                "the gateway's figures are not shown:\n" + html);

            assertTrue(Files.size(screenshot) > 10_000, "no screenshot at " + screenshot);
        }
    }

    static WebSocketGateway launchGateway(final TestNode node)
    {
        return WebSocketGateway.launch(node.config.aeronDir(), node.config.ingressStreamId(),
            node.config.marketDataStreamId(), "127.0.0.1", 0, NodeLog.stdout());
    }

    static void setUp(final TestNode node)
    {
        try (TestClient operator = new TestClient("operator", node.aeron, node.ipcClient(), 0, TestNode.OPERATOR_KEYS)
            .logon(false))
        {
            Market.setUp(operator, new int[]{ ALICE, BOB }, new KeyPair[]{ ALICE_KEYS, BOB_KEYS });
        }
    }

    static String pkcs8Hex(final KeyPair keys)
    {
        final StringBuilder hex = new StringBuilder();
        for (final byte b : keys.getPrivate().getEncoded())
        {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    /** {@code npm ci} from the committed lock file when node_modules is missing; one build at a time. */
    static void installNodeModules() throws Exception
    {
        if (Files.isDirectory(NODE_DIR.resolve("node_modules/ws")))
        {
            return;
        }
        final Path lockFile = Files.createDirectories(Path.of("target")).resolve("npm-ci-ws.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock ignored = channel.lock())
        {
            if (!Files.isDirectory(NODE_DIR.resolve("node_modules/ws")))
            {
                final Result ci = run(List.of("npm", "ci", "--no-audit", "--no-fund"), NODE_DIR, 300);
                assertEquals(0, ci.exitCode, "npm ci failed in " + NODE_DIR + ":\n" + ci.output);
            }
        }
    }

    record Result(int exitCode, String output)
    {
    }

    static Result run(final List<String> command, final Path directory, final long timeoutSeconds)
        throws IOException, InterruptedException
    {
        final Path output = Files.createTempFile("ws-test", ".out");
        try
        {
            final Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
                fail(command.get(0) + " did not finish in " + timeoutSeconds + " s:\n" + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            fail("cannot run " + command.get(0) + " (is it installed? .ci/run installs node, npm and chromium): " + ex);
            throw ex;
        }
        finally
        {
            Files.deleteIfExists(output);
        }
    }
}
